"""The English catalogue is complete, compiled, and actually used by the English pages."""

import ast
import gettext
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
