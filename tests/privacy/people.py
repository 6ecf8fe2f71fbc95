"""Two "rich" people for the export and erasure tests: data in every app that holds any.

Names are ASCII and unusual, so a scan of the whole database for them finds only them (JSON
columns escape accents, which would hide a match).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client, RequestFactory
from django.utils import timezone
from wagtail.log_actions import log

from accounts.factories import UserFactory
from booking.models import Appointment, AppointmentTransition
from consent import demo as consent_demo
from consent import services as consent_services
from contact.models import ContactMessage, ContactSubject
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance, PolicyVersion, VersionNotification
from legal.selectors import invalidate_legal_state
from legal.services import record_acceptance
from newsletter import services as newsletter_services
from newsletter.models import Delivery, NewsletterIssue, SubscriptionEvent
from notifications.models import NotificationPreference, SentNotification
from payments.models import Payment
from practitioners_directory.models import Practitioner
from privacy.services import log_access
from tests.practitioners_directory.factories import make_application, make_practitioner, png_bytes

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0"


@dataclass
class RichPerson:
    user: object
    email: str
    first_name: str
    last_name: str
    phone: str
    reason: str
    contact_text: str
    motivation: str
    files: list[str] = field(default_factory=list)  # names in the private storage

    @property
    def identifiers(self) -> list[str]:
        return [self.email, self.first_name, self.last_name, self.phone]


def legal_versions():
    """The privacy policy, the terms of use and the cookie policy in force (version 1)."""
    ensure_locales()
    ensure_documents()
    past = timezone.now() - timedelta(days=60)
    versions = {
        kind: PolicyVersion.objects.filter(document__kind=kind, number=1, locale__language_code="fr").first()
        or make_version(kind, 1, effective_at=past)
        for kind in ("privacy_policy", "terms_of_use", "cookie_policy")
    }
    consent_demo.ensure_groups()
    invalidate_legal_state()
    cache.clear()
    return versions


def bookable_practitioner(directory, account):
    page = make_practitioner(
        directory, first_name="Mireille", last_name="Praticienne", user=account, photo=False
    )
    return Practitioner.objects.get(pk=page.practitioner_id)


def _request(user, method="post"):
    request = getattr(RequestFactory(), method)("/", HTTP_USER_AGENT=USER_AGENT, REMOTE_ADDR="203.0.113.42")
    request.user = user
    request.COOKIES = {}
    return request


def _appointment(practitioner, user, *, start, status, reason):
    end = start + timedelta(minutes=50)
    return Appointment.objects.create(
        practitioner=practitioner,
        person=user,
        start=start,
        end=end,
        blocked_start=start,
        blocked_end=end + timedelta(minutes=10),
        status=status,
        visit=Appointment.Visit.FIRST,
        reason=reason,
        price_cents=6000,
    )


def make_rich_person(tag: str, *, practitioner, staff, versions, hour: int) -> RichPerson:
    """`tag` makes every value unique ("Alpha", "Beta"); `hour` keeps the two agendas apart."""
    email = f"ysaline.{tag.lower()}@example.fr"
    person = RichPerson(
        user=None,
        email=email,
        first_name=f"Ysaline{tag}",
        last_name=f"Tremblaygue{tag}",
        phone=f"06{hour:02d}345678",
        reason=f"Angoisses nocturnes {tag} depuis l hiver",
        contact_text=f"Question privee {tag} sur mon suivi",
        motivation=f"Motivation {tag} : consultations en ligne",
    )
    user = UserFactory(
        email=email, first_name=person.first_name, last_name=person.last_name, postal_code="75011"
    )
    user.photo.save("portrait.png", ContentFile(png_bytes()), save=True)
    person.user = user
    person.files.append(user.photo.name)

    # The ledger: signup acceptances, then a new-version e-mail.
    for kind in ("privacy_policy", "terms_of_use"):
        record_acceptance(
            version=versions[kind], context=Acceptance.Context.SIGNUP, user=user, request=_request(user)
        )
    VersionNotification.objects.create(user=user, version=versions["privacy_policy"])

    # Appointments: one past (paid, completed), one ahead (confirmed), each with its reason.
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    past = _appointment(
        practitioner,
        user,
        start=now - timedelta(days=20, hours=-hour),
        status="completed",
        reason=person.reason,
    )
    AppointmentTransition.objects.create(
        appointment=past,
        from_status="confirmed",
        to_status="completed",
        by=user,
        note=f"Note {tag} du patient",
    )
    upcoming = _appointment(
        practitioner,
        user,
        start=now + timedelta(days=10, hours=hour),
        status="confirmed",
        reason=person.reason,
    )
    Payment.objects.create(
        appointment=past,
        person=user,
        practitioner=practitioner,
        status=Payment.Status.PAID,
        amount_cents=6000,
        commission_percent="10.00",
        fee_cents=600,
        destination_account="acct_test",
        paid_at=past.start - timedelta(days=2),
    )
    SentNotification.objects.create(
        appointment=upcoming, kind="confirmed", start=upcoming.start, sequence=0, recipient=email
    )
    NotificationPreference.objects.create(user=user, reminders=False)

    # Cookies: a choice made while signed in (its receipt, and the cookie policy in the ledger).
    consent_services.record_decision(request=_request(user), accepted=["mesure_audience"], source="banner")

    # Newsletter: subscribed, confirmed, one issue delivered.
    event = newsletter_services.request_subscription(user=user, source=SubscriptionEvent.Source.ACCOUNT)
    newsletter_services.confirm(
        request_event=event, version=versions["privacy_policy"], request=_request(user)
    )
    issue = NewsletterIssue.objects.filter(
        subject="Lettre de test"
    ).first() or NewsletterIssue.objects.create(
        subject="Lettre de test", body="<p>Bonjour</p>", locale=ensure_locales()["fr"]
    )
    Delivery.objects.create(issue=issue, user=user, email=email, status=Delivery.Status.SENT, sent_at=now)

    # Contact: a message sent signed in.
    subject = ContactSubject.objects.get_or_create(name="Mon compte", defaults={"name_en": "My account"})[0]
    contact_acceptance, _ = record_acceptance(
        version=versions["privacy_policy"],
        context=Acceptance.Context.CONTACT_FORM,
        user=user,
        request=_request(user),
    )
    ContactMessage.objects.create(
        name=f"{person.first_name} {person.last_name}",
        email=email,
        subject=subject,
        message=person.contact_text,
        user=user,
        acceptance=contact_acceptance,
    )

    # An application to become a practitioner, with its two documents and its acceptance.
    application = make_application(
        first_name=person.first_name,
        last_name=person.last_name,
        email=email,
        phone=person.phone,
        motivation=person.motivation,
        user=user,
    )
    record_acceptance(
        version=versions["privacy_policy"],
        context=Acceptance.Context.APPLICATION,
        consent_id=application.consent_id,
        request=_request(user),
    )
    person.files += [application.diploma.name, application.insurance.name]

    # Someone of the staff read the reason for consulting (the access log), and edited the account.
    log_access(
        actor=staff,
        subject=user,
        what="appointment.reason",
        obj_ref=f"booking.appointment:{past.pk}",
        why="Support : question sur un remboursement",
    )
    log(user, "wagtail.edit", user=staff)

    # Signed in somewhere: a session in the database.
    Client().force_login(user)
    return person
