"""The English catalogue is complete, compiled, and actually used by the English pages."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"


def parse_po(path: Path) -> list[dict]:
    """A minimal .po reader: one dict per entry (flags, msgid, msgid_plural, msgstr list).

    Obsolete entries (`#~`) are ignored, like gettext does. Good enough for files written by
    makemessages/msgcat: every string is a sequence of double-quoted C-style literals.
    """
    entries, current, field = [], None, None

    def finish():
        if current is not None and "msgid" in current:
            entries.append(current)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
                current, field = None, None
            continue
        if current is None:
            current = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            current["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(field, int):
                current["msgstr"][field] += value
            else:
                current[field] += value
        else:
            keyword, _, literal = line.partition(" ")
            value = ast.literal_eval(literal)
            if keyword.startswith("msgstr["):
                field = int(keyword[len("msgstr[") : -1])
                current["msgstr"][field] = value
            elif keyword == "msgstr":
                field = 0
                current["msgstr"][0] = value
            else:
                field = keyword
                current[keyword] = value
    finish()
    return entries


@pytest.fixture(scope="module")
def english_entries():
    entries = parse_po(EN_PO)
    assert len(entries) > 100, "the English catalogue looks truncated"
    return entries


def test_english_catalogue_has_no_untranslated_entry(english_entries):
    untranslated = [e["msgid"] for e in english_entries if e["msgid"] and not all(e["msgstr"].values())]
    assert untranslated == []


def test_english_catalogue_has_no_fuzzy_entry_not_even_the_header(english_entries):
    fuzzy = [e["msgid"] or "<header>" for e in english_entries if "fuzzy" in e["flags"]]
    assert fuzzy == []


def test_plural_entries_have_a_singular_and_a_plural_form(english_entries):
    plurals = [e for e in english_entries if "msgid_plural" in e]
    assert plurals, "the catalogue is expected to contain plural entries"
    for entry in plurals:
        assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]


def test_compiled_english_catalogue_matches_the_po_file(english_entries):
    """Catches a .po edited without running compilemessages."""
    with EN_MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in english_entries:
        if not entry["msgid"]:
            continue
        if "msgid_plural" in entry:
            got = [compiled.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
            expected = [entry["msgstr"][0], entry["msgstr"][1]]
        elif "msgctxt" in entry:
            got, expected = compiled.pgettext(entry["msgctxt"], entry["msgid"]), entry["msgstr"][0]
        else:
            got, expected = compiled.gettext(entry["msgid"]), entry["msgstr"][0]
        if got != expected:
            stale.append(entry["msgid"])
    assert stale == []


@pytest.mark.django_db
def test_english_signup_page_is_in_english(client):
    response = client.get("/en/compte/signup/")

    assert response.status_code == 200
    html = response.content.decode()
    for english in (
        "Sign Up",
        "First name",
        "Last name",
        "Postcode",
        "Create an account",
        "Skip to main content",
    ):
        assert english in html
    for french in ("Prénom", "Code postal", "Créer un compte", "Aller au contenu principal"):
        assert french not in html


# --- The admin in French: library labels translated, no raw values ------------------------------

# Admin models of libraries we configure whose labels come from the library (English msgids).
LIBRARY_MODELS = ("cookie_consent.CookieGroup", "cookie_consent.Cookie")
SAME_IN_BOTH_LANGUAGES = {"Cookie", "Cookies", "Description", "ID", "Version"}


def _labels(model) -> list:
    labels = [model._meta.verbose_name, model._meta.verbose_name_plural]
    for field in model._meta.get_fields():
        labels += [getattr(field, "verbose_name", ""), getattr(field, "help_text", "")]
    return [label for label in labels if label]


def test_library_models_shown_in_our_admin_have_french_labels():
    from django.apps import apps
    from django.utils import translation

    untranslated = []
    for dotted in LIBRARY_MODELS:
        for label in _labels(apps.get_model(dotted)):
            with translation.override("en"):
                english = str(label)
            with translation.override("fr"):
                french = str(label)
            if french == english and english not in SAME_IN_BOTH_LANGUAGES:
                untranslated.append(f"{dotted}: {english}")
    assert untranslated == []


ENGLISH_IN_FRENCH_ADMIN = ["Cookie Group", "Variable name", "Is required", "Is deletable", "Full name"]
RAW_VALUES = re.compile(r"^(None|True|False)$|\d{4}-\d\d-\d\d[T ]\d\d:\d\d", re.MULTILINE)


def _french_admin_pages():
    from cookie_consent.models import Cookie, CookieGroup

    from consent.models import ConsentReceipt
    from legal.models import Acceptance, PolicyVersion
    from practitioners_directory.models import PractitionerApplication

    pages = [
        "/admin/cookies/groupes/",
        "/admin/cookies/groupes/new/",
        f"/admin/cookies/groupes/edit/{CookieGroup.objects.first().pk}/",
        "/admin/cookies/cookies/",
        f"/admin/cookies/cookies/edit/{Cookie.objects.first().pk}/",
        "/admin/cookies/recus/",
        "/admin/snippets/legal/policyversion/",
        f"/admin/snippets/legal/policyversion/inspect/{PolicyVersion.objects.first().pk}/",
        "/admin/juridique/registre/",
        "/admin/practitioner_applications/",
    ]
    pages += [
        f"/admin/practitioner_applications/inspect/{a.pk}/" for a in PractitionerApplication.objects.all()
    ]
    pages += [f"/admin/juridique/registre/inspect/{a.pk}/" for a in Acceptance.objects.all()[:2]]
    pages += [f"/admin/cookies/recus/inspect/{r.pk}/" for r in ConsentReceipt.objects.all()[:2]]
    return pages


def _visible_text(html: str) -> str:
    """The page's text, one piece per line, without scripts, templates, hidden elements (Wagtail
    hides a "None" counter) and attributes (a <time datetime="…"> is meant for machines)."""
    html = re.sub(r"<(script|template|style)\b.*?</\1>", "", html, flags=re.S)
    html = re.sub(r"<(\w+)[^>]*\shidden[\s>][^<]*</\1>", "", html)
    return "\n".join(part.strip() for part in re.split(r"<[^>]*>", html) if part.strip())


def test_the_french_admin_shows_no_english_label_and_no_raw_value(client, demo_content):
    from accounts.factories import SuperUserFactory
    from consent import services as consent_services

    client.force_login(SuperUserFactory(email="dpo.admin@example.fr"))
    client.post(
        "/cookies/choix/", {"choice": "refuse_all", "next": "/fr/"}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert consent_services  # a receipt and a ledger row now exist to inspect

    problems = []
    for url in _french_admin_pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        problems += [(url, english) for english in ENGLISH_IN_FRENCH_ADMIN if english in text]
        problems += [(url, match.group(0)) for match in RAW_VALUES.finditer(text)]
    assert problems == [], "\n".join(map(str, problems))


def test_english_dates_have_one_format():
    from datetime import datetime

    from django.utils import formats, translation

    moment = datetime(2026, 12, 1, 14, 30)
    with translation.override("en"):
        assert formats.date_format(moment, "DATE_FORMAT") == "1 December 2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "1 December 2026, 14:30"
    with translation.override("fr"):
        assert formats.date_format(moment, "DATE_FORMAT") == "1 décembre 2026"
