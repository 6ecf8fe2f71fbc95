"""What the directory holds about a person: their practitioner applications (with the diploma
and insurance documents, in the private storage) and, for a practitioner, their profile.

Erasure deletes the applications and their documents; for a practitioner it also cancels the
appointments still ahead with their patients (refunded in full, as any cancellation by the
practitioner), deletes the profile pages (every translation, their revisions and photo) and
leaves an anonymous practitioner record for the payments that must be kept."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from legal.privacy import acceptance_data, acceptances_of
from privacy.registry import Handler, Kept, register
from privacy.values import choice, file_extension, read_file, scrub_log_labels

from . import services
from .models import APPLICATION_DOCUMENT_KINDS, Practitioner, PractitionerApplication, PractitionerPage


def applications_of(user):
    return (
        PractitionerApplication.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .prefetch_related("methodologies", "status_changes")
        .order_by("submitted_at", "pk")
    )


def _document_name(application, kind: str) -> str:
    return f"application-{application.pk}-{kind}.{file_extension(getattr(application, kind).name)}"


def export_applications(user) -> list[dict]:
    return [
        {
            "id": application.pk,
            **choice(application, "status"),
            "submitted_at": application.submitted_at,
            "status_changed_at": application.status_changed_at,
            "first_name": application.first_name,
            "last_name": application.last_name,
            **choice(application, "gender"),
            "email": application.email,
            "phone": application.phone,
            "postal_code": application.postal_code,
            "city": application.city,
            "professional_title": application.professional_title,
            "rpps": application.rpps,
            "adeli": application.adeli,
            "methodologies": [methodology.label for methodology in application.methodologies.all()],
            "motivation": application.motivation,
            "rejection_reason": application.rejection_reason,
            **choice(application, "language"),
            "documents": [
                {"kind": kind, "document_file": f"files/applications/{_document_name(application, kind)}"}
                for kind in APPLICATION_DOCUMENT_KINDS
                if getattr(application, kind)
            ],
            "history": [
                {"at": change.created_at, **choice(change, "from_status"), **choice(change, "to_status")}
                for change in application.status_changes.all()
            ],
            "acceptances": [
                acceptance_data(row) for row in acceptances_of(consent_ids=[application.consent_id])
            ],
        }
        for application in applications_of(user)
    ]


def application_files(user):
    for application in applications_of(user):
        for kind in APPLICATION_DOCUMENT_KINDS:
            content = read_file(getattr(application, kind))
            if content is not None:
                yield _document_name(application, kind), content


def erase_applications(user, context) -> None:
    applications = list(applications_of(user))
    if not applications:
        return
    services.delete_applications(applications)
    context.erased.append(str(_("Vos candidatures de praticien et leurs pièces justificatives")))


def applications_kept(user) -> list[Kept]:
    consent_ids = [application.consent_id for application in applications_of(user)]
    if not consent_ids or not acceptances_of(consent_ids=consent_ids).exists():
        return []
    return [
        Kept(
            label=_("Les acceptations enregistrées avec votre candidature (sous un identifiant anonyme)"),
            basis=_("Preuve de l’acceptation des conditions (article 7.1 du RGPD)"),
            until=_("5 ans (prescription, article 2224 du Code civil)"),
        )
    ]


register(
    Handler(
        key="applications",
        label=_("Vos candidatures de praticien"),
        export=export_applications,
        files=application_files,
        erase=erase_applications,
        kept=applications_kept,
        models=(
            "practitioners_directory.PractitionerApplication",
            "practitioners_directory.ApplicationStatusChange",
        ),
        order=700,
    )
)


# --- A practitioner's profile -------------------------------------------------------------------


def export_profile(user) -> dict | None:
    practitioner = Practitioner.objects.filter(user=user).first()
    pages = PractitionerPage.objects.filter(user=user).select_related("locale").order_by("pk")
    if practitioner is None and not pages:
        return None
    return {
        "display_name": practitioner.display_name if practitioner else "",
        "time_zone": practitioner.time_zone if practitioner else "",
        "consultation_minutes": practitioner.consultation_minutes if practitioner else None,
        "price_cents": practitioner.price_cents if practitioner else None,
        "pages": [
            {
                "language": page.locale.language_code,
                "title": page.title,
                "first_name": page.first_name,
                "last_name": page.last_name,
                "professional_title": page.professional_title,
                "city": page.city,
                "postal_code": page.postal_code,
                "short_bio": page.short_bio,
                "live": page.live,
                "url": page.full_url or "",
            }
            for page in pages
        ],
    }


def erase_profile(user, context) -> None:
    from booking.models import Appointment
    from booking.privacy import cancel_upcoming

    practitioner = Practitioner.objects.filter(user=user).first()
    pages = list(PractitionerPage.objects.filter(user=user).select_related("photo"))
    if practitioner is None and not pages:
        return
    if practitioner is not None:
        # Their patients' appointments ahead: cancelled by the practitioner, refunded in full.
        cancel_upcoming(user, by=user, appointments=Appointment.objects.filter(practitioner=practitioner))
    photos = {page.photo for page in pages if page.photo is not None}
    page_ids = [page.pk for page in pages]
    for page in pages:
        page.specific.delete()  # with its revisions and its search index entries
    for photo in photos:
        if not PractitionerPage.objects.filter(photo=photo).exists():
            photo.delete()  # Wagtail deletes the file and the renditions
    scrub_log_labels(PractitionerPage, page_ids, "practitioner profile")
    if practitioner is not None:
        practitioner.display_name = f"practitioner {practitioner.pk}"
        practitioner.save(update_fields=["display_name"])
    context.erased.append(str(_("Votre profil de praticien dans l’annuaire (pages, photo)")))


def profile_kept(user) -> list[Kept]:
    if not Practitioner.objects.filter(user=user).exists():
        return []
    return [
        Kept(
            label=_(
                "Une fiche de praticien anonyme, à laquelle vos consultations et versements restent liés"
            ),
            basis=_("Obligation comptable (article L123-22 du Code de commerce)"),
            until=_("10 ans après le dernier paiement"),
        )
    ]


register(
    Handler(
        key="practitioner_profile",
        label=_("Votre profil de praticien"),
        export=export_profile,
        erase=erase_profile,
        kept=profile_kept,
        models=("practitioners_directory.Practitioner", "practitioners_directory.PractitionerPage"),
        order=150,
    )
)
