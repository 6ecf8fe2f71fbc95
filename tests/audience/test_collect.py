"""Counting without consent: daily totals only, no cookie, no visit; bots, the admin and
prefetches count for nothing; the pixel counts visitors without JavaScript."""

from django.utils import timezone

from audience import buffer
from audience.models import DeviceDay, LanguageDay, PageViewDay, ReferrerDay, Visit
from tests.audience.conftest import BROWSER_UA, COLLECT, PHONE_UA, beacon


def views_of(path):
    row = PageViewDay.objects.filter(day=timezone.localdate(), path=path).first()
    return row.views if row else 0


def test_without_consent_only_the_daily_counts_move_and_nothing_identifies_the_visitor(client, groups):
    response = beacon(client, "/fr/annuaire/", r="https://www.qwant.com/?q=psy", l="fr-FR")
    beacon(client, "/fr/annuaire/", r="http://testserver/fr/", l="en-GB", ua=PHONE_UA)
    buffer.flush()

    assert response.status_code == 204
    assert not response.cookies  # no psy_visit, nothing
    assert "psy_visit" not in client.cookies
    assert Visit.objects.count() == 0
    today = timezone.localdate()
    assert views_of("/fr/annuaire/") == 2
    # Our own pages are not referrers; the other site's host only, without its query.
    assert list(ReferrerDay.objects.values_list("day", "host", "views")) == [(today, "qwant.com", 1)]
    assert dict(DeviceDay.objects.values_list("device", "views")) == {"desktop": 1, "mobile": 1}
    assert dict(LanguageDay.objects.values_list("language", "views")) == {"fr": 1, "en": 1}


def test_counts_add_up_across_flushes(client, groups):
    beacon(client, "/fr/")
    buffer.flush()
    beacon(client, "/fr/")
    beacon(client, "/fr/")
    buffer.flush()
    assert views_of("/fr/") == 3
    assert buffer.flush() == 0  # nothing left to write


def test_bots_admin_and_prefetches_are_not_counted(client, groups):
    beacon(client, "/fr/", ua="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    beacon(client, "/fr/", ua="")
    assert beacon(client, "/admin/pages/").status_code == 400
    client.post(COLLECT, {"p": "/fr/"}, HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_PURPOSE="prefetch")
    client.get("/audience/pixel.gif?p=/fr/", HTTP_USER_AGENT=BROWSER_UA, HTTP_PURPOSE="prefetch")
    buffer.flush()
    assert PageViewDay.objects.count() == 0


def test_bad_input_gets_a_400_never_a_500(client, groups):
    for path in ["", "https://evil.example/", "//evil.example/x", "/" + "a" * 300, "fr/"]:
        assert beacon(client, path).status_code == 400
    assert client.get(COLLECT).status_code == 405
    response = client.post(COLLECT, {"p": "/fr/", "s": "not-a-number"}, HTTP_USER_AGENT=BROWSER_UA)
    assert response.status_code == 204


def test_a_cross_site_beacon_is_refused(client, groups):
    response = client.post(
        COLLECT, {"p": "/fr/"}, HTTP_USER_AGENT=BROWSER_UA, HTTP_SEC_FETCH_SITE="cross-site"
    )
    buffer.flush()
    assert response.status_code == 403
    assert views_of("/fr/") == 0


def test_the_noscript_pixel_counts_a_visitor_without_javascript(client, groups):
    response = client.get("/audience/pixel.gif?p=/fr/contact/", HTTP_USER_AGENT=BROWSER_UA)
    buffer.flush()
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert views_of("/fr/contact/") == 1


def test_pages_carry_the_beacon_and_the_pixel(client, home_page, groups):
    html = client.get("/fr/").content.decode()
    assert 'src="/static/audience/beacon.js"' in html
    assert '<noscript><img class="audience-pixel" src="/audience/pixel.gif?p=/fr/"' in html


def test_the_command_writes_what_waits_in_the_buffer(client, groups, settings):
    import io

    from django.core.management import call_command

    settings.AUDIENCE_FLUSH_EVERY = 1000
    buffer.flush_due(1)  # the periodic tick is taken: the hits wait in the cache
    beacon(client, "/fr/")
    beacon(client, "/fr/")
    assert views_of("/fr/") == 0
    out = io.StringIO()
    call_command("flush_audience", stdout=out)
    assert "2 page(s) vue(s)" in out.getvalue()
    assert views_of("/fr/") == 2
