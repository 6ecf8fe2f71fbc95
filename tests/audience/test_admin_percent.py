"""The report's percentages follow the admin's language (the CSV export shows the same)."""

from django.utils import translation

from audience.admin_views import _percent


def test_percentages_are_written_the_french_or_the_english_way():
    with translation.override("fr"):
        assert _percent(12.5) == "12,5 %"
    with translation.override("en"):
        assert _percent(12.5) == "12.5%"
    assert _percent(None) == "—"
