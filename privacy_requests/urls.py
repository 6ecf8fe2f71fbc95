"""The person's pages, under /<lang>/mon-compte/mes-donnees/demandes/ (config/urls.py)."""

from django.urls import path

from . import views

app_name = "privacy_requests"

urlpatterns = [
    path("", views.my_requests, name="list"),
    path("nouvelle/", views.new_request, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("effacement/", views.erase_account, name="erase"),
    path("effacement/termine/", views.erased, name="erased"),
]
