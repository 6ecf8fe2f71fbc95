"""The person's privacy centre, under /<lang>/mon-compte/mes-donnees/ (exempt from the legal gate:
settings.LEGAL_GATE_EXEMPT_PREFIXES). Other parts of the centre have their own url modules."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("acces/", views.access, name="access"),
    path("portabilite/", views.portability, name="portability"),
    path("portabilite/<uuid:reference>/", views.export_status, name="export_status"),
    path("portabilite/<uuid:reference>/statut.json", views.export_status_json, name="export_status_json"),
    path("portabilite/<uuid:reference>/telecharger/", views.export_download, name="export_download"),
]
