"""Run by bench/cluster.py through `manage.py shell` (as the owner): data and editors' actions.

CLUSTER_STEP=setup: the checks' people (verified, demo password) and a video consultation in
progress between one of them and the demo practitioner; the page and the terms version the
editor will publish in the admin (bench/admin_browser.py); prints one JSON line.
"""

import json
import os
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User

PASSWORD = "psyconsult-demo-2026"  # noqa: S105 - the published demo password
PREFIX = "bench-cluster-"
EDITOR = "editeur@psyconsult.example"
PRACTITIONER = "praticienne@psyconsult.example"


def person(name: str) -> User:
    email = f"{PREFIX}{name}@example.invalid"
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": "Bench", "last_name": "Cluster", "gender": "other"}
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def setup() -> None:
    from booking.models import Appointment
    from home.models import ContentPage
    from legal.models import LegalDocument, PolicyVersion
    from practitioners_directory.models import Practitioner

    with transaction.atomic():
        gate, throttled, patient = person("gate"), person("throttled"), person("patient")
        practitioner = Practitioner.objects.get(user__email=PRACTITIONER)
        Appointment.objects.filter(person=patient).delete()
        now = timezone.now()
        # The demo's consultation happening now, if there is one (the practitioner has one place
        # in time); otherwise one of our own, as the demo makes them (rows: booking's rules
        # refuse to book a time that has started).
        appointment = Appointment.objects.filter(
            practitioner=practitioner,
            status=Appointment.Status.CONFIRMED,
            start__lte=now + timedelta(minutes=5),
            end__gte=now + timedelta(minutes=5),
        ).first()
        if appointment is None:
            start = now.replace(microsecond=0) - timedelta(minutes=5)
            end = start + timedelta(minutes=practitioner.consultation_minutes)
            appointment = Appointment.objects.create(
                practitioner=practitioner,
                person=patient,
                start=start,
                end=end,
                blocked_start=start,
                blocked_end=end,
                status=Appointment.Status.CONFIRMED,
                visit=Appointment.Visit.FOLLOW_UP,
                price_cents=practitioner.price_cents or 0,
            )
    page = ContentPage.objects.live().filter(locale__language_code="fr").order_by("path").first()
    terms = (
        PolicyVersion.objects.filter(
            document__kind=LegalDocument.Kind.TERMS_OF_USE, live=True, locale__language_code="fr"
        )
        .order_by("-number")
        .first()
    )
    print(
        json.dumps(
            {
                "gate": gate.email,
                "throttled": throttled.email,
                "patient": appointment.person.email,
                "practitioner": PRACTITIONER,
                "room": str(appointment.reference),
                "page": page.pk,
                "page_url": page.get_url(),
                "page_title": page.title,
                "terms_version": terms.pk,
            }
        )
    )


{"setup": setup}[os.environ["CLUSTER_STEP"]]()
