"""Background jobs: e-mails to applicants, in their own language."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from common.urls import absolute_url


def invitation_url(user) -> str:
    """allauth's "set a new password" link: the practitioner chooses their first password with it."""
    key = default_token_generator.make_token(user)
    return absolute_url(
        reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    )


@task()
def send_application_status_email(application_id: int, status: str) -> None:
    from .models import PractitionerApplication

    application = PractitionerApplication.objects.select_related("user").get(pk=application_id)
    context = {
        "application": application,
        "status": status,
        "platform": settings.PLATFORM_NAME,
    }
    with translation.override(application.language):
        if status == PractitionerApplication.Status.APPROVED and application.user:
            if application.user.has_usable_password():
                context["login_url"] = absolute_url(reverse("account_login"))
            else:
                context["invitation_url"] = invitation_url(application.user)
        subject = render_to_string("practitioners_directory/emails/application_status_subject.txt", context)
        body = render_to_string("practitioners_directory/emails/application_status_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [application.email])
