"""Validation of professional numbers, locations and uploaded application documents."""

import re

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# RPPS: 11 digits; ADELI: 9 digits (the format only: the registries are the reference).
validate_rpps = RegexValidator(
    r"^\d{11}$",
    _("Le numéro RPPS comporte exactement 11 chiffres, par exemple 10001234567."),
    code="invalid_rpps",
)
validate_adeli = RegexValidator(
    r"^\d{9}$",
    _("Le numéro ADELI comporte exactement 9 chiffres, par exemple 759312345."),
    code="invalid_adeli",
)

DEPARTMENT_RE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2[AaBb]|97[1-6])$")
POSTAL_CODE_RE = re.compile(r"^\d{5}$")


def normalise_number(value: str) -> str:
    """Editors and applicants paste numbers with spaces or dots: keep the digits."""
    return re.sub(r"[\s.\-]", "", value or "")


def department_for_postal_code(postal_code: str) -> str:
    """The département code of a French postal code (2A/2B for Corsica, 97x overseas)."""
    if not POSTAL_CODE_RE.match(postal_code or ""):
        return ""
    if postal_code.startswith(("97", "98")):
        return postal_code[:3]
    if postal_code.startswith("20"):
        return "2A" if int(postal_code) < 20200 else "2B"
    return postal_code[:2]


# Application documents: the content decides the type, never the name or the browser's claim.
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}


def detect_document_type(file) -> str | None:
    """MIME type read from the file's first bytes (magic numbers), or None if unknown."""
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def validate_document(file) -> str:
    """Accept a PDF, JPEG or PNG of at most 10 MB; return its extension."""
    if file.size is not None and file.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("Le fichier pèse %(size)s : la taille maximale est de %(max)s."),
            code="document_too_large",
            params={"size": filesizeformat(file.size), "max": filesizeformat(DOCUMENT_MAX_BYTES)},
        )
    if not file.size:
        raise ValidationError(_("Le fichier est vide."), code="document_empty")
    mime = detect_document_type(file)
    if mime not in DOCUMENT_TYPES:
        raise ValidationError(
            _(
                "Le contenu de ce fichier n’est ni un PDF, ni une image JPEG ou PNG "
                "(quel que soit son nom). Joignez un document dans l’un de ces formats."
            ),
            code="document_type",
        )
    return DOCUMENT_TYPES[mime]
