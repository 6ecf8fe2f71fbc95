"""The "mesure_audience" group lists the cookie audience really sets, and older demo data that
listed Matomo's cookies is brought up to date."""

from cookie_consent.models import Cookie, CookieGroup

from audience.services import COOKIE, COOKIE_MAX_AGE
from consent import demo
from consent.models import CookieText


def test_the_group_lists_psy_visit_with_its_purpose_and_lifetime(groups):
    group = CookieGroup.objects.get(varname="mesure_audience")
    assert list(group.cookie_set.values_list("name", flat=True)) == [COOKIE]
    text = CookieText.objects.get(cookie__name=COOKIE)
    assert text.lifetime_fr.startswith("13 mois au plus")
    assert COOKIE_MAX_AGE <= 13 * 31 * 24 * 3600
    assert "Matomo" not in group.description


def test_older_demo_data_with_matomo_cookies_is_corrected(db, home_page):
    group = CookieGroup.objects.create(
        varname="mesure_audience",
        name="Mesure d’audience",
        description="Nous comptons les visites et les pages vues avec Matomo, hébergé chez nous.",
    )
    Cookie.objects.create(cookiegroup=group, name="_pk_id*", path="/")
    Cookie.objects.create(cookiegroup=group, name="_pk_ses*", path="/")

    demo.ensure_groups()

    group.refresh_from_db()
    assert list(group.cookie_set.values_list("name", flat=True)) == [COOKIE]
    assert "Matomo" not in group.description
