"""The chat in Chromium, served by Daphne (HTTP and WebSockets): a visitor accepts the chat in the
cookie banner, opens the chat and writes; the agent signed in to the admin sees it and answers; the
visitor sees the answer. Withdrawing the consent hides the chat and removes its cookie, in the
visitor's other tabs too."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.conftest import axe_violations, signed_in_context
from tests.consultations.servers import Daphne

from .conftest import make_agent

ONLINE = "En ligne : les visiteurs peuvent vous écrire."
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def server():
    daphne = Daphne()
    yield daphne
    daphne.stop()


def _signed_in_context(browser, server, user):
    return signed_in_context(browser, server.url, user)


def _errors(page):
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    return page


def test_a_visitor_who_accepts_the_chat_reaches_an_agent_in_the_admin(
    browser,
    server,
    home_page,
    groups,
    cookie_policy,
    always_open,
):
    agent = make_agent()
    agent_page = _errors(_signed_in_context(browser, server, agent).new_page())
    agent_page.goto("/admin/assistance/")
    expect(agent_page.locator("#support-agent-status")).to_have_text(
        "En ligne : les visiteurs peuvent vous écrire."
    )

    visitor_context = browser.new_context(base_url=server.url, locale="fr-FR")
    visitor = _errors(visitor_context.new_page())
    visitor.goto("/fr/")
    opener = visitor.get_by_role("button", name="Discuter avec l’assistance")
    expect(opener).to_be_hidden()  # no consent yet

    visitor.get_by_role("button", name="Personnaliser").click()
    visitor.locator("#cc-g-chat_assistance").check()
    visitor.get_by_role("button", name="Enregistrer mes choix").click()
    expect(opener).to_be_visible()  # at once, without reloading

    opener.click()
    dialog = visitor.get_by_role("dialog", name="Chat d’assistance")
    expect(dialog).to_be_visible()
    expect(visitor.get_by_label("Votre message")).to_be_focused()
    expect(visitor.locator("#support-chat-status")).to_have_text("Un membre de l’équipe vous répond.")
    assert "psy_chat" in {c["name"] for c in visitor_context.cookies()}
    assert axe_violations(visitor) == []

    visitor.get_by_label("Votre message").fill("Bonjour, où est ma facture ?")
    dialog.get_by_role("button", name="Envoyer").click()
    expect(visitor.locator("#support-chat-log")).to_contain_text("Bonjour, où est ma facture ?")

    # The agent's list refreshes with the new conversation; the agent opens it and answers.
    link = agent_page.get_by_role("link", name="Conversation n°")
    expect(link).to_be_visible(timeout=15000)
    link.click()
    expect(agent_page.locator("#support-agent-log")).to_contain_text("Bonjour, où est ma facture ?")
    expect(agent_page.locator("#support-agent-status")).to_have_text(
        "En ligne : les visiteurs peuvent vous écrire."
    )
    agent_page.get_by_label("Votre réponse").fill("Dans Mon compte, rubrique Mes rendez-vous.")
    agent_page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(agent_page.locator("#support-agent-log")).to_contain_text("Dans Mon compte")
    violations = Axe().run(agent_page, context="#support-agent").response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []

    expect(visitor.locator("#support-chat-log")).to_contain_text("Dans Mon compte, rubrique Mes rendez-vous.")

    # Escape closes the dialog and gives the focus back to the button.
    visitor.get_by_label("Votre message").focus()
    visitor.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()

    # A second tab with the chat open, connected (the conversation is shown).
    other = _errors(visitor_context.new_page())
    other.goto("/fr/")
    other.get_by_role("button", name="Discuter avec l’assistance").click()
    expect(other.locator("#support-chat-log")).to_contain_text("Dans Mon compte")

    # Withdrawing the chat consent: the chat goes, so does its cookie.
    visitor.goto("/fr/cookies/")
    visitor.get_by_label("J’accepte : Chat d’assistance").uncheck()
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Enregistrer mes choix").click()
    expect(visitor.get_by_role("button", name="Discuter avec l’assistance")).to_be_hidden()
    assert "psy_chat" not in {c["name"] for c in visitor_context.cookies()}
    # The other tab loses the chat at once too: the server closed its socket.
    expect(other.get_by_role("dialog", name="Chat d’assistance")).to_be_hidden()
    expect(other.get_by_role("button", name="Discuter avec l’assistance")).to_be_hidden()
    assert visitor.console_errors == []
    assert other.console_errors == []
    assert agent_page.console_errors == []


def test_with_nobody_to_answer_the_message_goes_to_the_contact_form_prefilled(
    browser, server, contact_pages, groups, cookie_policy, always_open
):
    visitor = _errors(browser.new_context(base_url=server.url, locale="fr-FR").new_page())
    visitor.goto("/fr/")
    contact = visitor.locator("#support-chat-contact")
    expect(contact).to_be_visible()  # no consent: the contact form is offered
    visitor.get_by_role("button", name="Tout accepter").click()
    expect(contact).to_be_hidden()
    visitor.get_by_role("button", name="Discuter avec l’assistance").click()
    expect(visitor.locator("#support-chat-status")).to_contain_text("L’équipe n’est pas disponible")
    visitor.get_by_label("Votre message").fill("Je n’arrive pas à me connecter.")
    visitor.get_by_role("dialog").get_by_role("button", name="Envoyer").click()
    link = visitor.get_by_role("link", name="Envoyer ce message par le formulaire de contact")
    expect(link).to_be_visible()
    link.click()
    expect(visitor.locator("#id_message")).to_have_value("Je n’arrive pas à me connecter.")
    assert visitor.console_errors == []
