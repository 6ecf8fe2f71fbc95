"""A visitor's first journey in a real browser: home page, language switch, signup, verification."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_home_switches_to_english_and_signs_up(live_server, demo_content, browser_page):
    page = browser_page
    page.goto(live_server.url + "/")
    assert page.url.endswith("/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").first.is_visible()

    page.click(".lang-switch a[hreflang='en']")
    page.wait_for_url(re.compile(r"/en/"))
    assert page.locator("html").get_attribute("lang") == "en"

    page.click(".account-nav a[href$='/compte/signup/']")
    page.wait_for_url(re.compile(r"/en/compte/signup/"))
    page.fill("#id_email", "Camille.Durand@Example.fr")
    page.fill("#id_password1", "Un-mot-de-passe-solide-42")
    page.fill("#id_password2", "Un-mot-de-passe-solide-42")
    page.fill("#id_first_name", "Camille")
    page.fill("#id_last_name", "Durand")
    page.select_option("#id_gender", "female")
    page.fill("#id_postal_code", "69003")
    # The legal acceptances are required; the newsletter opt-in is optional and left unticked.
    assert not page.locator("#id_newsletter").is_checked()
    for checkbox in page.locator("main form input[type=checkbox][required]").all():
        checkbox.check()
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/compte/confirm-email/"))

    user = User.objects.get(email="camille.durand@example.fr")
    assert (user.first_name, user.postal_code, user.preferred_language) == ("Camille", "69003", "en")
    sent = [m for m in mail.outbox if m.to == ["camille.durand@example.fr"]]
    assert len(sent) == 1
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", sent[0].body).group(0)

    page.goto(live_server.url + urlsplit(link).path)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert user.emailaddress_set.get().verified
