"""Booking's demo: every demo practitioner can be booked (generated ones too), the demo user has
past, upcoming and in-progress appointments with the demo practitioner, and reloading is safe."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from booking import demo, selectors
from booking.models import Appointment, Schedule
from home.demo import EDITOR_EMAIL
from legal.selectors import pending_versions_for
from practitioners_directory.demo import DEMO_PRACTITIONER_EMAIL, key
from practitioners_directory.models import Practitioner, PractitionerPage

Status = Appointment.Status


@pytest.fixture
def demo_user(demo_content):
    return User.objects.get(email=demo.DEMO_USER_EMAIL)


def test_every_live_profile_has_a_schedule_and_a_next_free_slot(demo_content):
    ids = set(PractitionerPage.objects.live().values_list("practitioner_id", flat=True))
    practitioners = list(Practitioner.objects.filter(pk__in=ids))
    assert len(practitioners) >= 32

    schedules = Schedule.objects.filter(practitioner__in=practitioners).prefetch_related("weekly_ranges")
    assert schedules.count() == len(practitioners)
    assert all(s.weekly_ranges.exists() for s in schedules)
    assert {(s.buffer_after_minutes, s.minimum_notice_hours, s.horizon_days) for s in schedules} == {
        (10, 24, 60)
    }

    next_slots = selectors.next_slots(practitioners)
    assert all(next_slots[p.pk] is not None for p in practitioners), [
        p for p in practitioners if next_slots[p.pk] is None
    ]


def test_the_weeks_are_varied(demo_content):
    weeks = {
        frozenset(s.weekly_ranges.values_list("weekday", "start_time", "end_time"))
        for s in Schedule.objects.prefetch_related("weekly_ranges")
    }
    weekdays = [{day for day, _start, _end in week} for week in weeks]
    assert len(weeks) >= 4
    assert any(5 in days for days in weekdays)  # some work on Saturday mornings
    assert any(2 not in days for days in weekdays)  # some take Wednesday off


def test_the_demo_user_signs_in_and_is_not_stopped_by_the_legal_gate(demo_user, client):
    assert demo_user.check_password(demo.DEMO_PASSWORD)
    assert demo_user.emailaddress_set.get().verified
    assert pending_versions_for(demo_user) == []
    client.force_login(demo_user)
    assert client.get("/fr/").status_code == 200


def test_the_demo_user_has_past_and_upcoming_appointments_with_the_demo_practitioner(demo_user):
    practitioner = Practitioner.objects.get(user__email=DEMO_PRACTITIONER_EMAIL)
    mine = selectors.appointments_of(demo_user)

    assert len(mine["past"]) >= demo.PAST_COUNT
    assert {a.status for a in mine["past"]} == {Status.COMPLETED}
    upcoming = [a for a in mine["upcoming"] if a.start > timezone.now()]
    assert len(upcoming) >= demo.UPCOMING_COUNT
    assert {a.status for a in upcoming} == {Status.CONFIRMED}
    assert {a.practitioner_id for a in mine["past"] + mine["upcoming"]} == {practitioner.pk}
    # The practitioner reads them in their agenda (they are the practitioner of those rows).
    first = min(a.start for a in mine["past"])
    assert selectors.agenda(practitioner, first.date(), first.date())
    assert all(a.is_party(practitioner.user) for a in mine["upcoming"])


def test_each_load_leaves_an_appointment_in_progress_for_the_video_room(demo_user):
    later = timezone.now() + timedelta(hours=5)
    with time_machine.travel(later, tick=False):
        demo.load(stdout=io.StringIO(), options={})
        now = timezone.now()
        live = Appointment.objects.filter(
            person=demo_user, status=Status.CONFIRMED, start__lte=now, end__gt=now
        ).get()
        assert now - timedelta(minutes=5) <= live.start <= now
        # The one of the previous load ended meanwhile: it took place.
        assert not Appointment.objects.filter(
            person=demo_user, status=Status.CONFIRMED, end__lte=now
        ).exists()


def test_loading_again_changes_nothing(demo_user):
    live = Appointment.objects.filter(person=demo_user, status=Status.CONFIRMED).order_by("start").first()
    with time_machine.travel(live.start + timedelta(minutes=1), tick=False):
        before = (Schedule.objects.count(), Appointment.objects.count(), User.objects.count())
        out = io.StringIO()
        lines = demo.load(stdout=out, options={})
        assert (Schedule.objects.count(), Appointment.objects.count(), User.objects.count()) == before
    assert out.getvalue() == ""
    assert lines == [f"Compte utilisateur de démonstration : {demo.DEMO_USER_EMAIL} / {demo.DEMO_PASSWORD}"]


def test_generated_profiles_get_schedules_too(demo_content):
    out = io.StringIO()
    call_command("load_demo_content", practitioners=5, stdout=out)

    bulk = PractitionerPage.objects.filter(translation_key__in=[key(f"bulk:{i}") for i in range(5)])
    practitioners = list(Practitioner.objects.filter(pk__in=bulk.values("practitioner_id")))
    assert len(practitioners) == 5
    assert Schedule.objects.filter(practitioner__in=practitioners).count() == 5
    assert all(selectors.next_slots(practitioners).values())
    assert "5 agendas de démonstration créés" in out.getvalue()
    assert f"{demo.DEMO_USER_EMAIL} / {demo.DEMO_PASSWORD}" in out.getvalue()


def test_the_demo_editor_reads_the_appointments_in_the_admin(demo_content, client):
    client.force_login(User.objects.get(email=EDITOR_EMAIL))
    response = client.get("/admin/rendez-vous/liste/")
    assert response.status_code == 200
    assert "Jules Lambert" in response.content.decode()
    assert client.get("/admin/rendez-vous/agendas/").status_code == 200
