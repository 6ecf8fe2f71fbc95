"""Under the language prefix; the unsubscribe endpoint is not (config/urls.py, views.unsubscribe)."""

from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("mon-compte/lettre-d-information/", views.preferences, name="preferences"),
    path("lettre-d-information/confirmer/<str:token>/", views.confirm, name="confirm"),
]
