from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("", views.index, name="index"),
    path("mise-a-jour/", views.reaccept, name="reaccept"),
    path("accepter/", views.accept, name="accept"),
    path("refuser/", views.decline, name="decline"),
    path("annonce/masquer/", views.dismiss_announcement, name="dismiss"),
    path("<slug:slug>/", views.document_detail, name="document"),
    path("<slug:slug>/historique/", views.history, name="history"),
    path("<slug:slug>/differences/", views.diff, name="diff"),
    path("<slug:slug>/v<int:number>/", views.version_detail, name="version"),
]
