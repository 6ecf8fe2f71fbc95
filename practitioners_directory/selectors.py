"""Reads: the directory's filtered, paginated results, taxonomies, profiles and their structured data."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Prefetch
from wagtail.images import get_image_model

from .models import (
    Methodology,
    PractitionerApplication,
    PractitionerPage,
    SpokenLanguage,
    Theme,
)

# Card photo: 160 px, and 320 px for high-density screens (see directory_page.html).
CARD_RENDITIONS = ("fill-160x160", "fill-320x320")
PROFILE_RENDITIONS = ("fill-320x320", "fill-640x640")


@dataclass(frozen=True)
class TaxonomyChoices:
    methodologies: list
    themes: list
    languages: list


def taxonomy_choices() -> TaxonomyChoices:
    """Every filter option, one query per taxonomy whatever the number of profiles."""
    return TaxonomyChoices(
        methodologies=list(Methodology.objects.all()),
        themes=list(Theme.objects.all()),
        languages=list(SpokenLanguage.objects.all()),
    )


def directory_queryset(*, directory, criteria: dict):
    """Live, public profiles under ``directory`` matching the cleaned filter ``criteria``.

    Filters are plain ORM lookups declared as FilterFields on PractitionerPage, so the same
    queryset can be handed to Wagtail search afterwards.
    """
    queryset = PractitionerPage.objects.live().public().child_of(directory)
    if criteria.get("methodology"):
        queryset = queryset.filter(methodologies__slug=criteria["methodology"])
    if criteria.get("theme"):
        queryset = queryset.filter(themes__slug=criteria["theme"])
    if criteria.get("language"):
        queryset = queryset.filter(languages__slug=criteria["language"])
    if criteria.get("gender"):
        queryset = queryset.filter(gender=criteria["gender"])
    if criteria.get("price_min") is not None:
        queryset = queryset.filter(price_cents__gte=criteria["price_min"])
    if criteria.get("price_max") is not None:
        queryset = queryset.filter(price_cents__lte=criteria["price_max"])
    if criteria.get("postal_code"):
        queryset = queryset.filter(postal_code=criteria["postal_code"])
    if criteria.get("department"):
        queryset = queryset.filter(department=criteria["department"])
    if criteria.get("accepting"):
        queryset = queryset.filter(accepts_new_patients=True)
    return queryset


def with_card_data(queryset, renditions=CARD_RENDITIONS):
    """Prefetch what a result card shows, so a page of results costs a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(*renditions)
    return queryset.prefetch_related(
        Prefetch("photo", queryset=images),
        Prefetch("methodologies", queryset=Methodology.objects.all()),
    )


def directory_results(*, directory, criteria: dict, page_number, per_page: int) -> PaginatorPage:
    """One page of results: by relevance for a text search, otherwise available practitioners first,
    then alphabetically."""
    queryset = with_card_data(directory_queryset(directory=directory, criteria=criteria))
    text = criteria.get("q")
    if text:
        results = queryset.search(text, operator="and")
    else:
        results = queryset.order_by("-accepts_new_patients", "last_name", "first_name", "pk")
    return Paginator(results, per_page).get_page(page_number)


def profile_for_user(user, *, language_code: str = "fr") -> PractitionerPage | None:
    """The profile a practitioner may edit: the one in the given language, else any of theirs."""
    if not user.is_authenticated:
        return None
    pages = PractitionerPage.objects.filter(user=user).select_related("locale").order_by("pk")
    for page in pages:
        if page.locale.language_code == language_code:
            return page
    return pages.first()


def profile_structured_data(*, page: PractitionerPage, request) -> dict:
    """schema.org description of a profile, for search engines (rendered as JSON-LD)."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": page.full_name,
        "givenName": page.first_name,
        "familyName": page.last_name,
        "jobTitle": page.professional_title,
        "description": page.short_bio,
        "url": page.get_full_url(request),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": page.city,
            "postalCode": page.postal_code,
            "addressCountry": "FR",
        },
        "knowsAbout": [item.label for item in (*page.methodologies.all(), *page.themes.all())],
        "knowsLanguage": [item.code or item.label for item in page.languages.all()],
        "makesOffer": {
            "@type": "Offer",
            "price": f"{page.price_euros:.2f}",
            "priceCurrency": "EUR",
            "availability": "https://schema.org/InStock"
            if page.accepts_new_patients
            else "https://schema.org/OutOfStock",
        },
    }
    if page.rpps:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "RPPS", "value": page.rpps}
    if page.photo_id:
        rendition = page.photo.get_rendition(PROFILE_RENDITIONS[0])
        data["image"] = request.build_absolute_uri(rendition.url) if request else rendition.url
    return data


def applications_for_review():
    return PractitionerApplication.objects.select_related("reviewer", "profile_page")
