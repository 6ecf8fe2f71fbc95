"""The person's proofs of consent, inside the language prefix:

path("mon-compte/mes-donnees/preuves/", include("consent.urls_proofs")),
"""

from django.urls import path

from . import views_proofs

app_name = "proofs"

urlpatterns = [
    path("", views_proofs.proof_list, name="list"),
    path("acceptations/<int:pk>/", views_proofs.acceptance_print, name="acceptance_print"),
    path("acceptations/<int:pk>/preuve.json", views_proofs.acceptance_json, name="acceptance_json"),
    path("cookies/<int:pk>/", views_proofs.receipt_print, name="receipt_print"),
    path("cookies/<int:pk>/preuve.json", views_proofs.receipt_json, name="receipt_json"),
]
