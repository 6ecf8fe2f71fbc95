from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from practitioners_directory.models import Practitioner

from . import services
from .forms import PreferenceForm
from .models import NotificationPreference


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in person's own preferences only: nothing here takes a user id."""
    user = request.user
    practitioner = Practitioner.objects.filter(user=user).exists()
    current = NotificationPreference(
        user=user,
        reminders=services.reminders_wanted(user),
        daily_summary=services.daily_summary_wanted(user),
    )
    # Unticking the only box posts nothing: bind on the method, not on the data.
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, instance=current, practitioner=practitioner
    )
    if request.method == "POST" and form.is_valid():
        services.set_reminders(user, form.cleaned_data["reminders"])
        if practitioner:
            services.set_daily_summary(user, form.cleaned_data["daily_summary"])
        messages.success(request, _("Vos préférences de notification ont été enregistrées."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "practitioner": practitioner, "summary_time": services.summary_time()},
    )
