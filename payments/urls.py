from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("", views.my_payments, name="my_payments"),
    path("<uuid:reference>/recu/", views.receipt, name="receipt"),
    # Paying a held appointment (its reference): Stripe sends the person back to merci/ or annule/.
    path("regler/<uuid:reference>/", views.checkout_page, name="checkout"),
    path("regler/<uuid:reference>/merci/", views.success, name="success"),
    path("regler/<uuid:reference>/annule/", views.cancelled, name="cancelled"),
    path("regler/<uuid:reference>/liberer/", views.release, name="release"),
    # Practitioners.
    path("versements/", views.payouts, name="payouts"),
    path("versements/stripe/", views.connect_status, name="connect"),
    path("versements/stripe/inscription/", views.connect_start, name="connect_start"),
    path("versements/stripe/nouveau-lien/", views.connect_refresh, name="connect_refresh"),
    path("versements/stripe/retour/", views.connect_return, name="connect_return"),
    path("versements/stripe/tableau-de-bord/", views.connect_dashboard, name="connect_dashboard"),
]
