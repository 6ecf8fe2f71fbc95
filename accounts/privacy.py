"""What accounts hold about a person: the account itself (erased last, as a tombstone), and the
traces of their work in the administration if they are on the staff."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from privacy.registry import Handler, Kept, register
from privacy.values import choice, delete_file_on_commit, file_extension, read_file, scrub_log_labels

from .models import User

ERASED_EMAIL_DOMAIN = "invalid"  # RFC 2606: never delivered
DATABASE_SESSION_ENGINES = (
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
)


def erased_email(user) -> str:
    return f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"


# --- The account ---------------------------------------------------------------------------------


def export_account(user) -> dict:
    from allauth.account.models import EmailAddress

    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        **choice(user, "gender"),
        "postal_code": user.postal_code,
        **choice(user, "role"),
        **choice(user, "preferred_language"),
        **choice(user, "time_zone"),
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "photo_file": f"files/account/photo.{file_extension(user.photo.name)}" if user.photo else "",
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
    }


def account_files(user):
    content = read_file(user.photo)
    if content is not None:
        yield f"photo.{file_extension(user.photo.name)}", content


def delete_sessions(user) -> int:
    """Sign the person out everywhere: the sessions of the database backend that belong to them."""
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return 0
    engine = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    count = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            # Through the store, so that a cached_db backend forgets its copy too.
            engine(session_key=session.session_key).delete()
            count += 1
    return count


def erase_account(user, context) -> None:
    """The row stays (the ledger, the payments and the access log point to it) but nothing in it
    names the person any more; everything attached to the login itself is deleted."""
    from allauth.account.models import EmailAddress
    from wagtail.admin.models import EditingSession
    from wagtail.users.models import UserProfile

    delete_file_on_commit(user.photo)
    EmailAddress.objects.filter(user=user).delete()  # and their confirmation keys (CASCADE)
    delete_sessions(user)
    for profile in UserProfile.objects.filter(user=user):
        delete_file_on_commit(profile.avatar)
        profile.delete()
    EditingSession.objects.filter(user=user).delete()
    _delete_other_login_traces(user)
    scrub_log_labels(User, [user.pk], f"user {user.pk}")

    user.email = erased_email(user)
    user.first_name = user.last_name = ""
    user.gender = user.postal_code = ""
    user.photo = ""
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    context.erased.append(str(_("Votre compte : nom, prénom, adresse e-mail, genre, code postal, photo")))
    context.erased.append(str(_("Vos sessions de connexion et vos jetons de confirmation d’adresse")))


def _delete_other_login_traces(user) -> None:
    from wagtail.admin.models import FormState
    from wagtail.models import APIToken, PageSubscription, UploadedFile

    for model in (FormState, APIToken, PageSubscription):
        model.objects.filter(user=user).delete()
    for uploaded in UploadedFile.objects.filter(uploaded_by_user=user):
        delete_file_on_commit(uploaded.file)
        uploaded.delete()


def account_kept(user) -> list[Kept]:
    return [
        Kept(
            label=_("Un numéro de compte interne, sans nom ni adresse e-mail"),
            basis=_(
                "Les registres de preuve (acceptations, paiements, journal des consultations) "
                "doivent pouvoir désigner une ligne, qui ne permet plus de vous identifier"
            ),
            until=_("aussi longtemps que ces registres sont conservés"),
        )
    ]


register(
    Handler(
        key="account",
        label=_("Votre compte"),
        export=export_account,
        files=account_files,
        erase=erase_account,
        kept=account_kept,
        models=(
            "accounts.User",
            "accounts.User_groups",
            "accounts.User_user_permissions",
            "account.EmailAddress",
            "account.EmailConfirmation",
            "sessions.Session",
            "wagtailusers.UserProfile",
            "wagtailadmin.EditingSession",
            "wagtailadmin.FormState",
            "wagtailcore.APIToken",
            "wagtailcore.PageSubscription",
            "wagtailcore.UploadedFile",
            "admin.LogEntry",
        ),
        order=1000,
    )
)


# --- Work in the administration (staff) --------------------------------------------------------


def export_admin_activity(user) -> dict:
    from wagtail.models import Comment, ModelLogEntry, PageLogEntry

    entries = [
        {"action": entry.action, "label": entry.label, "timestamp": entry.timestamp}
        for log_model in (PageLogEntry, ModelLogEntry)
        for entry in log_model.objects.filter(user=user).order_by("timestamp")
    ]
    return {
        "log_entries": sorted(entries, key=lambda entry: entry["timestamp"]),
        "comments": [
            {"text": comment.text, "created_at": comment.created_at}
            for comment in Comment.objects.filter(user=user).order_by("created_at")
        ],
    }


def erase_admin_activity(user, context) -> None:
    from wagtail.models import Page

    from legal.models import PolicyVersion

    # What they had locked is released; what they wrote and did stays, under the tombstone.
    Page.objects.filter(locked_by=user).update(locked=False, locked_by=None, locked_at=None)
    PolicyVersion.objects.filter(locked_by=user).update(locked=False, locked_by=None, locked_at=None)


def admin_activity_kept(user) -> list[Kept]:
    from wagtail.models import ModelLogEntry, PageLogEntry, Revision

    if not any(model.objects.filter(user=user).exists() for model in (PageLogEntry, ModelLogEntry, Revision)):
        return []
    return [
        Kept(
            label=_("L’historique de vos actions dans l’administration du site"),
            basis=_("Intérêt légitime : savoir qui a publié ou modifié un contenu"),
            until=_("aussi longtemps que ces contenus existent"),
        )
    ]


register(
    Handler(
        key="admin_activity",
        label=_("Votre activité dans l’administration"),
        export=export_admin_activity,
        erase=erase_admin_activity,
        kept=admin_activity_kept,
        models=(
            "wagtailcore.Page",
            "wagtailcore.Revision",
            "wagtailcore.ModelLogEntry",
            "wagtailcore.PageLogEntry",
            "wagtailcore.Comment",
            "wagtailcore.CommentReply",
            "wagtailcore.WorkflowState",
            "wagtailcore.TaskState",
            "wagtailimages.Image",
            "wagtaildocs.Document",
            "legal.PolicyVersion",
        ),
        order=900,
    )
)
