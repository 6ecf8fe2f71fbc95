"""The report in the Wagtail admin: permission, figures, chart, funnel, date range, CSV."""

import csv
import io
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from accounts.factories import UserFactory
from audience.buffer import add_counts
from audience.models import PageViewDay
from home.demo_support import EDITORS_GROUP

REPORT = "/admin/audience/"

pytestmark = pytest.mark.django_db


def staff_with(*codenames, email):
    person = UserFactory(is_staff=True, email=email)
    group = Group.objects.create(name=f"group {email}")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    person.groups.add(group)
    return person


@pytest.fixture
def figures(db):
    today = timezone.localdate()
    day = today.isoformat()
    old = (today - timedelta(days=40)).isoformat()
    add_counts("page", Counter({(day, "/fr/"): 7, (day, "/fr/annuaire/"): 3, (old, "/fr/ancienne/"): 50}))
    add_counts("referrer", Counter({(day, "qwant.com"): 2}))
    add_counts("device", Counter({(day, "mobile"): 6, (day, "desktop"): 4}))
    add_counts("language", Counter({(day, "fr"): 9, (day, "en"): 1}))
    add_counts("funnel", Counter({(day, 1): 10, (day, 2): 5, (day, 3): 2, (day, 4): 1}))
    return today


def test_an_editor_with_the_permission_reads_the_report(client, figures):
    client.force_login(staff_with("view_audience", email="editor@example.fr"))

    response = client.get(REPORT)

    html = response.content.decode()
    assert response.status_code == 200
    assert "10 pages vues" in html  # the last 30 days: the 40-day-old row is outside
    assert "/fr/ancienne/" not in html
    assert html.count("<rect ") == 30  # one bar per day, drawn on the server
    assert "qwant.com" in html
    assert "Mobile" in html
    assert "Réservation confirmée" in html
    assert "50,0 %" in html
    assert "10,0 %" in html
    assert "<script" not in html.split('id="audience-chart-title"')[1].split("</svg>")[0]


def test_the_dashboard_panel_shows_today_and_the_week(client, figures):
    client.force_login(staff_with("view_audience", email="editor@example.fr"))
    html = client.get("/admin/").content.decode()
    assert "10 pages vues aujourd’hui" in html
    assert "10 sur les 7 derniers jours" in html
    assert 'data-menu-name="audience"' in html or '"name": "audience"' in html


def test_without_the_permission_the_report_is_refused_and_hidden(client, figures):
    client.force_login(staff_with(email="other@example.fr"))
    assert client.get(REPORT).status_code == 302  # Wagtail: back to the dashboard
    html = client.get("/admin/").content.decode()
    assert "pages vues aujourd’hui" not in html


def test_the_date_range_filters_and_bad_ranges_get_a_400(client, figures):
    client.force_login(staff_with("view_audience", email="editor@example.fr"))
    start = figures - timedelta(days=45)
    end = figures - timedelta(days=35)
    html = client.get(REPORT, {"start": start, "end": end}).content.decode()
    assert "/fr/ancienne/" in html
    assert "50 pages vues" in html

    bad = client.get(REPORT, {"start": figures, "end": figures - timedelta(days=1)})
    assert bad.status_code == 400
    assert "La date de début doit précéder la date de fin." in bad.content.decode()
    assert client.get(REPORT, {"start": "hier", "end": figures}).status_code == 400
    assert client.get(REPORT, {"csv": "inconnu"}).status_code == 400


def test_each_table_exports_as_csv(client, figures):
    client.force_login(staff_with("view_audience", email="editor@example.fr"))
    query = {"start": figures - timedelta(days=1), "end": figures}

    pages = client.get(REPORT, {**query, "csv": "pages"})
    assert pages["Content-Type"].startswith("text/csv")
    assert "attachment" in pages["Content-Disposition"]
    assert list(csv.reader(io.StringIO(pages.content.decode()))) == [
        ["Page", "Pages vues"],
        ["/fr/", "7"],
        ["/fr/annuaire/", "3"],
    ]
    days = list(csv.reader(io.StringIO(client.get(REPORT, {**query, "csv": "jours"}).content.decode())))
    assert days[1:] == [[str(figures - timedelta(days=1)), "0"], [str(figures), "10"]]
    funnel = list(csv.reader(io.StringIO(client.get(REPORT, {**query, "csv": "parcours"}).content.decode())))
    assert funnel[1] == ["Recherche dans l’annuaire", "10", "—", "—"]
    assert funnel[4] == ["Réservation confirmée", "1", "10,0 %", "50,0 %"]
    for key in ("origines", "appareils", "langues", "entrees"):
        assert client.get(REPORT, {**query, "csv": key}).status_code == 200


def test_the_demo_gives_editors_the_permission_and_weeks_of_counts(demo_content):
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert editors.permissions.filter(codename="view_audience").exists()
    assert PageViewDay.objects.values("day").distinct().count() >= 21
