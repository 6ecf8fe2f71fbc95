"""Demo content of the public site: home pages (fr, en), content pages, legal entity, an editor.

Idempotent: pages are found again by a fixed translation key (so renaming a page in the admin
does not duplicate it), settings and accounts by natural keys. Existing content is never
overwritten, so an editor's changes survive `make run`.

Two steps: `load` creates the pages (other apps then add theirs under the home page) and
`finish` writes the bodies, once every page they link to exists — the hero's "find a
psychologist" button leads to the directory the practitioners app creates.
"""

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import find_available_slug
from wagtail.models import GroupPagePermission, Locale, Page, Revision, Site

from .demo_support import EDITORS_GROUP, MODERATORS_GROUP
from .models import ContentPage, HomePage, LegalEntitySettings

EDITOR_EMAIL = "editeur@psyconsult.example"
EDITOR_PASSWORD = "psyconsult-demo-2026"  # noqa: S105 - a published demo login, never a real one

_KEY_NAMESPACE = uuid.UUID("6f1d1a52-5a0e-4d0b-9a3e-2f5c8f0e7b11")

LEGAL_ENTITY = {
    "company_name": "Psyconsult SAS",
    "legal_form": "Société par actions simplifiée au capital de 25 000 €",
    "registered_address": "18 rue de la Chaussée-d'Antin\n75009 Paris\nFrance",
    "siren": "912 345 675",
    "phone": "01 99 00 42 17",
    "contact_email": "contact@psyconsult.example",
    "dpo_email": "dpo@psyconsult.example",
    "supervisory_authority_name": "Commission nationale de l'informatique et des libertés (CNIL)",
    "supervisory_authority_url": "https://www.cnil.fr/",
}


def demo_translation_key(name: str) -> uuid.UUID:
    """The fixed translation key of a demo page, shared by its French and English versions."""
    return uuid.uuid5(_KEY_NAMESPACE, f"home:{name}")


# Pages made by other apps that the home content links to, found by page type among the home
# page's children (home must not import those apps). If one is missing, its links are left out.
PROVIDED_PAGES = {
    "practitioners": ("practitioners_directory", "directorypage"),
    "contact": ("contact", "contactpage"),
}

# Demo pages of earlier versions, replaced by a provided page: an untouched one is deleted, its
# links, its menu entry and its address go to the replacement.
RETIRED_PAGES = {"practitioners": "practitioners", "contact": "contact"}
# Replacements that lead the menu, as on a new site (the others keep their place).
LEADS_THE_MENU = {"practitioners"}


# ---------------------------------------------------------------------------------------------
# Content. Bodies are built once every page exists, so they can link to each other:
# `link(name)` returns the id of the demo page `name` in the same language (None if missing).
# ---------------------------------------------------------------------------------------------

Link = Callable[[str], int | None]


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _link(label: str, page_id: int | None) -> dict:
    """A page link; an empty link (no button) when the page does not exist."""
    if page_id is None:
        return {"label": "", "page": None, "route": "", "url": ""}
    return {"label": label, "page": page_id, "route": "", "url": ""}


def _route_link(label: str, route: str) -> dict:
    """A link to a page of the application (a Django view), by URL name."""
    return {"label": label, "page": None, "route": route, "url": ""}


def _no_image() -> dict:
    return {"image": None, "decorative": False, "alt_text": ""}


def _faq(heading: str, items: list[tuple[str, str]]) -> dict:
    return _block(
        "faq",
        {"heading": heading, "items": [{"question": q, "answer": a} for q, a in items]},
    )


def _features(heading: str, items: list[tuple[str, str]]) -> dict:
    return _block(
        "features",
        {"heading": heading, "items": [{"title": t, "text": x} for t, x in items]},
    )


def _cta(heading: str, text: str, label: str, page_id: int | None) -> dict | None:
    """A call to action needs its link: without the page, the block is left out."""
    if page_id is None:
        return None
    return _block("cta", {"heading": heading, "text": text, "link": _link(label, page_id)})


# The home page's call to action for psychologists leads to the application form. Earlier demos
# sent it to the contact page: `finish` moves such a block, if untouched, to the form.
APPLY_ROUTE = "practitioners_directory:apply"
PRACTITIONER_CTA = {
    "fr": {
        "heading": "Vous êtes psychologue ?",
        "text": "Proposez des consultations vidéo à des patients de toute la France, gérez vos "
        "disponibilités et recevez vos paiements sans démarche supplémentaire.",
        "label": "Déposer ma candidature",
        "earlier_label": "Nous écrire",
    },
    "en": {
        "heading": "Are you a psychologist?",
        "text": "Offer video consultations to clients all over France, manage your availability "
        "and get paid without any extra paperwork.",
        "label": "Apply to join",
        "earlier_label": "Get in touch",
    },
}


def _practitioner_cta(language: str) -> dict:
    cta = PRACTITIONER_CTA[language]
    return _block(
        "cta",
        {"heading": cta["heading"], "text": cta["text"], "link": _route_link(cta["label"], APPLY_ROUTE)},
    )


def _heading(text: str, level: str = "h2") -> dict:
    return _block("heading", {"text": text, "level": level})


def _text(html: str) -> dict:
    return _block("rich_text", html)


def home_body_fr(link: Link) -> list[dict]:
    return [
        _block(
            "hero",
            {
                "heading": "Un psychologue à votre écoute, en vidéo, sans attendre des semaines",
                "text": (
                    "Psyconsult vous aide à trouver un psychologue diplômé qui vous correspond et à "
                    "réserver une séance en vidéo depuis chez vous. Vous choisissez le praticien et "
                    "l'horaire ; le jour venu, il vous suffit de vous connecter."
                ),
                "image": _no_image(),
                "link": _link("Trouver un psychologue", link("practitioners")),
            },
        ),
        _features(
            "Pourquoi choisir Psyconsult",
            [
                (
                    "Des psychologues vérifiés",
                    "Avant de publier une fiche, nous contrôlons le diplôme et l'enregistrement "
                    "professionnel du praticien. Le titre de psychologue est protégé par la loi.",
                ),
                (
                    "Un rendez-vous en quelques minutes",
                    "Les disponibilités sont à jour. Vous réservez, vous réglez en ligne et la "
                    "confirmation arrive aussitôt dans votre boîte e-mail.",
                ),
                (
                    "Une séance vidéo confidentielle",
                    "La consultation se déroule dans votre navigateur, sans logiciel à installer. "
                    "La communication est chiffrée et la séance n'est pas enregistrée.",
                ),
                (
                    "Vos données restent les vôtres",
                    "Depuis votre compte, vous consultez, téléchargez ou supprimez vos données. "
                    "Elles ne sont ni vendues ni utilisées à des fins publicitaires.",
                ),
            ],
        ),
        _text(
            "<h2>Comment se passe une première consultation ?</h2>"
            "<ol>"
            "<li><b>Choisissez votre praticien.</b> Filtrez l'annuaire par motif de consultation, "
            "approche, langue parlée ou tarif, et lisez la présentation de chaque psychologue.</li>"
            "<li><b>Réservez un créneau.</b> Le prix de la séance est affiché avant le paiement ; "
            "vous recevez une confirmation et un rappel la veille.</li>"
            "<li><b>Rejoignez la séance.</b> À l'heure prévue, ouvrez votre rendez-vous depuis "
            "votre compte, sur ordinateur, tablette ou téléphone.</li>"
            "</ol>"
            f'<p>Tous les détails sont sur la page <a linktype="page" id="{link("how-it-works")}">'
            "Comment ça marche</a>.</p>"
        ),
        _practitioner_cta("fr"),
        _faq(
            "Questions fréquentes",
            [
                (
                    "Psyconsult peut-il m'aider en cas d'urgence ?",
                    "<p>Non, Psyconsult n'est pas un service d'urgence. En cas de danger immédiat, "
                    "appelez le <b>15</b> (SAMU) ou le <b>112</b>. Si vous avez des idées "
                    "suicidaires, ou si un proche vous inquiète, le <b>3114</b> répond jour et "
                    "nuit, gratuitement.</p>",
                ),
                (
                    "Qui peut consulter ?",
                    "<p>Le service est réservé aux personnes majeures. Il suffit de créer un "
                    "compte avec une adresse e-mail valide.</p>",
                ),
                (
                    "Les séances sont-elles remboursées ?",
                    "<p>Les séances de psychologue sont rarement prises en charge par l'Assurance "
                    "Maladie, mais de nombreuses complémentaires santé en remboursent une partie. "
                    "Une facture est disponible dans votre compte après chaque séance.</p>",
                ),
                (
                    "De quoi ai-je besoin pour la séance vidéo ?",
                    "<p>D'un ordinateur, d'une tablette ou d'un téléphone avec caméra et micro, "
                    "d'une connexion internet stable et d'un endroit calme où parler librement.</p>",
                ),
                (
                    "Puis-je annuler ou déplacer un rendez-vous ?",
                    "<p>Oui, depuis votre compte. Les conditions d'annulation du praticien sont "
                    "affichées avant que vous ne confirmiez la réservation.</p>",
                ),
            ],
        ),
    ]


def home_body_en(link: Link) -> list[dict]:
    return [
        _block(
            "hero",
            {
                "heading": "A psychologist who listens, by video, without waiting for weeks",
                "text": (
                    "Psyconsult helps you find a qualified psychologist who suits you and book a "
                    "video session from home. You choose the practitioner and the time; on the "
                    "day, all you have to do is log in."
                ),
                "image": _no_image(),
                "link": _link("Find a psychologist", link("practitioners")),
            },
        ),
        _features(
            "Why choose Psyconsult",
            [
                (
                    "Verified psychologists",
                    "Before a profile goes online, we check the practitioner's degree and "
                    "professional registration. The title of psychologist is protected by law.",
                ),
                (
                    "An appointment in minutes",
                    "Availability is kept up to date. You book, pay online and the confirmation "
                    "reaches your inbox straight away.",
                ),
                (
                    "A confidential video session",
                    "The session takes place in your browser, with nothing to install. The call "
                    "is encrypted and never recorded.",
                ),
                (
                    "Your data stays yours",
                    "From your account you can view, download or delete your data. It is never "
                    "sold or used for advertising.",
                ),
            ],
        ),
        _text(
            "<h2>What happens at a first consultation?</h2>"
            "<ol>"
            "<li><b>Choose your practitioner.</b> Filter the directory by reason for consulting, "
            "approach, language or fee, and read each psychologist's introduction.</li>"
            "<li><b>Book a slot.</b> The fee is shown before you pay; you receive a confirmation "
            "and a reminder the day before.</li>"
            "<li><b>Join the session.</b> At the agreed time, open your appointment from your "
            "account on a computer, tablet or phone.</li>"
            "</ol>"
            f'<p>Read the full details on <a linktype="page" id="{link("how-it-works")}">'
            "How it works</a>.</p>"
        ),
        _practitioner_cta("en"),
        _faq(
            "Frequently asked questions",
            [
                (
                    "Can Psyconsult help in an emergency?",
                    "<p>No, Psyconsult is not an emergency service. If someone is in immediate "
                    "danger, call <b>15</b> (SAMU) or <b>112</b>. If you are having suicidal "
                    "thoughts, or are worried about someone close to you, <b>3114</b> answers "
                    "day and night, free of charge.</p>",
                ),
                (
                    "Who can book a consultation?",
                    "<p>The service is for adults only. All you need is an account with a valid "
                    "e-mail address.</p>",
                ),
                (
                    "Are sessions reimbursed?",
                    "<p>Sessions with a psychologist are rarely covered by the French national "
                    "health insurance, but many complementary insurers (mutuelles) refund part "
                    "of them. An invoice is available in your account after each session.</p>",
                ),
                (
                    "What do I need for the video session?",
                    "<p>A computer, tablet or phone with a camera and microphone, a stable "
                    "internet connection and a quiet place where you can speak freely.</p>",
                ),
                (
                    "Can I cancel or move an appointment?",
                    "<p>Yes, from your account. The practitioner's cancellation terms are shown "
                    "before you confirm the booking.</p>",
                ),
            ],
        ),
    ]


def how_it_works_fr(link: Link) -> list[dict]:
    return [
        _heading("1. Trouver le bon praticien"),
        _text(
            "<p>Chaque fiche présente le parcours du psychologue, ses approches (thérapies "
            "cognitives et comportementales, psychodynamique, systémique…), les motifs qu'il "
            "accompagne le plus souvent, les langues parlées et le prix d'une séance.</p>"
            "<p>Prenez le temps de lire plusieurs présentations : se sentir à l'aise avec son "
            "psychologue compte beaucoup dans l'efficacité d'un suivi.</p>"
        ),
        _heading("2. Réserver et payer"),
        _text(
            "<p>Choisissez un créneau parmi les disponibilités du praticien. Vous créez votre "
            "compte si ce n'est pas déjà fait, acceptez les conditions d'utilisation et réglez "
            "la séance par carte bancaire. Le paiement est traité par un prestataire spécialisé : "
            "Psyconsult ne conserve jamais vos coordonnées bancaires.</p>"
        ),
        _heading("3. Se connecter à la séance"),
        _text(
            "<p>Quelques minutes avant l'heure, ouvrez le rendez-vous depuis votre compte et "
            "autorisez l'accès à la caméra et au micro. La séance a lieu directement dans le "
            "navigateur, sans application à installer.</p>"
            "<p>Installez-vous dans un endroit calme, où personne ne peut vous entendre, et "
            "gardez un casque ou des écouteurs à portée de main.</p>"
        ),
        _heading("Après la séance"),
        _text(
            "<p>Votre facture est disponible dans votre compte. Si vous souhaitez poursuivre, "
            "vous pouvez réserver la séance suivante avec le même praticien en quelques clics.</p>"
        ),
        _cta(
            "Prêt à faire le premier pas ?",
            "Parcourez les profils et choisissez le psychologue qui vous inspire confiance.",
            "Voir les praticiens",
            link("practitioners"),
        ),
    ]


def how_it_works_en(link: Link) -> list[dict]:
    return [
        _heading("1. Find the right practitioner"),
        _text(
            "<p>Each profile describes the psychologist's background, approaches (cognitive "
            "behavioural therapy, psychodynamic, systemic…), the issues they most often work "
            "with, the languages they speak and the fee for a session.</p>"
            "<p>Take time to read several profiles: feeling at ease with your psychologist "
            "matters a great deal for therapy to work.</p>"
        ),
        _heading("2. Book and pay"),
        _text(
            "<p>Pick a slot among the practitioner's availability. Create your account if you "
            "have not already, accept the terms of use and pay by card. Payment is handled by a "
            "specialist provider: Psyconsult never stores your card details.</p>"
        ),
        _heading("3. Join the session"),
        _text(
            "<p>A few minutes before the time, open the appointment from your account and allow "
            "access to your camera and microphone. The session runs in your browser, with no "
            "app to install.</p>"
            "<p>Settle somewhere quiet where nobody can overhear you, and keep headphones "
            "within reach.</p>"
        ),
        _heading("After the session"),
        _text(
            "<p>Your invoice is available in your account. If you wish to continue, you can "
            "book the next session with the same practitioner in a few clicks.</p>"
        ),
        _cta(
            "Ready to take the first step?",
            "Browse the profiles and choose the psychologist you feel you can trust.",
            "See the practitioners",
            link("practitioners"),
        ),
    ]


def pricing_fr(link: Link) -> list[dict]:
    return [
        _heading("Ce que vous payez"),
        _text(
            "<p>Chaque psychologue fixe librement ses honoraires. Le prix affiché sur sa fiche "
            "est le montant total de la séance : il n'y a ni abonnement ni frais cachés.</p>"
            "<p>Le règlement se fait par carte bancaire au moment de la réservation, sur une "
            "page de paiement sécurisée.</p>"
        ),
        _heading("Annuler ou déplacer une séance"),
        _text(
            "<p>Vous pouvez annuler ou déplacer un rendez-vous depuis votre compte. Les "
            "conditions d'annulation propres au praticien sont indiquées avant le paiement ; "
            "lorsqu'une annulation ouvre droit à remboursement, celui-ci est versé sur la carte "
            "utilisée.</p>"
        ),
        _heading("Se faire rembourser"),
        _text(
            "<p>Les consultations de psychologue sont en général peu ou pas prises en charge par "
            "l'Assurance Maladie. En revanche, beaucoup de complémentaires santé remboursent "
            "un nombre de séances par an : consultez votre contrat ou interrogez votre "
            "mutuelle.</p>"
            "<p>Après chaque séance, une facture au nom du praticien est disponible dans votre "
            "compte ; c'est ce document que demandent les mutuelles.</p>"
        ),
        _cta(
            "Une question sur un paiement ?",
            "Notre équipe vous répond par e-mail.",
            "Nous contacter",
            link("contact"),
        ),
    ]


def pricing_en(link: Link) -> list[dict]:
    return [
        _heading("What you pay"),
        _text(
            "<p>Each psychologist sets their own fees. The price shown on their profile is the "
            "total cost of the session: no subscription, no hidden charges.</p>"
            "<p>You pay by card when you book, on a secure payment page.</p>"
        ),
        _heading("Cancelling or moving a session"),
        _text(
            "<p>You can cancel or move an appointment from your account. The practitioner's own "
            "cancellation terms are shown before you pay; when a cancellation entitles you to a "
            "refund, it is paid back to the card you used.</p>"
        ),
        _heading("Getting reimbursed"),
        _text(
            "<p>Sessions with a psychologist are usually covered little or not at all by the "
            "French national health insurance. Many complementary insurers (mutuelles), "
            "however, refund a number of sessions per year: check your policy or ask your "
            "insurer.</p>"
            "<p>After each session, an invoice in the practitioner's name is available in your "
            "account; that is the document insurers ask for.</p>"
        ),
        _cta(
            "A question about a payment?",
            "Our team will answer by e-mail.",
            "Contact us",
            link("contact"),
        ),
    ]


@dataclass(frozen=True)
class PageText:
    title: str
    slug: str
    body: Callable[[Link], list[dict]]
    intro: str = ""
    search_description: str = ""


@dataclass(frozen=True)
class DemoPage:
    name: str
    fr: PageText
    en: PageText
    show_in_menus: bool = True


HOME = DemoPage(
    name="home",
    fr=PageText(
        title="Accueil",
        slug="accueil",
        body=home_body_fr,
        search_description=(
            "Trouvez un psychologue diplômé et consultez-le en vidéo depuis chez vous. "
            "Réservation et paiement en ligne, séances confidentielles."
        ),
    ),
    en=PageText(
        title="Home",
        slug="home",
        body=home_body_en,
        search_description=(
            "Find a qualified psychologist and consult by video from home. "
            "Online booking and payment, confidential sessions."
        ),
    ),
    show_in_menus=False,
)

CONTENT_PAGES = [
    DemoPage(
        name="how-it-works",
        fr=PageText(
            title="Comment ça marche",
            slug="comment-ca-marche",
            intro="De la recherche d'un psychologue à la séance vidéo, tout se fait en ligne, "
            "en trois étapes.",
            body=how_it_works_fr,
        ),
        en=PageText(
            title="How it works",
            slug="how-it-works",
            intro="From finding a psychologist to the video session, everything happens online, "
            "in three steps.",
            body=how_it_works_en,
        ),
    ),
    DemoPage(
        name="pricing",
        fr=PageText(
            title="Tarifs et remboursement",
            slug="tarifs-et-remboursement",
            intro="Le prix de chaque séance est affiché avant la réservation. Voici comment se "
            "passent le paiement, l'annulation et le remboursement.",
            body=pricing_fr,
        ),
        en=PageText(
            title="Fees and reimbursement",
            slug="fees-and-reimbursement",
            intro="The price of every session is shown before you book. Here is how payment, "
            "cancellation and reimbursement work.",
            body=pricing_en,
        ),
    ),
]


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


class _Loader:
    def __init__(self, stdout, verbosity: int):
        self.stdout = stdout
        self.verbosity = verbosity
        self.fr, _ = Locale.objects.get_or_create(language_code="fr")
        self.en, _ = Locale.objects.get_or_create(language_code="en")
        self.pages: dict[tuple[str, str], Page] = {}
        self.texts: dict[tuple[str, str], PageText] = {}

    def say(self, message: str) -> None:
        if self.verbosity > 0:
            self.stdout.write(f"  home : {message}")

    def link_for(self, language: str) -> Link:
        def link(name: str) -> int | None:
            page = self.pages.get((name, language)) or self.provided_page(name, language)
            return page.pk if page is not None else None

        return link

    def provided_page(self, name: str, language: str) -> Page | None:
        """The page another app made for `name` under the home page of that language, if any."""
        home = self.pages.get(("home", language))
        if home is None or name not in PROVIDED_PAGES:
            return None
        app_label, model = PROVIDED_PAGES[name]
        return (
            Page.objects.child_of(home)
            .filter(content_type__app_label=app_label, content_type__model=model)
            .order_by("path")
            .first()
        )

    # Pages ---------------------------------------------------------------------------------

    @staticmethod
    def root() -> Page:
        """Wagtail's tree root, made by its migrations (recreated if a test flush removed it)."""
        return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))

    def ensure_french_home(self) -> Page:
        return self.ensure_french(HomePage, HOME, parent=None)

    def ensure_french(self, model, demo: DemoPage, parent: Page | None) -> Page:
        """Found by its fixed key, else by slug (or as the current site root), else created."""
        key = demo_translation_key(demo.name)
        fr_page = model.objects.filter(translation_key=key, locale=self.fr).first()
        if fr_page is None and parent is not None:
            fr_page = parent.get_children().filter(slug=demo.fr.slug, locale=self.fr).specific().first()
        if fr_page is None and parent is None:
            fr_page = self._existing_site_home()
        if fr_page is None:
            fr_page = self._create(model, parent or self.root(), demo, demo.fr, self.fr, key)
        self.pages[(demo.name, "fr")] = fr_page
        self.texts[(demo.name, "fr")] = demo.fr
        return fr_page

    def ensure_page(self, model, demo: DemoPage, parent: Page | None) -> tuple[Page, Page]:
        """The French page and its English translation, each created if missing (unpublished)."""
        root = self.root()
        fr_page = self.ensure_french(model, demo, parent)
        en_page = fr_page.get_translation_or_none(self.en)
        if en_page is None:
            # Homes are siblings under Wagtail's root; other pages go under the English home.
            en_parent = root if parent is None else parent.get_translation(self.en)
            en_page = self._create(model, en_parent, demo, demo.en, self.en, fr_page.translation_key)

        self.pages[(demo.name, "en")] = en_page
        self.texts[(demo.name, "en")] = demo.en
        return fr_page, en_page

    def ensure_all_pages(self) -> None:
        fr_home = self.ensure_french_home()
        self.ensure_page(HomePage, HOME, parent=None)
        for demo in CONTENT_PAGES:
            self.ensure_page(ContentPage, demo, parent=fr_home)

    def _create(self, model, parent: Page, demo: DemoPage, text: PageText, locale, key) -> Page:
        # Created with its final slug (renaming later would leave automatic redirects behind).
        page = model(
            title=text.title,
            slug=find_available_slug(parent, text.slug),
            locale=locale,
            translation_key=key,
            show_in_menus=demo.show_in_menus,
            search_description=text.search_description,
            live=False,
        )
        if isinstance(page, ContentPage):
            page.intro = text.intro
        parent.add_child(instance=page)
        self.say(f"page « {text.title} » ({locale.language_code}) créée")
        return page

    def _existing_site_home(self) -> Page | None:
        """A French home page already serving as site root (e.g. made by hand) is reused."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site and site.root_page.specific_class is HomePage and site.root_page.locale_id == self.fr.pk:
            return site.root_page.specific
        return None

    def publish_new_pages(self) -> None:
        """Write and publish the pages `load` created: never saved yet, so no editor's work."""
        for (name, language), found in self.pages.items():
            # A fresh copy: children were added since, and publishing writes the tree fields back.
            page = type(found).objects.get(pk=found.pk)
            if page.live or page.latest_revision_id is not None:
                continue
            body = self.texts[(name, language)].body(self.link_for(language))
            page.body = json.dumps([block for block in body if block is not None])
            page.save_revision().publish()

    def retire_replaced_pages(self) -> None:
        """An untouched retired demo page gives way to the page that replaces it."""
        for retired, replacement in RETIRED_PAGES.items():
            for language, locale in (("fr", self.fr), ("en", self.en)):
                old = Page.objects.filter(
                    translation_key=demo_translation_key(retired), locale=locale
                ).first()
                new = self.provided_page(replacement, language)
                if old is None or new is None:
                    continue
                if old.numchild or Revision.objects.for_instance(old).count() > 1:
                    continue  # an editor worked on it: theirs to remove
                self._repoint_links(old.pk, new.pk, language)
                new = new.specific
                if old.show_in_menus and not new.show_in_menus:
                    new.show_in_menus = True
                    new.save_revision().publish()
                if retired in LEADS_THE_MENU:
                    # Same parent, same URL: moving creates no redirect; it shifts the siblings'
                    # tree paths, so pages are read again after it.
                    first = Page.objects.get(pk=new.pk).get_parent().get_first_child()
                    if first.pk != new.pk:
                        Page.objects.get(pk=new.pk).move(first, pos="left")
                self.say(f"page « {old.title} » ({language}) remplacée par « {new.title} »")
                old_slug = old.slug
                Page.objects.get(pk=old.pk).delete()
                self._take_over_slug(new.pk, old_slug)

    @staticmethod
    def _take_over_slug(page_id: int, slug: str) -> None:
        """The replacement, made while the retired page still held its address (so it got
        "contact-2"), takes that address back: old links and bookmarks keep working."""
        page = Page.objects.get(pk=page_id).specific
        if not re.fullmatch(rf"{re.escape(slug)}-\d+", page.slug):
            return  # a replacement with an address of its own (the directory) keeps it
        if page.get_parent().get_children().filter(slug=slug).exists():
            return
        page.slug = slug
        page.save_revision().publish()

    def _repoint_links(self, old_id: int, new_id: int, language: str) -> None:
        """Link blocks of the demo pages that lead to `old_id` now lead to `new_id`."""

        def repoint(value) -> bool:
            changed = False
            if isinstance(value, dict) and "label" in value and value.get("page") == old_id:
                value["page"] = new_id
                changed = True
            children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
            for item in children:
                changed = repoint(item) or changed
            return changed

        self._rewrite_bodies(language, repoint)

    def upgrade_practitioner_cta(self) -> None:
        """The psychologists' call to action of an earlier demo, still exactly as that demo wrote
        it (same heading, text and label, to the contact page), now leads to the application
        form. A block an editor changed in any way is theirs and stays as it is."""
        for language, cta in PRACTITIONER_CTA.items():
            contact = self.pages.get(("contact", language)) or self.provided_page("contact", language)
            if contact is None:
                continue
            earlier = {"label": cta["earlier_label"], "page": contact.pk}

            def upgrade(raw: list, cta=cta, earlier=earlier) -> bool:
                changed = False
                for block in raw:
                    if block.get("type") != "cta" or not isinstance(block.get("value"), dict):
                        continue
                    value = block["value"]
                    link = value.get("link") or {}
                    untouched = (
                        value.get("heading") == cta["heading"]
                        and value.get("text") == cta["text"]
                        and {key: link.get(key) for key in earlier} == earlier
                        and not link.get("url")
                        and not link.get("route")
                    )
                    if untouched:
                        value["link"] = _route_link(cta["label"], APPLY_ROUTE)
                        changed = True
                return changed

            if self._rewrite_bodies(language, upgrade, names=("home",)):
                self.say(f"appel « {cta['heading']} » ({language}) : lien vers le formulaire de candidature")

    def _rewrite_bodies(self, language: str, rewrite, names=None) -> bool:
        """Apply `rewrite(raw_body) -> changed` to the latest revision of the demo pages of that
        language; a changed page is published, unless an editor's unpublished draft is pending,
        which is kept a draft (the fix lands in it, unpublished)."""
        any_changed = False
        for (name, page_language), found in self.pages.items():
            if page_language != language or (names is not None and name not in names):
                continue
            current = Page.objects.get(pk=found.pk).specific
            had_draft = current.has_unpublished_changes
            page = current.get_latest_revision_as_object()
            raw = list(page.body.raw_data)
            if not rewrite(raw):
                continue
            page.body = json.dumps(raw)
            revision = page.save_revision()
            if not had_draft:
                revision.publish()
            any_changed = True
        return any_changed

    # Site, settings, editor -----------------------------------------------------------------

    def ensure_site(self, home: Page, address: str | None = None) -> Site:
        """The default site, rooted at the French home. `address` ("127.0.0.1:8000", what `make run`
        serves) becomes its hostname and port, so that links in e-mails lead back to it."""
        hostname, port = "localhost", 80
        if address:
            hostname, _colon, raw_port = address.rpartition(":")
            port = int(raw_port)
        site = (
            Site.objects.filter(hostname=hostname, port=port).first()
            or Site.objects.filter(is_default_site=True).first()
        )
        if site is None:
            site = Site(hostname=hostname, port=port)
        wanted = {
            "hostname": hostname,
            "port": port,
            "root_page_id": home.pk,
            "is_default_site": True,
            "site_name": site.site_name or "Psyconsult",
        }
        if site.pk is None or any(getattr(site, field) != value for field, value in wanted.items()):
            Site.objects.exclude(pk=site.pk).filter(is_default_site=True).update(is_default_site=False)
            for field, value in wanted.items():
                setattr(site, field, value)
            site.save()
            self.say(f"site par défaut : {hostname}:{port} → page d'accueil française")
        return site

    def remove_welcome_page(self) -> None:
        """Wagtail's install creates a bare "Welcome" page as site root; it is not needed."""
        page_type = ContentType.objects.get_for_model(Page)
        welcome_pages = Page.objects.filter(
            depth=2, slug="home", content_type=page_type, numchild=0, sites_rooted_here__isnull=True
        )
        for page in welcome_pages:
            page.delete()
            self.say("page « Welcome » de Wagtail supprimée")

    def ensure_legal_entity(self, site: Site) -> None:
        legal, created = LegalEntitySettings.objects.get_or_create(site=site, defaults=LEGAL_ENTITY)
        if created:
            self.say("entité légale créée")
        elif not legal.company_name:
            # A visit may have created an empty row before the demo was loaded.
            for field, value in LEGAL_ENTITY.items():
                setattr(legal, field, value)
            legal.save()
            self.say("entité légale complétée")

    def ensure_editor(self):
        user_model = get_user_model()
        editor, created = user_model.objects.get_or_create(
            email=EDITOR_EMAIL,
            defaults={"first_name": "Camille", "last_name": "Rivière", "is_staff": False},
        )
        if created:
            editor.set_password(EDITOR_PASSWORD)
            editor.save(update_fields=["password"])
            self.say("compte éditeur créé")
        group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
        moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        # Wagtail's install already grants these; re-adding is harmless and keeps the demo honest.
        # Moderators publish, and approve the moderation task every page edit and every
        # practitioner's profile change waits on: the demo editor is one, or nothing goes live.
        for target, actions in ((group, ("add", "change")), (moderators, ("add", "change", "publish"))):
            for action in actions:
                GroupPagePermission.objects.get_or_create(
                    group=target,
                    page=self.root(),
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=f"{action}_page"
                    ),
                )
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.get(content_type__app_label="home", codename="change_legalentitysettings"),
        )
        editor.groups.add(group, moderators)
        self._ensure_verified_email(editor)
        return editor

    @staticmethod
    def _ensure_verified_email(user) -> None:
        """The public login (allauth, mandatory verification) needs a verified address."""
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )


def add_arguments(parser) -> None:
    parser.add_argument(
        "--site-address",
        help="hôte:port où le site est servi (par exemple 127.0.0.1:8000) : adresse du site Wagtail "
        "par défaut, utilisée pour les liens des e-mails",
    )


def load(*, stdout, options) -> list[str]:
    """The pages (new ones unpublished, their bodies come in `finish`), site, settings, editor."""
    loader = _Loader(stdout, options.get("verbosity", 1))
    fr_home = loader.ensure_french_home()
    site = loader.ensure_site(fr_home, options.get("site_address"))
    # Before the English home is created: the Welcome page holds the slug "home".
    loader.remove_welcome_page()
    loader.ensure_all_pages()
    loader.ensure_legal_entity(site)
    loader.ensure_editor()
    return [f"Compte éditeur de démonstration : {EDITOR_EMAIL} / {EDITOR_PASSWORD}"]


def finish(*, stdout, options) -> None:
    """Once every app's demo is loaded: retire replaced pages, write and publish new pages."""
    loader = _Loader(stdout, options.get("verbosity", 1))
    loader.ensure_all_pages()
    loader.retire_replaced_pages()
    loader.publish_new_pages()
    loader.upgrade_practitioner_cta()
