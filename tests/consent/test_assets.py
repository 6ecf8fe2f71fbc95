"""The banner stays small and ours: budgets on the gzipped files, nothing inline, nothing remote."""

import gzip
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "consent" / "static" / "consent"
TEMPLATES = Path(__file__).resolve().parents[2] / "consent" / "templates"


@pytest.mark.parametrize(("name", "budget"), [("banner.js", 3 * 1024), ("banner.css", 2 * 1024)])
def test_gzipped_size_is_within_budget(name, budget):
    assert len(gzip.compress((STATIC / name).read_bytes(), compresslevel=9)) < budget


def test_templates_have_no_inline_script_or_style_and_load_nothing_remote():
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", text), template
        assert " style=" not in text, template
        assert "<style" not in text, template
        assert not re.search(r'(src|href)="(https?:)?//', text), template
