"""Demo cookie groups for what the platform really uses, their cookies (names, purposes,
lifetimes, in French and English), demo gated code, and admin permissions. Idempotent: existing
groups, cookies and settings are left as editors changed them."""

from cookie_consent.models import Cookie, CookieGroup
from wagtail.models import Site

from home.demo_support import DPO_GROUP, EDITORS_GROUP, grant

from . import selectors
from .models import ConsentReceipt, CookieGroupText, CookieText, GatedCodeSettings

# (varname, required, ordering, (name fr, name en), (description fr, description en), cookies)
# cookie: (name, (purpose fr, purpose en), (lifetime fr, lifetime en))
GROUPS = [
    (
        "essentiels",
        True,
        0,
        ("Cookies indispensables", "Strictly necessary cookies"),
        (
            "Ils font fonctionner le site et le protègent : connexion à votre compte, sécurité des "
            "formulaires, langue choisie et mémoire de vos choix de cookies. "
            "Ils ne peuvent pas être refusés.",
            "They make the site work and keep it safe: signing in, form security, your chosen language "
            "and the memory of your cookie choices. They cannot be refused.",
        ),
        [
            (
                "sessionid",
                ("Maintient votre connexion à votre compte.", "Keeps you signed in."),
                (
                    "30 minutes sans activité, jusqu’à la déconnexion",
                    "30 minutes without activity, until you sign out",
                ),
            ),
            (
                "csrftoken",
                (
                    "Protège les formulaires contre les envois frauduleux depuis un autre site.",
                    "Protects forms against forged submissions from another site.",
                ),
                ("1 an", "1 year"),
            ),
            (
                "django_language",
                ("Retient la langue choisie.", "Remembers the chosen language."),
                ("session", "session"),
            ),
            (
                "messages",
                (
                    "Transmet un message de confirmation d’une page à la suivante.",
                    "Carries a confirmation message to the next page.",
                ),
                ("session", "session"),
            ),
            (
                "cookie_consent",
                (
                    "Retient vos choix de cookies, votre identifiant de consentement et leur date.",
                    "Remembers your cookie choices, your consent id and their date.",
                ),
                (
                    "6 mois après un refus, 13 mois au plus après un accord",
                    "6 months after a refusal, at most 13 months after a consent",
                ),
            ),
        ],
    ),
    (
        "mesure_audience",
        False,
        10,
        ("Mesure d’audience", "Audience measurement"),
        (
            "Sans ce cookie, nous ne comptons que des totaux par jour (pages vues, site d’origine, type "
            "d’appareil, langue), sans rien qui vous distingue. Avec votre accord, un identifiant "
            "aléatoire relie les pages d’une même visite pour comprendre le parcours jusqu’à la prise "
            "de rendez-vous. Tout reste sur nos serveurs : rien n’est transmis à un tiers.",
            "Without this cookie we only count daily totals (page views, referring site, device type, "
            "language), with nothing that tells you apart. With your consent, a random id links the "
            "pages of one visit to understand the path to booking an appointment. Everything stays "
            "on our servers: nothing is passed on to anyone else.",
        ),
        [
            (
                "psy_visit",
                (
                    "Identifiant aléatoire qui relie les pages de vos visites (page d’entrée, pages vues, "
                    "étapes jusqu’à la réservation). Supprimé, avec les visites enregistrées, dès que "
                    "vous retirez votre accord.",
                    "Random id that links the pages of your visits (entry page, pages seen, steps to "
                    "booking). Deleted, with the recorded visits, as soon as you withdraw your consent.",
                ),
                (
                    "13 mois au plus, non prolongés par vos visites",
                    "at most 13 months, not extended by your visits",
                ),
            ),
        ],
    ),
    (
        "chat_assistance",
        False,
        20,
        ("Chat d’assistance", "Support chat"),
        (
            "Une fenêtre de discussion avec notre équipe d’assistance, développée et hébergée par "
            "nous : vos messages restent sur la plateforme et ne sont transmis à aucun tiers. "
            "Connecté·e à votre compte, vous y avez accès sans ce cookie.",
            "A chat window with our support team, built and hosted by us: your messages stay on the "
            "platform and are passed on to no one. Signed in to your account, you can use it without "
            "this cookie.",
        ),
        [
            (
                "psy_chat",
                (
                    "Identifiant aléatoire qui retrouve votre conversation avec l’assistance d’une page "
                    "à l’autre ; supprimé dès que vous retirez votre accord.",
                    "A random identifier that finds your conversation with support from one page to the "
                    "next; deleted as soon as you withdraw your consent.",
                ),
                ("12 mois", "12 months"),
            ),
        ],
    ),
]

# Cookies earlier demo data listed that nothing sets any more (audience measurement is now the
# first-party audience app, whose only cookie is psy_visit): removed so the list stays true.
RETIRED_COOKIES = {"mesure_audience": ["_pk_id*", "_pk_ses*"]}
RETIRED_DESCRIPTION_START = "Nous comptons les visites et les pages vues avec Matomo"

# The audience measurement needs no gated code (audience/: the server sets psy_visit only with
# the consent); this marker only lets the gating be seen. The chat stand-in sets its cookie.
DEMO_AUDIENCE_CODE = """/* Démonstration : la mesure d’audience est servie par l’application audience. */
window.psyconsultAudience = true;
"""
# The earlier demo stand-in (it set Matomo-like cookies): replaced where an editor left it as is.
RETIRED_AUDIENCE_CODE_START = "/* Démonstration : remplacez par le code de Matomo"
# The support chat is the platform's own (support/, static/support/chat.js, which reads the same
# consent): its gated code only tells the page that the chat group is accepted; it sets no cookie.
DEMO_CHAT_CODE = """/* Chat d’assistance : le nôtre (static/support/chat.js), aucun code tiers. */
window.psyconsultChat = true;
"""


def ensure_groups() -> int:
    created = 0
    for varname, required, ordering, names, descriptions, cookies in GROUPS:
        group, made = CookieGroup.objects.get_or_create(
            varname=varname,
            defaults={
                "name": names[0],
                "description": descriptions[0],
                "is_required": required,
                "is_deletable": not required,
                "ordering": ordering,
            },
        )
        created += made
        if group.description.startswith(RETIRED_DESCRIPTION_START):
            group.description = descriptions[0]
            group.save(update_fields=["description"])
            CookieGroupText.objects.filter(group=group).update(description_en=descriptions[1])
        Cookie.objects.filter(cookiegroup=group, name__in=RETIRED_COOKIES.get(varname, [])).delete()
        CookieGroupText.objects.get_or_create(
            group=group, defaults={"name_en": names[1], "description_en": descriptions[1]}
        )
        for name, purposes, lifetimes in cookies:
            cookie, made = Cookie.objects.get_or_create(
                cookiegroup=group, name=name, domain="", defaults={"description": purposes[0], "path": "/"}
            )
            created += made
            CookieText.objects.get_or_create(
                cookie=cookie,
                defaults={
                    "description_en": purposes[1],
                    "lifetime_fr": lifetimes[0],
                    "lifetime_en": lifetimes[1],
                },
            )
    selectors.invalidate_display()
    return created


def ensure_gated_code() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    code = GatedCodeSettings.for_site(site)
    if code.audience_code.startswith(RETIRED_AUDIENCE_CODE_START):
        code.audience_code = DEMO_AUDIENCE_CODE
        code.save(update_fields=["audience_code"])
    if code.audience_group_id or code.chat_group_id or code.audience_code or code.chat_code:
        return  # already configured by an editor (or a previous run)
    groups = {
        g.varname: g for g in CookieGroup.objects.filter(varname__in=["mesure_audience", "chat_assistance"])
    }
    code.audience_group = groups.get("mesure_audience")
    code.audience_code = DEMO_AUDIENCE_CODE
    code.chat_group = groups.get("chat_assistance")
    code.chat_code = DEMO_CHAT_CODE
    code.save()


def load(*, stdout, options):
    created = ensure_groups()
    ensure_gated_code()
    editable = [(CookieGroup, f"{a}_cookiegroup") for a in ("add", "change", "delete", "view")]
    editable += [(Cookie, f"{a}_cookie") for a in ("add", "change", "delete", "view")]
    grant(EDITORS_GROUP, [*editable, (ConsentReceipt, "view_consentreceipt")])
    grant(DPO_GROUP, [(ConsentReceipt, "view_consentreceipt")])
    if options.get("verbosity", 1) > 0:
        stdout.write(f"Cookies : {created} groupe(s) ou cookie(s) créé(s).")
    return []
