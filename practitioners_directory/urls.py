from django.urls import path

from . import views

app_name = "practitioners_directory"

urlpatterns = [
    path("candidature/", views.apply, name="apply"),
    path("candidature/merci/", views.application_thanks, name="application_thanks"),
    path("mon-compte/profil-praticien/", views.edit_own_profile, name="edit_own_profile"),
]
