"""Demo content of the directory: taxonomies, the directory page (fr, en), 32 practitioners with
locally generated portraits, a demo practitioner account, applications in every status.

`load_demo_content --practitioners N` also ensures N extra generated profiles for scale tests;
they are inserted in bulk (no revision, one search-index pass), 1,000 in a few seconds.
Idempotent: everything is found again by a fixed key (translation key, slug, e-mail).
"""

import io
import random
import time
import unicodedata
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from accounts.models import User

from .models import (
    DirectoryPage,
    Methodology,
    Practitioner,
    PractitionerApplication,
    PractitionerPage,
    SpokenLanguage,
    Theme,
)
from .validators import department_for_postal_code

DEMO_PRACTITIONER_EMAIL = "praticienne@psyconsult.example"
DEMO_PASSWORD = "psyconsult-demo-2026"  # noqa: S105 - a published demo login, never a real one
CURATED_COUNT = 32
IMAGE_POOL_SIZE = 12
_NS = uuid.UUID("0b7e4c1e-3f7a-4c55-9d0e-5a4f7f2b8c31")


def key(name: str) -> uuid.UUID:
    return uuid.uuid5(_NS, name)


METHODOLOGIES = [
    ("tcc", "Thérapies cognitives et comportementales (TCC)", "Cognitive behavioural therapy (CBT)"),
    ("psychodynamique", "Approche psychodynamique", "Psychodynamic therapy"),
    ("systemique", "Thérapie systémique et familiale", "Systemic and family therapy"),
    ("emdr", "EMDR", "EMDR"),
    ("humaniste", "Approche humaniste", "Humanistic therapy"),
    ("act", "Thérapie d’acceptation et d’engagement (ACT)", "Acceptance and commitment therapy (ACT)"),
    ("hypnose", "Hypnose ericksonienne", "Ericksonian hypnosis"),
    ("pleine-conscience", "Pleine conscience", "Mindfulness-based therapy"),
    ("schemas", "Thérapie des schémas", "Schema therapy"),
]
THEMES = [
    ("anxiete", "Anxiété", "Anxiety"),
    ("depression", "Dépression", "Depression"),
    ("epuisement", "Stress et épuisement professionnel", "Work stress and burnout"),
    ("deuil", "Deuil", "Grief"),
    ("traumatismes", "Traumatismes", "Trauma"),
    ("couple-famille", "Couple et famille", "Couples and families"),
    ("estime-de-soi", "Estime de soi", "Self-esteem"),
    ("sommeil", "Troubles du sommeil", "Sleep problems"),
    ("addictions", "Addictions", "Addictions"),
    ("perinatalite", "Périnatalité", "Perinatal care"),
    ("alimentation", "Troubles alimentaires", "Eating disorders"),
    ("jeunes-adultes", "Adolescents et jeunes adultes", "Adolescents and young adults"),
]
LANGUAGES = [
    ("francais", "Français", "French", "fr"),
    ("anglais", "Anglais", "English", "en"),
    ("espagnol", "Espagnol", "Spanish", "es"),
    ("allemand", "Allemand", "German", "de"),
    ("italien", "Italien", "Italian", "it"),
    ("arabe", "Arabe", "Arabic", "ar"),
    ("portugais", "Portugais", "Portuguese", "pt"),
    ("lsf", "Langue des signes française", "French Sign Language", "fsl"),
]
FEMALE_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Sarah", "Inès", "Julie", "Claire", "Émilie", "Pauline",
    "Hélène", "Nadia", "Sophie", "Anaïs", "Mathilde", "Aurélie", "Céline", "Marion", "Yasmina", "Lucie",
]  # fmt: skip
MALE_NAMES = [
    "Thomas", "Nicolas", "Julien", "Antoine", "Karim", "Hugo", "Maxime", "Olivier", "Romain", "Mathieu",
    "Samuel", "Vincent", "Benoît", "Rachid", "Étienne", "Louis", "Adrien", "Pierre", "Bastien", "Yann",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Simon", "Michel", "Garcia",
    "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "Perrin",
    "Morin", "Benali", "Nguyen", "Da Silva", "Lemoine", "Carpentier", "Haddad", "Marchand", "Renaud",
]  # fmt: skip
CITIES = [
    ("Paris", "75011"), ("Paris", "75014"), ("Lyon", "69003"), ("Villeurbanne", "69100"),
    ("Marseille", "13006"), ("Bordeaux", "33000"), ("Lille", "59000"), ("Nantes", "44000"),
    ("Toulouse", "31000"), ("Strasbourg", "67000"), ("Montpellier", "34000"), ("Rennes", "35000"),
    ("Nice", "06000"), ("Grenoble", "38000"), ("Dijon", "21000"), ("Tours", "37000"),
    ("Angers", "49100"), ("Clermont-Ferrand", "63000"), ("Rouen", "76000"), ("Ajaccio", "20000"),
    ("Chambéry", "73000"), ("Brest", "29200"), ("Metz", "57000"), ("Caen", "14000"),
    ("Limoges", "87000"), ("Poitiers", "86000"), ("Annecy", "74000"), ("Pau", "64000"),
    ("Perpignan", "66000"), ("Amiens", "80000"), ("Besançon", "25000"), ("Orléans", "45000"),
]  # fmt: skip
TITLES = {
    "female": ["Psychologue clinicienne", "Psychologue, psychothérapeute", "Neuropsychologue",
               "Psychologue du travail", "Psychologue clinicienne spécialisée en périnatalité"],
    "male": ["Psychologue clinicien", "Psychologue, psychothérapeute", "Neuropsychologue",
             "Psychologue du travail", "Psychologue clinicien spécialisé en addictologie"],
}  # fmt: skip
TITLES_EN = {
    "Psychologue clinicienne": "Clinical psychologist",
    "Psychologue clinicien": "Clinical psychologist",
    "Psychologue, psychothérapeute": "Psychologist and psychotherapist",
    "Neuropsychologue": "Neuropsychologist",
    "Psychologue du travail": "Occupational psychologist",
    "Psychologue clinicienne spécialisée en périnatalité": "Clinical psychologist, perinatal care",
    "Psychologue clinicien spécialisé en addictologie": "Clinical psychologist, addiction care",
}
PALETTE = [(31, 78, 121), (46, 117, 89), (128, 57, 92), (150, 75, 0), (60, 60, 120), (0, 105, 120)]


@dataclass
class Profile:
    index: int
    first_name: str
    last_name: str
    gender: str
    title: str
    city: str
    postal_code: str
    rpps: str
    adeli: str
    price_cents: int
    minutes: int
    accepts: bool
    methodologies: list
    themes: list
    languages: list
    years: int


def generate_profile(index: int, rng: random.Random, taxonomies) -> Profile:
    gender = "female" if rng.random() < 0.7 else "male"
    first = rng.choice(FEMALE_NAMES if gender == "female" else MALE_NAMES)
    city, postal_code = rng.choice(CITIES)
    has_rpps = rng.random() < 0.85
    languages = [taxonomies["languages"]["francais"]]
    if rng.random() < 0.35:
        languages.append(rng.choice(list(taxonomies["languages"].values())[1:]))
    return Profile(
        index=index,
        first_name=first,
        last_name=rng.choice(LAST_NAMES),
        gender=gender,
        title=rng.choice(TITLES[gender]),
        city=city,
        postal_code=postal_code,
        # Fictional numbers in the right format (10… for RPPS, département + 93 for ADELI).
        rpps=f"10{rng.randrange(10**9):09d}" if has_rpps else "",
        adeli="" if has_rpps else f"{postal_code[:2]}93{rng.randrange(10**5):05d}",
        price_cents=rng.randrange(45, 95, 5) * 100,
        minutes=rng.choice([45, 50, 50, 60]),
        accepts=rng.random() < 0.8,
        methodologies=rng.sample(list(taxonomies["methodologies"].values()), rng.randint(1, 3)),
        themes=rng.sample(list(taxonomies["themes"].values()), rng.randint(2, 4)),
        languages=list(dict.fromkeys(languages)),
        years=rng.randint(3, 25),
    )


def bio_fr(p: Profile) -> tuple[str, str]:
    themes = ", ".join(t.name.lower() for t in p.themes[:3])
    methods = " et ".join(m.name for m in p.methodologies[:2])
    short = f"{p.title} à {p.city}, j’accompagne les adultes sur : {themes}."
    long = (
        f"<p>Psychologue depuis {p.years} ans, je reçois en téléconsultation des adultes qui traversent "
        f"une période difficile ou souhaitent mieux se comprendre.</p>"
        f"<p>Je m’appuie principalement sur : {methods}. Le premier entretien permet de faire le point "
        f"sur votre demande et de convenir ensemble d’un rythme de séances.</p>"
    )
    return short, long


def bio_en(p: Profile) -> tuple[str, str]:
    themes = ", ".join(t.name_en.lower() for t in p.themes[:3])
    methods = " and ".join(m.name_en for m in p.methodologies[:2])
    short = f"{TITLES_EN.get(p.title, 'Psychologist')} based in {p.city}, I work with adults on: {themes}."
    long = (
        f"<p>A psychologist for {p.years} years, I see adults by video who are going through a hard time "
        f"or wish to understand themselves better.</p>"
        f"<p>I mainly draw on {methods}. The first session is for understanding what brings you and "
        f"agreeing together on a rhythm of sessions.</p>"
    )
    return short, long


# --- Building blocks ----------------------------------------------------------------------------


def ensure_taxonomies() -> dict:
    def ensure(model, rows):
        found = {}
        for order, row in enumerate(rows):
            slug, name, name_en, *rest = row
            extra = {"code": rest[0]} if rest else {}
            found[slug], _ = model.objects.get_or_create(
                slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order, **extra}
            )
        return found

    return {
        "methodologies": ensure(Methodology, METHODOLOGIES),
        "themes": ensure(Theme, THEMES),
        "languages": ensure(SpokenLanguage, LANGUAGES),
    }


def unidecode_initials(first_name: str, last_name: str) -> str:
    letters = (first_name[:1] + last_name[:1]).upper()
    return unicodedata.normalize("NFKD", letters).encode("ascii", "ignore").decode()


def portrait_png(initials: str, colour) -> bytes:
    """A coloured square with initials: made here with Pillow, never downloaded."""
    image = PILImage.new("RGB", (480, 480), colour)
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=190)
    except TypeError:  # pragma: no cover - Pillow without FreeType
        font = ImageFont.load_default()
    draw.text((240, 240), initials, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def silhouette_png(colour) -> bytes:
    """A neutral head-and-shoulders avatar for generated profiles (no initials to contradict)."""
    image = PILImage.new("RGB", (480, 480), colour)
    draw = ImageDraw.Draw(image)
    light = (235, 240, 245)
    draw.ellipse((165, 90, 315, 240), fill=light)
    draw.ellipse((95, 270, 385, 560), fill=light)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def ensure_image(title: str, initials: str, colour):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        name = f"{slugify(title)}.png"
        content = portrait_png(initials, colour) if initials else silhouette_png(colour)
        image = Image.objects.create(title=title, file=ImageFile(io.BytesIO(content), name=name))
    return image


def _add_first_child(parent: Page, page: Page) -> None:
    """The directory leads the menu (menu entries follow the tree order)."""
    first = parent.get_first_child()
    if first is None:
        parent.add_child(instance=page)
    else:
        first.add_sibling(pos="left", instance=page)


def ensure_directory(stdout) -> tuple[DirectoryPage | None, DirectoryPage | None]:
    fr = Locale.objects.filter(language_code="fr").first()
    home = Page.objects.filter(depth=2, locale=fr, slug="accueil").first()
    if home is None:
        site_home = Page.objects.filter(depth=2, locale=fr).first()
        home = site_home
    if home is None:
        stdout.write("  annuaire : aucune page d’accueil française, rien à faire")
        return None, None
    directory = DirectoryPage.objects.filter(translation_key=key("directory"), locale=fr).first()
    if directory is None:
        directory = DirectoryPage(
            title="Trouver un psychologue",
            slug="annuaire",
            translation_key=key("directory"),
            locale=fr,
            intro="<p>Des psychologues vérifiés par notre équipe, qui consultent en vidéo. Cherchez par nom, "
            "ville ou approche, puis affinez avec les filtres.</p>",
            seo_title="Annuaire des psychologues en téléconsultation",
            show_in_menus=True,
        )
        _add_first_child(home, directory)
        directory.save_revision().publish()
        stdout.write("  annuaire (fr) créé")
    directory_en = None
    en = Locale.objects.filter(language_code="en").first()
    if en is not None and home.get_translation_or_none(en) is not None:
        directory_en = directory.get_translation_or_none(en)
        if directory_en is None:
            # A new page with the French page's translation key (rather than copy_for_translation):
            # no slug change afterwards, hence no automatic redirects for the old path.
            directory_en = DirectoryPage(
                title="Find a psychologist",
                slug="directory",
                translation_key=directory.translation_key,
                locale=en,
                intro="<p>Psychologists checked by our team, consulting by video. Search by name, city or "
                "approach, then narrow down with the filters.</p>",
                seo_title="Directory of psychologists consulting online",
                show_in_menus=True,
            )
            _add_first_child(home.get_translation(en), directory_en)
            directory_en.save_revision().publish()
            stdout.write("  annuaire (en) créé")
        directory_en = directory_en.specific
    return directory, directory_en


def _profile_fields(p: Profile, *, english=False) -> dict:
    short, long = bio_en(p) if english else bio_fr(p)
    return {
        "title": f"{p.first_name} {p.last_name}",
        "first_name": p.first_name,
        "last_name": p.last_name,
        "gender": p.gender,
        "professional_title": TITLES_EN.get(p.title, p.title) if english else p.title,
        "rpps": p.rpps,
        "adeli": p.adeli,
        "city": p.city,
        "postal_code": p.postal_code,
        "consultation_minutes": p.minutes,
        "price_cents": p.price_cents,
        "short_bio": short,
        "presentation": long,
        "accepts_new_patients": p.accepts,
    }


def ensure_curated(directory, directory_en, taxonomies, stdout) -> list[PractitionerPage]:
    rng = random.Random(2026)
    pages = []
    created = 0
    for i in range(CURATED_COUNT):
        p = generate_profile(i, rng, taxonomies)
        page = PractitionerPage.objects.filter(
            translation_key=key(f"practitioner:{i}"), locale=directory.locale
        ).first()
        if page is None:
            page = PractitionerPage(
                translation_key=key(f"practitioner:{i}"),
                slug=find_available_slug(directory, slugify(f"{p.first_name}-{p.last_name}")),
                **_profile_fields(p),
            )
            # ASCII initials: Pillow's built-in font has no accented capitals ("É" drew a box).
            initials = unidecode_initials(p.first_name, p.last_name)
            page.photo = ensure_image(
                f"Portrait démo — {p.first_name} {p.last_name}", initials, PALETTE[i % 6]
            )
            page.methodologies.set(p.methodologies)
            page.themes.set(p.themes)
            page.languages.set(p.languages)
            directory.add_child(instance=page)
            page.save_revision().publish()
            created += 1
        if directory_en is not None and page.get_translation_or_none(directory_en.locale) is None:
            translation = page.copy_for_translation(directory_en.locale)
            for field, value in _profile_fields(p, english=True).items():
                setattr(translation, field, value)
            translation.save_revision().publish()
        pages.append(page)
    if created:
        stdout.write(f"  {created} praticiens de démonstration créés (fr et en)")
    return pages


def ensure_bulk(directory, taxonomies, count: int, stdout) -> None:
    """N generated profiles, inserted in bulk: the Wagtail tree, the taxonomies and the search
    index are written in a few statements instead of one save() (and revision) per page."""
    if count <= 0:
        return
    started = time.monotonic()
    wanted = {key(f"bulk:{i}"): i for i in range(count)}
    existing = set(
        PractitionerPage.objects.filter(translation_key__in=wanted, locale=directory.locale).values_list(
            "translation_key", flat=True
        )
    )
    missing = [i for k, i in wanted.items() if k not in existing]
    if not missing:
        return
    pool = [
        ensure_image(f"Portrait démo — anonyme {n:02d}", "", PALETTE[n % len(PALETTE)])
        for n in range(IMAGE_POOL_SIZE)
    ]
    rng = random.Random(1000)
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(PractitionerPage)
    directory.refresh_from_db()
    last = directory.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = directory.depth + 1

    pages, profiles = [], []
    for i in missing:
        p = generate_profile(i, rng, taxonomies)
        position += 1
        slug = slugify(f"{p.first_name}-{p.last_name}-{i + 1}")
        fields = _profile_fields(p)
        base = Page(
            content_type=content_type,
            title=fields["title"],
            draft_title=fields["title"],
            slug=slug,
            path=Page._get_path(directory.path, depth, position),
            depth=depth,
            numchild=0,
            url_path=f"{directory.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale_id=directory.locale_id,
            translation_key=key(f"bulk:{i}"),
        )
        pages.append(base)
        profiles.append((p, fields))
    Page.objects.bulk_create(pages, batch_size=500)

    practitioners = Practitioner.objects.bulk_create(
        [
            Practitioner(
                display_name=f"{p.first_name} {p.last_name}",
                consultation_minutes=fields["consultation_minutes"],
                price_cents=fields["price_cents"],
            )
            for p, fields in profiles
        ],
        batch_size=500,
    )
    children = []
    for base, (p, fields), practitioner in zip(pages, profiles, practitioners, strict=True):
        child = PractitionerPage(
            page_ptr_id=base.pk, photo=pool[p.index % len(pool)], practitioner_id=practitioner.pk
        )
        for field, value in fields.items():
            if field != "title":
                setattr(child, field, value)
        child.department = department_for_postal_code(p.postal_code)
        children.append(child)
    # Django's bulk_create refuses multi-table models; the parent rows exist, insert the child table.
    local_fields = list(PractitionerPage._meta.local_concrete_fields)
    queryset = PractitionerPage.objects.all()
    queryset._for_write = True
    queryset._batched_insert(children, local_fields, batch_size=500)
    Page.objects.filter(pk=directory.pk).update(numchild=F("numchild") + len(pages))

    for relation, attribute in (
        ("methodologies", "methodology"),
        ("themes", "theme"),
        ("languages", "spokenlanguage"),
    ):
        through = getattr(PractitionerPage, relation).through
        rows = [
            through(**{"practitionerpage_id": base.pk, f"{attribute}_id": item.pk})
            for base, (p, _fields) in zip(pages, profiles, strict=True)
            for item in getattr(p, relation)
        ]
        through.objects.bulk_create(rows, batch_size=2000)

    created = PractitionerPage.objects.filter(pk__in=[b.pk for b in pages]).prefetch_related(
        "methodologies", "themes", "languages"
    )
    get_search_backend().add_bulk(PractitionerPage, list(created))
    stdout.write(f"  {len(pages)} profils générés en {time.monotonic() - started:.1f} s")


def ensure_reviewers() -> None:
    """The demo editors' group may review applications (and see them in the admin)."""
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="practitioners_directory",
                codename__in=["review_application", "view_practitionerapplication"],
            )
        )


def ensure_demo_practitioner(profile: PractitionerPage) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=DEMO_PRACTITIONER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(
            email=DEMO_PRACTITIONER_EMAIL,
            password=DEMO_PASSWORD,
            first_name=profile.first_name,
            last_name=profile.last_name,
            gender=profile.gender,
            postal_code=profile.postal_code,
            role=User.Role.PRACTITIONER,
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    if profile.user_id is None:
        PractitionerPage.objects.filter(translation_key=profile.translation_key).update(user=user)
    # The person behind the profile is the account too: agenda, appointments, video room.
    Practitioner.objects.filter(pk=profile.practitioner_id, user=None).exclude(
        pk__in=Practitioner.objects.filter(user=user).values("pk")
    ).update(user=user)
    return user


def demo_pdf(text: str) -> bytes:
    image = PILImage.new("RGB", (595, 842), (255, 255, 255))
    ImageDraw.Draw(image).text((60, 80), text, fill=(0, 0, 0), font=ImageFont.load_default(size=22))
    buffer = io.BytesIO()
    image.save(buffer, format="PDF")
    return buffer.getvalue()


APPLICATIONS = [
    ("nina.roussel@example.fr", "Nina", "Roussel", "female", "Bordeaux", "33000", "submitted", "", "fr"),
    ("theo.marchetti@example.fr", "Théo", "Marchetti", "male", "Nice", "06000", "submitted", "", "fr"),
    ("alice.kermarrec@example.fr", "Alice", "Kermarrec", "female", "Brest", "29200", "in_review", "", "fr"),
    (
        "james.porter@example.com",
        "James",
        "Porter",
        "male",
        "Paris",
        "75010",
        "rejected",
        "Le numéro ADELI indiqué ne correspond à aucun psychologue inscrit.",
        "en",
    ),
]


def ensure_applications(taxonomies, demo_user, demo_profile) -> None:
    rng = random.Random(7)
    rows = [
        *APPLICATIONS,
        (
            demo_user.email,
            demo_user.first_name,
            demo_user.last_name,
            demo_user.gender or "female",
            demo_profile.city,
            demo_profile.postal_code,
            "approved",
            "",
            "fr",
        ),
    ]
    for email, first, last, gender, city, postal_code, status, reason, language in rows:
        if PractitionerApplication.objects.filter(email=email).exists():
            continue
        application = PractitionerApplication(
            email=email,
            first_name=first,
            last_name=last,
            gender=gender,
            city=city,
            postal_code=postal_code,
            professional_title="Psychologue clinicienne" if gender == "female" else "Psychologue clinicien",
            rpps=f"10{rng.randrange(10**9):09d}",
            motivation="Je consulte en cabinet depuis plusieurs années et souhaite proposer aussi "
            "la téléconsultation à des patients éloignés.",
            status=status,
            rejection_reason=reason,
            language=language,
        )
        if status == "approved":
            application.user = demo_user
            application.profile_page = demo_profile
        application.diploma.save(
            "document.pdf", ContentFile(demo_pdf(f"Diplôme — {first} {last}")), save=False
        )
        application.insurance.save(
            "document.pdf", ContentFile(demo_pdf(f"Attestation d’assurance — {first} {last}")), save=False
        )
        application.save()
        application.methodologies.set(rng.sample(list(taxonomies["methodologies"].values()), 2))


# --- Entry points (called by home's load_demo_content) -----------------------------------------


def add_arguments(parser) -> None:
    parser.add_argument(
        "--practitioners",
        type=int,
        default=0,
        metavar="N",
        help="Ajoute N profils de praticiens générés (tests de charge) ; sans effet s’ils existent déjà.",
    )


def load(*, stdout, options) -> list[str]:
    taxonomies = ensure_taxonomies()
    directory, directory_en = ensure_directory(stdout)
    if directory is None:
        return []
    curated = ensure_curated(directory, directory_en, taxonomies, stdout)
    ensure_bulk(directory, taxonomies, options.get("practitioners") or 0, stdout)
    ensure_reviewers()
    demo_user = ensure_demo_practitioner(curated[0])
    ensure_applications(taxonomies, demo_user, curated[0])
    return [f"Compte praticien de démonstration : {DEMO_PRACTITIONER_EMAIL} / {DEMO_PASSWORD}"]
