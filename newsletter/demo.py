"""Demo content: one draft issue in French, the newsletter editors' group (the demo editor is
in it), the subscription log for the data-protection officer. Idempotent.

The demo user subscribes themselves on `make run` (Mon compte → Lettre d’information): the
confirmation e-mail is printed in the terminal running the site (the worker sends it)."""

from django.contrib.auth import get_user_model
from wagtail.admin.models import Admin
from wagtail.models import Locale

from home.demo import EDITOR_EMAIL
from home.demo_support import DPO_GROUP, grant

from .models import NewsletterIssue, SubscriptionEvent

NEWSLETTER_GROUP = "Lettre d’information"
DEMO_SUBJECT = "Psyconsult — les nouveautés de l’hiver"
DEMO_BODY = (
    "<h2>Ce qui change sur Psyconsult</h2>"
    "<p>Vous pouvez désormais déplacer un rendez-vous jusqu’à 24 heures avant son début, depuis la "
    "page du rendez-vous.</p>"
    "<h2>Bien préparer une téléconsultation</h2>"
    "<ul><li>Choisissez un endroit calme où vous ne serez pas interrompu·e.</li>"
    "<li>Testez votre caméra et votre micro quelques minutes avant.</li></ul>"
    '<p>Toutes nos explications sont dans l’<a href="https://psyconsult.example/fr/">aide en ligne</a>.</p>'
)


def load(*, stdout, options):
    issue_perms = ["add", "change", "delete", "view", "send"]
    group = grant(
        NEWSLETTER_GROUP,
        [(Admin, "access_admin"), *[(NewsletterIssue, f"{p}_newsletterissue") for p in issue_perms]],
    )
    grant(DPO_GROUP, [(SubscriptionEvent, "view_subscriptionevent")])
    editor = get_user_model().objects.filter(email=EDITOR_EMAIL).first()
    if editor is not None:
        editor.groups.add(group)

    french = Locale.objects.get(language_code="fr")
    _issue, created = NewsletterIssue.objects.get_or_create(
        subject=DEMO_SUBJECT, locale=french, defaults={"body": DEMO_BODY}
    )
    if options.get("verbosity", 1) > 0:
        stdout.write(f"Lettre d’information : {int(created)} brouillon créé.")
    return []
