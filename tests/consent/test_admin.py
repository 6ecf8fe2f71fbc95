"""Wagtail admin: cookie groups and cookies with their English texts, read-only receipts with CSV
export and filters, and the weekly chart."""

import re
from datetime import timedelta

import pytest
import time_machine
from cookie_consent.models import Cookie, CookieGroup
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.factories import UserFactory
from consent import selectors, stats
from consent.models import ConsentReceipt
from tests.consent.helpers import choose


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_editor_creates_a_group_with_french_and_english_texts(admin_client, groups):
    response = admin_client.post(
        "/admin/cookies/groupes/new/",
        {
            "varname": "video",
            "name": "Vidéos intégrées",
            "name_en": "Embedded videos",
            "description": "Lecture des vidéos.",
            "description_en": "Plays the videos.",
            "ordering": "30",
            "is_deletable": "on",
        },
    )

    assert response.status_code == 302
    group = CookieGroup.objects.get(varname="video")
    assert group.name == "Vidéos intégrées"
    assert group.consent_text.name_en == "Embedded videos"
    english = {g["varname"]: g for g in selectors.groups_for_display("en")}
    assert english["video"]["name"] == "Embedded videos"
    assert english["video"]["description"] == "Plays the videos."


def test_edit_form_shows_the_english_texts(admin_client, groups):
    group = CookieGroup.objects.get(varname="mesure_audience")

    html = admin_client.get(f"/admin/cookies/groupes/edit/{group.pk}/").content.decode()

    assert "Audience measurement" in html


def test_reserved_varnames_are_refused(admin_client, groups):
    response = admin_client.post(
        "/admin/cookies/groupes/new/", {"varname": "_id", "name": "x", "ordering": "0"}
    )

    assert response.status_code == 200
    assert not CookieGroup.objects.filter(varname="_id").exists()


def test_editor_adds_a_cookie_with_purpose_and_lifetime(admin_client, groups):
    group = CookieGroup.objects.get(varname="chat_assistance")

    response = admin_client.post(
        "/admin/cookies/cookies/new/",
        {
            "cookiegroup": group.pk,
            "name": "cw_snooze",
            "description": "Met en pause les messages automatiques.",
            "description_en": "Pauses automatic messages.",
            "lifetime_fr": "1 jour",
            "lifetime_en": "1 day",
            "path": "/",
            "domain": "",
        },
    )

    assert response.status_code == 302
    cookie = Cookie.objects.get(name="cw_snooze")
    assert cookie.consent_text.lifetime_en == "1 day"
    french = next(g for g in selectors.groups_for_display("fr") if g["varname"] == "chat_assistance")
    assert {
        "name": "cw_snooze",
        "domain": "",
        "purpose": "Met en pause les messages automatiques.",
        "lifetime": "1 jour",
    } in french["cookies"]


def test_receipts_list_filters_and_exports_csv(admin_client, site_ready):
    choose(admin_client, "refuse_all")
    choose(admin_client, "accept_all")
    consent_id = ConsentReceipt.objects.first().consent_id

    listing = admin_client.get("/admin/cookies/recus/", {"decision": "refuse_all"})
    assert listing.status_code == 200
    html = listing.content.decode()
    assert consent_id in html
    refusal = ConsentReceipt.objects.get(decision="refuse_all")
    # One row, the refusal (its date links to its details, as does its "Inspecter" button).
    assert set(re.findall(r'href="/admin/cookies/recus/inspect/(\d+)/"', html)) == {str(refusal.pk)}

    export = admin_client.get("/admin/cookies/recus/", {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    lines = body.strip().splitlines()
    assert len(lines) == 3  # heading + two receipts
    assert consent_id in lines[1]
    assert "accept_all" in body
    assert "refuse_all" in body


def test_receipts_can_be_filtered_by_group(admin_client, site_ready):
    choose(admin_client, "refuse_all")

    assert admin_client.get("/admin/cookies/recus/", {"group": "mesure_audience"}).status_code == 200


def test_receipts_cannot_be_added_edited_or_deleted_even_by_a_superuser(admin_client, site_ready):
    choose(admin_client, "accept_all")
    receipt = ConsentReceipt.objects.get()

    for url in (
        "/admin/cookies/recus/new/",
        f"/admin/cookies/recus/edit/{receipt.pk}/",
        f"/admin/cookies/recus/delete/{receipt.pk}/",
    ):
        assert admin_client.get(url).status_code in (302, 403)
    assert admin_client.post(f"/admin/cookies/recus/delete/{receipt.pk}/").status_code in (302, 403)
    assert ConsentReceipt.objects.filter(pk=receipt.pk).exists()
    assert admin_client.get(f"/admin/cookies/recus/inspect/{receipt.pk}/").status_code == 200


def test_weekly_counts_per_group(client, site_ready):
    now = timezone.now()
    with time_machine.travel(now - timedelta(weeks=1)):
        choose(client, "accept_all")
    client.cookies.clear()
    choose(client, "refuse_all")
    client.cookies.clear()
    choose(client, "custom", ["chat_assistance"])

    result = {item["group"]: item["rows"] for item in stats.weekly_counts(weeks=4)}

    chat = [(r["accepted"], r["refused"]) for r in result["chat_assistance"]]
    audience = [(r["accepted"], r["refused"]) for r in result["mesure_audience"]]
    assert chat == [(0, 0), (0, 0), (1, 0), (1, 1)]
    assert audience == [(0, 0), (0, 0), (1, 0), (0, 2)]
    assert max(r["refused_px"] for r in result["mesure_audience"]) == stats.BAR_WIDTH


def test_weekly_chart_page_is_an_accessible_table_with_svg_bars(admin_client, site_ready):
    choose(admin_client, "refuse_all")

    html = admin_client.get("/admin/cookies/semaines/").content.decode()

    assert "<caption" in html
    assert "<svg" in html
    assert "mesure_audience" in html


def test_weekly_chart_and_receipts_need_the_view_permission(client, site_ready):
    editor = UserFactory(is_staff=True)
    group = Group.objects.create(name="Rédaction")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)

    assert client.get("/admin/cookies/semaines/").status_code in (302, 403)
    assert client.get("/admin/cookies/recus/").status_code in (302, 403)

    group.permissions.add(Permission.objects.get(codename="view_consentreceipt"))
    assert client.get("/admin/cookies/semaines/").status_code == 200
    assert client.get("/admin/cookies/recus/").status_code == 200


def test_site_settings_hold_the_gated_code(admin_client, site_ready):
    response = admin_client.get("/admin/settings/consent/gatedcodesettings/", follow=True)

    assert response.status_code == 200
    assert "psyconsultAudience" in response.content.decode()  # the demo code, editable
