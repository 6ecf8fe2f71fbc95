"""Run by bench/cluster.py through `manage.py shell` (as the owner): data and editors' actions.

CLUSTER_STEP=setup: the checks' people (verified, demo password) and a video consultation in
progress between one of them and the demo practitioner; prints one JSON line.
CLUSTER_STEP=publish_legal: a new terms-of-use version, in force now and to be re-accepted,
published as the demo editor with Wagtail's publish action (what the admin's button runs).
CLUSTER_STEP=publish_page CLUSTER_TITLE=…: the page CLUSTER_PAGE gets that title and is published
the same way. Both print the wall-clock time of the commit.
"""

import json
import os
import time
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
            }
        )
    )


def publish_legal() -> None:
    from legal import services
    from legal.models import LegalDocument, PolicyVersion

    editor = User.objects.get(email=EDITOR)
    document = LegalDocument.objects.get(kind=LegalDocument.Kind.TERMS_OF_USE)
    current = (
        PolicyVersion.objects.filter(document=document, live=True, locale__language_code="fr")
        .order_by("-number")
        .first()
    )
    draft = services.create_next_version(version=current, user=editor)
    draft.effective_at = timezone.now() - timedelta(seconds=1)
    draft.requires_reacceptance = True
    draft.summary_of_changes = "Version de test du banc « cluster »."
    draft.save()
    publish(draft, editor)


def publish_page() -> None:
    from wagtail.models import Page

    editor = User.objects.get(email=EDITOR)
    page = Page.objects.get(pk=int(os.environ["CLUSTER_PAGE"])).specific
    page.title = os.environ["CLUSTER_TITLE"]
    publish(page, editor)


def publish(obj, editor) -> None:
    """Wagtail's publish action, as the admin's "Publier" button runs it (signals, purges, log)."""
    revision = obj.save_revision(user=editor, log_action=True)
    with transaction.atomic():
        revision.publish(user=editor)
    print(json.dumps({"committed_at": time.time(), "revision": revision.pk}))


{"setup": setup, "publish_legal": publish_legal, "publish_page": publish_page}[os.environ["CLUSTER_STEP"]]()
