"""The cookie banner and settings page in Debian's Chromium: layout, not behaviour."""

import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, demo_content):
    cache.clear()
    return live_server.url


def heading_position(tab) -> tuple[float, float]:
    """Where the main heading is on screen, and how far the page is scrolled."""
    return tab.evaluate("[document.querySelector('main h1').getBoundingClientRect().top, window.scrollY]")


def test_choosing_in_the_banner_does_not_move_the_page(site, browser_page_factory):
    """The banner overlays the bottom of the page; closing it (and giving focus back) moves nothing."""
    for width, choice in [(1280, "Tout refuser"), (375, "Tout accepter"), (375, "Enregistrer mes choix")]:
        tab = browser_page_factory(viewport={"width": width, "height": 800})
        tab.goto(site + "/fr/")
        banner = tab.get_by_role("dialog", name="Vos choix de cookies")
        banner.wait_for(state="visible")  # banner.js opens it once the page has loaded
        if choice == "Enregistrer mes choix":
            tab.get_by_role("button", name="Personnaliser").click()
        before = heading_position(tab)

        tab.get_by_role("button", name=choice).click()
        banner.wait_for(state="hidden")

        assert heading_position(tab) == before, (width, choice)
        tab.context.close()


def test_settings_page_cards_are_full_width_with_padding(site, browser_page_factory):
    for width in (1280, 375):
        tab = browser_page_factory(viewport={"width": width, "height": 800})
        tab.goto(site + "/fr/cookies/")
        boxes = tab.evaluate(
            """() => {
              const box = (e) => {
                const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                return {left: r.left, right: r.right, top: r.top, width: r.width,
                        padding: parseFloat(s.paddingLeft), border: parseFloat(s.borderLeftWidth)};
              };
              const container = box(document.querySelector("main > .container"));
              const cards = [...document.querySelectorAll("main .card")].map((card) => {
                const legend = card.querySelector(":scope > legend, :scope > h2");
                return {...box(card), legendTop: legend.getBoundingClientRect().top};
              });
              return {container, cards, scrollWidth: document.documentElement.scrollWidth};
            }"""
        )
        container, cards = boxes["container"], boxes["cards"]
        assert len(cards) >= 3, width  # the current choice, then one card per cookie group
        assert boxes["scrollWidth"] == width  # nothing wider than the screen
        for card in cards:
            assert abs(card["width"] - container["width"]) <= 1, (width, card)
            assert card["padding"] >= 16, (width, card)
            assert card["border"] >= 1, (width, card)
            # The group's name sits inside the card, not on its border.
            assert card["legendTop"] >= card["top"] + card["padding"] - 1, (width, card)
        tab.context.close()
