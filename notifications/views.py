from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import PreferenceForm
from .models import NotificationPreference


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in person's own preferences only: nothing here takes a user id."""
    current = NotificationPreference(user=request.user, reminders=services.reminders_wanted(request.user))
    # Unticking the only box posts nothing: bind on the method, not on the data.
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.set_reminders(request.user, form.cleaned_data["reminders"])
        messages.success(request, _("Vos préférences de notification ont été enregistrées."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
