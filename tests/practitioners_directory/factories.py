"""Builders for profiles, taxonomies and applications (tests only)."""

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from practitioners_directory.models import (
    Methodology,
    PractitionerApplication,
    PractitionerPage,
    SpokenLanguage,
    Theme,
)

_counter = itertools.count(1)


def png_bytes(size=(24, 24), colour=(40, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(24, 24)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 120, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_image(title="Portrait"):
    from django.core.files.images import ImageFile

    n = next(_counter)
    return get_image_model().objects.create(
        title=f"{title} {n}", file=ImageFile(io.BytesIO(png_bytes()), name=f"portrait-{n}.png")
    )


def taxonomy(model, name, slug=None, **extra):
    obj, _ = model.objects.get_or_create(slug=slug or name.lower(), defaults={"name": name, **extra})
    return obj


def methodology(name, slug=None):
    return taxonomy(Methodology, name, slug)


def theme(name, slug=None):
    return taxonomy(Theme, name, slug)


def language(name, slug=None, code=""):
    return taxonomy(SpokenLanguage, name, slug, code=code)


def make_practitioner(directory, *, methodologies=(), themes=(), languages=(), photo=True, **fields):
    n = next(_counter)
    values = {
        "first_name": "Camille",
        "last_name": f"Praticien{n:04d}",
        "gender": "female",
        "professional_title": "Psychologue clinicienne",
        "rpps": f"{10000000000 + n}",
        "city": "Lyon",
        "postal_code": "69003",
        "price_cents": 6000,
        "short_bio": "Accompagnement des adultes en téléconsultation.",
        "accepts_new_patients": True,
    }
    values.update(fields)
    values.setdefault("title", f"{values['first_name']} {values['last_name']}")
    page = PractitionerPage(**values)
    if photo:
        page.photo = make_image()
    page.methodologies.set(list(methodologies))
    page.themes.set(list(themes))
    page.languages.set(list(languages))
    directory.add_child(instance=page)
    if page.live:
        # What publishing does: the practitioner behind the page (tests create pages live).
        from practitioners_directory.services import share_practitioner_facts

        share_practitioner_facts(page)
    return page


def document(name="diplome.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_application(**fields):
    values = {
        "first_name": "Nina",
        "last_name": "Roussel",
        "gender": "female",
        "email": f"nina.roussel{next(_counter)}@example.fr",
        "postal_code": "33000",
        "city": "Bordeaux",
        "professional_title": "Psychologue clinicienne",
        "rpps": "10001234567",
        "motivation": "Je souhaite proposer des téléconsultations.",
        "language": "fr",
    }
    values.update(fields)
    methodologies = values.pop("methodologies", ())
    application = PractitionerApplication(**values)
    application.diploma.save("document.pdf", document().file, save=False)
    application.insurance.save("document.pdf", document().file, save=False)
    application.save()
    application.methodologies.set(methodologies)
    return application
