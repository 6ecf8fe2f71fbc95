from django.urls import path

from . import views

app_name = "audience"
urlpatterns = [
    path("collect/", views.collect, name="collect"),
    path("pixel.gif", views.pixel, name="pixel"),
]
