from django.urls import path

from . import views

app_name = "booking"

urlpatterns = [
    path("reserver/<int:practitioner_id>/<str:slot_key>/", views.book, name="book"),
    path("mes-rendez-vous/", views.my_appointments, name="my_appointments"),
    path("agenda/", views.agenda, name="agenda"),
    path("disponibilites/", views.availability, name="availability"),
    path("<uuid:reference>/", views.appointment_detail, name="appointment"),
    path("<uuid:reference>/annuler/", views.cancel, name="cancel"),
    path("<uuid:reference>/deplacer/", views.reschedule, name="reschedule"),
    path("<uuid:reference>/calendrier.ics", views.ics, name="ics"),
]
