"""Writes: applications and their review, a practitioner's own profile changes."""

import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from common.i18n import content_language

from .models import (
    APPLICATION_DOCUMENT_KINDS,
    ApplicationStatusChange,
    DirectoryPage,
    Practitioner,
    PractitionerApplication,
    PractitionerPage,
    SpokenLanguage,
)
from .tasks import send_application_status_email

logger = logging.getLogger(__name__)

REVIEW_PERMISSION = "practitioners_directory.review_application"
MOTIVATION_READ_ACTION = "practitioners_directory.motivation_read"
# Why a reviewer reads it: the only purpose the motivation is kept for.
MOTIVATION_READ_REASON = "Examen de la candidature"
Status = PractitionerApplication.Status

# The review path: submitted → in review → approved or rejected. Final states stay final.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    Status.SUBMITTED: {Status.IN_REVIEW},
    Status.IN_REVIEW: {Status.APPROVED, Status.REJECTED},
    Status.APPROVED: set(),
    Status.REJECTED: set(),
}


class TransitionRefused(Exception):
    """A status change that the review path or the data does not allow; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Application ------------------------------------------------------------------------------


def submit_application(*, form, request) -> PractitionerApplication:
    """Save a valid ApplicationForm, record its legal acceptances, acknowledge by e-mail.

    The applicant has no account yet: the ledger records the acceptances under the application's
    consent id. A text replaced since the form was shown raises legal.services.AcceptanceRefused
    and everything is rolled back, so the caller can show the new texts and ask again.
    """
    language = content_language(getattr(request, "LANGUAGE_CODE", None))
    with transaction.atomic():
        application = form.save(commit=False)
        application.language = language
        application.save()
        form.save_m2m()
        form.record_legal_acceptances(request=request, consent_id=application.consent_id, strict=True)
        transaction.on_commit(
            partial(send_application_status_email.enqueue, application.pk, application.status)
        )
    logger.info("practitioners: application %s submitted", application.pk)
    return application


def change_application_status(
    *, application_id: int, to_status: str, by, reason: str = ""
) -> PractitionerApplication:
    """Move an application along the review path; the applicant is told by e-mail.

    The row is locked for the whole change, so two editors clicking at once cannot both approve:
    the second one sees the new status and gets a TransitionRefused.
    """
    if not by.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        application = PractitionerApplication.objects.select_for_update().get(pk=application_id)
        from_status = application.status
        if to_status not in ALLOWED_TRANSITIONS.get(from_status, set()):
            raise TransitionRefused(
                _("Impossible de passer une candidature « %(from)s » au statut « %(to)s ».")
                % {
                    "from": Status(from_status).label,
                    "to": Status(to_status).label if to_status in Status.values else to_status,
                }
            )
        if to_status == Status.REJECTED and not reason:
            raise TransitionRefused(_("Indiquez le motif du refus : il est communiqué au candidat."))
        if to_status == Status.APPROVED:
            _approve(application, by=by)
        application.status = to_status
        application.reviewer = by
        application.status_changed_at = timezone.now()
        if to_status == Status.REJECTED:
            application.rejection_reason = reason
        application.save()
        ApplicationStatusChange.objects.create(
            application=application,
            from_status=from_status,
            to_status=to_status,
            changed_by=by,
            reason=reason,
        )
        transaction.on_commit(partial(send_application_status_email.enqueue, application.pk, to_status))
    logger.info("practitioners: application %s %s → %s by %s", application.pk, from_status, to_status, by.pk)
    return application


def _approve(application: PractitionerApplication, *, by) -> None:
    directory = _directory_for_new_profiles()
    if directory is None:
        raise TransitionRefused(
            _("Aucune page « Annuaire des praticiens » n’existe : créez-la avant d’accepter une candidature.")
        )
    user = _create_or_link_account(application)
    application.user = user
    application.profile_page = _create_draft_profile(application, user=user, directory=directory, by=by)


def _directory_for_new_profiles():
    directories = DirectoryPage.objects.select_related("locale").order_by("path")
    return next(
        (d for d in directories if d.locale.language_code == settings.LANGUAGE_CODE), directories.first()
    )


def _create_or_link_account(application: PractitionerApplication) -> User:
    """The applicant's existing account (matched by e-mail) becomes a practitioner's, or a new one is
    created without a password: the approval e-mail carries a link to choose one."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email__iexact=application.email).first()
    if user is None:
        user = User.objects.create_user(
            email=application.email,
            password=None,
            first_name=application.first_name,
            last_name=application.last_name,
            gender=application.gender,
            postal_code=application.postal_code,
            role=User.Role.PRACTITIONER,
            preferred_language=application.language,
        )
        # The invitation goes to this address and only its owner can use it: following it is
        # the proof of ownership that a verification e-mail would give.
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    elif user.role != User.Role.PRACTITIONER:
        user.role = User.Role.PRACTITIONER
        user.save(update_fields=["role"])
    return user


def _create_draft_profile(application, *, user, directory, by) -> PractitionerPage:
    existing = PractitionerPage.objects.filter(user=user).first()
    if existing is not None:
        return existing
    page = PractitionerPage(
        title=application.full_name,
        first_name=application.first_name,
        last_name=application.last_name,
        gender=application.gender,
        professional_title=application.professional_title,
        rpps=application.rpps,
        adeli=application.adeli,
        city=application.city,
        postal_code=application.postal_code,
        # Editors set the price and the texts before publishing; the draft is never live.
        price_cents=0,
        short_bio=Truncator(f"{application.professional_title}, {application.city}.").chars(300),
        accepts_new_patients=True,
        user=user,
        owner=by,
        live=False,
    )
    page.methodologies.set(list(application.methodologies.all()))
    french = SpokenLanguage.objects.filter(code="fr").first()
    if french:
        page.languages.set([french])
    directory.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    return page


# --- A practitioner's own profile ---------------------------------------------------------------


def submit_profile_changes(*, page: PractitionerPage, user) -> None:
    """Save the practitioner's changes as a new revision and send it to moderation.

    The live page is untouched until a moderator approves the revision in the Wagtail workflow;
    a new submission replaces one still waiting (the moderator reviews the latest).
    """
    if page.user_id is None or page.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is None:
            logger.warning("practitioners: no workflow for page %s, revision left as draft", page.pk)
            return
        state = page.current_workflow_state
        if state is not None:
            state.cancel(user=user)
        workflow.start(page, user)


# --- Facts shared by every translation of a profile ----------------------------------------------


def share_practitioner_facts(page: PractitionerPage) -> Practitioner:
    """After `page` is published: its language-independent facts become the practitioner's and
    every translation's, so booking, payments and both languages read one value.

    The last published translation wins; the translations' drafts keep their text.
    """
    with transaction.atomic():
        siblings = PractitionerPage.objects.filter(translation_key=page.translation_key)
        practitioner = page.practitioner or next(
            (
                sibling.practitioner
                for sibling in siblings.select_related("practitioner")
                if sibling.practitioner_id
            ),
            None,
        )
        if practitioner is None:
            practitioner = Practitioner()
        practitioner.display_name = page.full_name or page.title
        practitioner.consultation_minutes = page.consultation_minutes
        practitioner.price_cents = page.price_cents
        # One account, one practitioner: an account already linked elsewhere stays there.
        if (
            page.user_id
            and not Practitioner.objects.filter(user_id=page.user_id).exclude(pk=practitioner.pk).exists()
        ):
            practitioner.user_id = page.user_id
        practitioner.save()
        facts = {field: getattr(page, field) for field in PractitionerPage.SHARED_FIELDS}
        siblings.update(practitioner=practitioner, **facts)
        page.practitioner = practitioner
    return practitioner


def read_motivation(*, application: PractitionerApplication, reader, request=None) -> str:
    """The motivation (encrypted at rest) for a reviewer, with the read kept first: in the privacy
    access log when the applicant has an account (the log is about people with one), in the
    application's admin history otherwise (as contact messages do)."""
    from wagtail.log_actions import log

    from privacy.services import reveal

    if not reader.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    if application.user_id:
        return reveal(
            application,
            "motivation",
            reader=reader,
            subject=application.user,
            parties=(),
            why=MOTIVATION_READ_REASON,
            request=request,
            what="application.motivation",
        )
    log(application, MOTIVATION_READ_ACTION, user=reader, data={"why": MOTIVATION_READ_REASON})
    return application.motivation


def delete_applications(applications) -> int:
    """Delete applications for good (erasure, retention): the rows with their status history, their
    documents once the transaction commits (a rollback keeps them), and the applicant's name from
    the admin logs, whose lines stay under a neutral label. Returns how many documents were stored."""
    from privacy.values import delete_file_on_commit, scrub_log_labels

    applications = list(applications)
    if not applications:
        return 0
    stored = 0
    with transaction.atomic():
        for application in applications:
            for kind in APPLICATION_DOCUMENT_KINDS:
                document = getattr(application, kind)
                if document and document.name and document.storage.exists(document.name):
                    stored += 1
                delete_file_on_commit(document)
        ids = [application.pk for application in applications]
        scrub_log_labels(PractitionerApplication, ids, "application")
        PractitionerApplication.objects.filter(pk__in=ids).delete()  # and their history (CASCADE)
    return stored
