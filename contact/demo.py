"""Demo content of the contact form: the subjects (fr, en), the contact page (fr, en) and two
messages in the admin; the demo editors read and answer them.

Idempotent: subjects by their French label, pages by a fixed translation key, messages by a fixed
reference. The contact page of earlier demos (a plain content page) is retired by home's demo
once this one exists (home.demo.RETIRED_PAGES): its links and its address move to this page.
"""

import json
import uuid
from datetime import timedelta

from django.utils import timezone
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Site

from home.demo_support import EDITORS_GROUP, grant
from legal.models import Acceptance
from legal.services import record_acceptance

from . import selectors
from .models import ContactMessage, ContactPage, ContactSubject

_NS = uuid.UUID("3c1f6a2e-8d47-4b0a-9e55-7a2d1c9b4f60")

SUBJECTS = [
    ("Une question sur le service", "A question about the service"),
    ("Mon compte", "My account"),
    ("Un rendez-vous", "An appointment"),
    ("Un paiement ou un remboursement", "A payment or a refund"),
    ("Mes données personnelles", "My personal data"),
    ("Autre chose", "Something else"),
]


def key(name: str) -> uuid.UUID:
    return uuid.uuid5(_NS, name)


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


PAGES = {
    "fr": {
        "title": "Contact",
        "slug": "contact",
        "intro": "Une question sur le service, un rendez-vous ou votre compte ? Écrivez-nous : nous "
        "répondons en général sous deux jours ouvrés. En cas d'urgence, n'utilisez pas ce "
        "formulaire : appelez le 15 ou le 112, ou le 3114 si vous pensez au suicide.",
        "body": [
            _block("heading", {"text": "Vos données personnelles", "level": "h2"}),
            _block(
                "rich_text",
                "<p>Pour voir vos données, les télécharger, les rectifier, les effacer ou vous "
                'opposer à un traitement, rendez-vous dans <a href="/fr/mon-compte/mes-donnees/">'
                "Mes données</a>, depuis votre compte. Vous pouvez aussi écrire à notre délégué "
                "à la protection des données : "
                '<a href="mailto:dpo@psyconsult.example">dpo@psyconsult.example</a>. '
                "Si vous estimez que vos droits ne sont pas respectés, vous pouvez saisir la "
                '<a href="https://www.cnil.fr/">CNIL</a>.</p>',
            ),
            _block("heading", {"text": "Une question sur une séance ?", "level": "h2"}),
            _block(
                "rich_text",
                "<p>Pour une question sur le contenu d'une séance, adressez-vous directement à votre "
                "psychologue : notre équipe n'a pas accès à vos échanges avec lui.</p>",
            ),
        ],
    },
    "en": {
        "title": "Contact",
        "slug": "contact",
        "intro": "A question about the service, an appointment or your account? Write to us: we "
        "usually reply within two working days. In an emergency, do not use this form: call 15 or "
        "112, or 3114 if you are thinking about suicide.",
        "body": [
            _block("heading", {"text": "Your personal data", "level": "h2"}),
            _block(
                "rich_text",
                "<p>To see, download, correct or erase your data, or object to its processing, go "
                'to <a href="/en/mon-compte/mes-donnees/">My data</a> in your account. You may also '
                "write to our data protection officer: "
                '<a href="mailto:dpo@psyconsult.example">dpo@psyconsult.example</a>. If you '
                "believe your rights are not respected, you may complain to the "
                '<a href="https://www.cnil.fr/">CNIL</a>, the French data protection authority.</p>',
            ),
            _block("heading", {"text": "A question about a session?", "level": "h2"}),
            _block(
                "rich_text",
                "<p>For anything about the content of a session, please contact your psychologist "
                "directly: our team has no access to your conversations.</p>",
            ),
        ],
    },
}

MESSAGES = [
    {
        "reference": key("message:account"),
        "name": "Julie Marchand",
        "email": "julie.marchand@example.fr",
        "subject": "Mon compte",
        "language": "fr",
        "message": "Bonjour,\n\nJe n'arrive pas à changer l'adresse e-mail de mon compte : le lien de "
        "confirmation ne m'est jamais parvenu. Pouvez-vous m'aider ?\n\nMerci,\nJulie",
        "status": ContactMessage.Status.NEW,
        "days_ago": 1,
    },
    {
        "reference": key("message:refund"),
        "name": "Daniel Hughes",
        "email": "daniel.hughes@example.com",
        "subject": "Un paiement ou un remboursement",
        "language": "en",
        "message": "Hello,\n\nI cancelled my session two days in advance but I cannot see the refund "
        "yet. How long does it usually take?\n\nBest regards,\nDaniel",
        "status": ContactMessage.Status.ANSWERED,
        "days_ago": 4,
    },
]


def ensure_subjects() -> dict[str, ContactSubject]:
    for order, (name, name_en) in enumerate(SUBJECTS, start=1):
        defaults = {"name_en": name_en, "sort_order": order * 10}
        ContactSubject.objects.get_or_create(name=name, defaults=defaults)
    return {subject.name: subject for subject in ContactSubject.objects.all()}


def ensure_pages(stdout) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    fr = Locale.objects.filter(language_code="fr").first()
    en = Locale.objects.filter(language_code="en").first()
    if site is None or fr is None:
        stdout.write("  contact : aucun site, pas de page de contact")
        return
    homes = {"fr": site.root_page}
    if en is not None:
        homes["en"] = site.root_page.get_translation_or_none(en)
    for language, home in homes.items():
        if home is None:
            continue
        if ContactPage.objects.filter(translation_key=key("page"), locale=home.locale).exists():
            continue
        text = PAGES[language]
        page = ContactPage(
            title=text["title"],
            # "contact-2" while an earlier demo's page still holds "contact": home's demo hands
            # the address over when it retires that page.
            slug=find_available_slug(home, text["slug"]),
            locale=home.locale,
            translation_key=key("page"),
            intro=text["intro"],
            body=json.dumps(text["body"]),
            show_in_menus=True,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        stdout.write(f"  contact : page de contact ({language}) créée")


def ensure_messages(subjects: dict[str, ContactSubject], stdout) -> None:
    now = timezone.now()
    for demo in MESSAGES:
        if ContactMessage.objects.filter(reference=demo["reference"]).exists():
            continue
        shown = selectors.privacy_policy_shown(demo["language"])
        if shown is None:
            stdout.write("  contact : pas de politique de confidentialité en vigueur, pas de message")
            return
        version, sha256 = shown
        message = ContactMessage(
            reference=demo["reference"],
            name=demo["name"],
            email=demo["email"],
            subject=subjects[demo["subject"]],
            message=demo["message"],
            language=demo["language"],
            status=demo["status"],
            created_at=now - timedelta(days=demo["days_ago"]),
        )
        message.acceptance, _created = record_acceptance(
            version=version,
            context=Acceptance.Context.CONTACT_FORM,
            consent_id=message.consent_id,
            shown_text_sha256=sha256,
        )
        message.save()
        stdout.write(f"  contact : message de démonstration {message.short_reference} créé")


def grant_editors() -> None:
    grant(
        EDITORS_GROUP,
        [
            (ContactMessage, "view_contactmessage"),
            (ContactMessage, "change_contactmessage"),
            (ContactSubject, "add_contactsubject"),
            (ContactSubject, "change_contactsubject"),
            (ContactSubject, "delete_contactsubject"),
        ],
    )


def load(*, stdout, options) -> None:
    subjects = ensure_subjects()
    ensure_pages(stdout)
    ensure_messages(subjects, stdout)
    grant_editors()
