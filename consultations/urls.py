from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("<uuid:reference>/", views.room, name="room"),
    path("en-attente/", views.presence, name="presence"),
]
