"""The person's rights, mounted at /<lang>/mon-compte/mes-donnees/droits/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "privacy_rights"

urlpatterns = [
    path("", views.index, name="index"),
    path("opposition/<str:switch>/", views.objection, name="objection"),
    path("limitation/", views.restrict, name="restrict"),
    path("directives/", views.directives, name="directives"),
    path("consultations/", views.access_log, name="access_log"),
]
