"""Thin views: booking a slot, one's appointments, the practitioner's agenda and availability."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from legal.services import AcceptanceRefused
from practitioners_directory.models import Practitioner

from . import bookability, checkout, rooms, selectors, services, slots
from .forms import BookingForm, CancelForm, DateOverrideFormSet, ScheduleRulesForm, WeeklyRangeFormSet
from .models import Appointment, Schedule
from .zones import viewer_zone


def _refused(request, template, context, error: services.BookingRefused):
    messages.error(request, error.message)
    return render(request, template, context, status=error.status_code)


@require_http_methods(["GET", "POST"])
def book(request, practitioner_id: int, slot_key: str):
    """The booking form for one slot. A visitor is sent to sign in (or up) and comes back here."""
    start = slots.parse_slot_key(slot_key)
    practitioner = get_object_or_404(Practitioner, pk=practitioner_id)
    page = selectors.profile_page(practitioner)
    if start is None or page is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")

    zone = viewer_zone(request)
    existing = selectors.own_appointment_at(request.user, practitioner, start)
    if existing is not None:
        # A double click, the back button or a second tab: the booking already exists.
        return redirect(checkout.next_url(existing))
    context = {"practitioner": practitioner, "page": page, "start": start, "zone": zone}
    end = start + timedelta(minutes=practitioner.consultation_minutes)
    context["end"] = end
    form = BookingForm(request.POST or None, practitioner_methodologies=list(page.methodologies.all()))
    context["form"] = form
    if request.method == "GET":
        refusal = bookability.person_refusal(request.user)
        if refusal:
            # Said before the form is filled in; the service refuses the POST all the same.
            messages.error(request, refusal)
        if not selectors.is_free(practitioner, start):
            messages.warning(request, _("Ce créneau n’est plus disponible. Choisissez-en un autre."))
            return redirect(page.url)
        return render(request, "booking/book.html", context)

    if not form.is_valid():
        return render(request, "booking/book.html", context, status=400)
    try:
        with transaction.atomic():
            appointment = services.hold_slot(
                practitioner=practitioner,
                person=request.user,
                start=start,
                visit=form.cleaned_data["visit"],
                methodology=form.cleaned_data["methodology"],
                reason=form.cleaned_data["reason"],
                terms_version=form.legal_versions_shown.get("terms_of_use"),
            )
            form.record_legal_acceptances(request=request, user=request.user, strict=True)
    except AcceptanceRefused:
        messages.error(
            request, _("Les conditions viennent d’être mises à jour : lisez-les et cochez de nouveau.")
        )
        return render(request, "booking/book.html", context, status=409)
    except services.BookingRefused as error:
        return _refused(request, "booking/book.html", context, error)
    if appointment.status == Appointment.Status.CONFIRMED:
        messages.success(request, _("Votre rendez-vous est confirmé."))
    return redirect(checkout.next_url(appointment))


@login_required
@require_GET
def my_appointments(request):
    context = selectors.appointments_of(request.user)
    context["zone"] = viewer_zone(request)
    return render(request, "booking/my_appointments.html", context)


@login_required
@require_GET
def appointment_detail(request, reference):
    appointment = selectors.appointment_for(request.user, reference)
    return render(
        request,
        "booking/appointment.html",
        {
            "appointment": appointment,
            "zone": viewer_zone(request),
            "is_practitioner": appointment.practitioner.user_id == request.user.pk,
            "deadline": selectors.cancellation_deadline(appointment),
            "history": appointment.transitions.select_related("by"),
            "pay_url": checkout.next_url(appointment)
            if appointment.status == Appointment.Status.HELD and appointment.person_id == request.user.pk
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, reference):
    appointment = selectors.appointment_for(request.user, reference)
    by_practitioner = appointment.practitioner.user_id == request.user.pk
    form = CancelForm(request.POST or None)
    context = {
        "appointment": appointment,
        "form": form,
        "zone": viewer_zone(request),
        "refund_cents": selectors.refund_due_cents(appointment, by_practitioner=by_practitioner)
        if appointment.status == Appointment.Status.CONFIRMED
        else 0,
        "deadline": selectors.cancellation_deadline(appointment),
        "by_practitioner": by_practitioner,
    }
    if not appointment.is_cancellable:
        messages.info(request, _("Ce rendez-vous ne peut plus être annulé."))
        return redirect("booking:appointment", reference=appointment.reference)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_appointment(appointment, by=request.user, reason=form.cleaned_data["reason"])
        except services.BookingRefused as error:
            return _refused(request, "booking/cancel.html", context, error)
        messages.success(request, _("Le rendez-vous est annulé."))
        return redirect("booking:appointment", reference=appointment.reference)
    return render(request, "booking/cancel.html", context)


def _week_param(request, default: date) -> date:
    try:
        return date.fromisoformat(request.GET.get("semaine", ""))
    except ValueError:
        return default


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request, reference):
    appointment = selectors.appointment_for(request.user, reference)
    zone = viewer_zone(request)
    status = 200
    if request.method == "POST":
        start = slots.parse_slot_key(request.POST.get("slot", ""))
        try:
            if start is None:
                raise services.BookingRefused(_("Choisissez un nouveau créneau."))
            services.reschedule_appointment(appointment, by=request.user, start=start)
        except services.BookingRefused as error:
            messages.error(request, error.message)
            status = error.status_code
        else:
            messages.success(request, _("Le rendez-vous est déplacé."))
            return redirect("booking:appointment", reference=appointment.reference)
    today = timezone.localdate(timezone.now(), zone)
    monday, _sunday = selectors.week_of(_week_param(request, today))
    week = selectors.slots_by_day(appointment.practitioner, monday, zone, ignoring=appointment)
    context = {
        "appointment": appointment,
        "zone": zone,
        "week": week,
        "monday": monday,
        "previous_week": monday - timedelta(days=7) if monday > today else None,
        "next_week": monday + timedelta(days=7),
    }
    return render(request, "booking/reschedule.html", context, status=status)


@login_required
@require_GET
def ics(request, reference):
    from .ics import CONTENT_TYPE, appointment_ics, filename_for

    appointment = selectors.appointment_for(request.user, reference)
    response = HttpResponse(appointment_ics(appointment, for_user=request.user), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename_for(appointment)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _own_practitioner(request) -> Practitioner:
    practitioner = Practitioner.objects.filter(user=request.user).first()
    if practitioner is None:
        raise Http404
    return practitioner


@login_required
@require_GET
def agenda(request):
    practitioner = _own_practitioner(request)
    zone = practitioner.zone
    today = timezone.localdate(timezone.now(), zone)
    try:
        day = date.fromisoformat(request.GET.get("jour", ""))
    except ValueError:
        day = today
    view = "day" if request.GET.get("vue") == "jour" else "week"
    if view == "day":
        first, last, step = day, day, timedelta(days=1)
    else:
        first, last = selectors.week_of(day)
        step = timedelta(days=7)
    appointments = selectors.agenda(practitioner, first, last)
    days = []
    current = first
    while current <= last:
        days.append(
            {
                "day": current,
                "appointments": [
                    a for a in appointments if timezone.localtime(a.start, zone).date() == current
                ],
            }
        )
        current += timedelta(days=1)
    return render(
        request,
        "booking/agenda.html",
        {
            "practitioner": practitioner,
            "zone": zone,
            "view": view,
            "days": days,
            "first": first,
            "last": last,
            "previous": first - step,
            "next": first + step,
            "today": today,
            "count": len(appointments),
            # Who is in the video room now (refreshed by booking/agenda.js while the page is open).
            "waiting": rooms.waiting_among(appointments),
            "presence_url": rooms.presence_url() if first <= today <= last else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def availability(request):
    practitioner = _own_practitioner(request)
    schedule, _created = Schedule.objects.get_or_create(practitioner=practitioner)
    data = request.POST if request.method == "POST" else None
    form = ScheduleRulesForm(data, instance=schedule, prefix="rules")
    weekly = WeeklyRangeFormSet(data, instance=schedule, prefix="weekly")
    overrides = DateOverrideFormSet(data, instance=schedule, prefix="overrides")
    if request.method == "POST":
        if form.is_valid() and weekly.is_valid() and overrides.is_valid():
            services.save_availability(form=form, weekly=weekly, overrides=overrides)
            messages.success(request, _("Vos disponibilités sont enregistrées."))
            return redirect("booking:availability")
        status = 400
    else:
        status = 200
    return render(
        request,
        "booking/availability.html",
        {"practitioner": practitioner, "form": form, "weekly": weekly, "overrides": overrides},
        status=status,
    )
