"""The contact form on the contact page: validation, spam traps, rate limit, the legal ledger."""

import time

import pytest
from django.core import mail
from django.db import connection

from contact.forms import started_token
from contact.models import ContactMessage
from legal.factories import make_version
from legal.models import Acceptance
from legal.rendering import render_version
from legal.selectors import invalidate_legal_state
from legal.services import record_acceptance

from .conftest import SUPPORT, form_data

pytestmark = pytest.mark.django_db
URL = {"fr": "/fr/contact/", "en": "/en/contact/"}


def post(client, data, language="fr", **extra):
    return client.post(URL[language], data, **extra)


def test_the_page_shows_the_form_with_the_privacy_policy_in_force_linked(client, contact_pages, privacy):
    response = client.get(URL["fr"])

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # a CSRF token and a timestamp: never cached
    assert 'href="/fr/informations-legales/politique-de-confidentialite/v1/"' in html
    assert f'name="privacy_version" value="{privacy["fr"].pk}"' in html
    assert f'value="{render_version(privacy["fr"]).sha256}"' in html
    assert "Les champs marqués d’un astérisque (*) sont obligatoires." in html
    assert '<option value="" selected>Choisissez un sujet</option>' in html
    assert html.index("Mon compte") < html.index("Un paiement")  # in the editors' order
    # The honeypot is out of the accessibility tree and the tab order.
    assert '<div class="form-trap" aria-hidden="true">' in html
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html


def test_empty_fields_are_named_with_a_clear_message_and_nothing_is_stored(client, contact_pages, privacy):
    response = post(client, {"started": started_token(time.time() - 10)})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Votre message n’a pas pu être envoyé : corrigez les points signalés ci-dessous." in html
    assert "Indiquez votre nom." in html
    assert "Indiquez l’adresse e-mail à laquelle vous répondre." in html
    assert "Choisissez le sujet de votre message." in html
    assert "Écrivez votre message." in html
    assert "Cochez cette case pour envoyer votre message." in html
    assert ContactMessage.objects.count() == 0
    assert Acceptance.objects.count() == 0
    assert mail.outbox == []


def test_a_bad_email_address_is_refused_and_what_was_typed_is_kept(client, contact_pages, privacy, subjects):
    response = post(client, form_data(privacy["fr"], subjects["account"], email="julie@"))

    html = response.content.decode()
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr." in html
    assert "je n&#x27;arrive pas à me connecter." in html
    assert ContactMessage.objects.count() == 0


def test_a_message_is_stored_encrypted_with_its_acceptance_against_the_version_shown(
    client, contact_pages, privacy, subjects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data(privacy["fr"], subjects["account"]), REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 302
    assert response["Location"] == URL["fr"]
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.subject, message.language, message.status) == (
        "Julie Marchand",
        "julie@example.fr",
        subjects["account"],
        "fr",
        ContactMessage.Status.NEW,
    )
    assert message.message == "Bonjour,\nje n'arrive pas à me connecter."
    # The column holds a token, not the text.
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM contact_contactmessage WHERE id = %s", [message.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("gAAAA")
    assert "connecter" not in raw
    acceptance = message.acceptance
    assert acceptance.context == Acceptance.Context.CONTACT_FORM
    assert acceptance.consent_id == f"contact:{message.reference}"
    assert acceptance.user is None
    assert acceptance.version == privacy["fr"]
    assert acceptance.text_sha256 == render_version(privacy["fr"]).sha256
    assert acceptance.ip_network == "203.0.113.0/24"
    followed = client.get(response["Location"]).content.decode()
    assert f"Merci, votre message est bien parti (référence {message.short_reference})." in followed


def test_a_signed_in_sender_accepts_as_themselves(client, contact_pages, privacy, subjects):
    from accounts.factories import UserFactory

    user = UserFactory(email="nina@example.fr", first_name="Nina", last_name="Roussel")
    record_acceptance(version=privacy["fr"], context=Acceptance.Context.SIGNUP, user=user)
    client.force_login(user)
    page = client.get(URL["fr"]).content.decode()
    assert 'value="nina@example.fr"' in page  # prefilled from the account

    response = post(client, form_data(privacy["fr"], subjects["account"], email="nina@example.fr"))

    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.user == user
    assert message.acceptance.user == user
    assert message.acceptance.consent_id is None
    assert message.acceptance.version_number == 1


def test_the_english_page_shows_the_english_policy_and_records_it(
    client, contact_pages, privacy, subjects, django_capture_on_commit_callbacks
):
    html = client.get(URL["en"]).content.decode()
    assert f'name="privacy_version" value="{privacy["en"].pk}"' in html
    assert "My account" in html

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data(privacy["en"], subjects["account"]), language="en")

    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.language == "en"
    assert message.acceptance.version == privacy["en"]
    assert message.acceptance.language == "en"


def test_a_version_replaced_since_the_page_was_shown_is_refused_with_the_new_one_to_read(
    client, contact_pages, privacy, subjects
):
    data = form_data(privacy["fr"], subjects["account"])
    v2 = make_version("privacy_policy", 2)
    invalidate_legal_state()

    response = post(client, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "La politique de confidentialité a été mise à jour depuis l’ouverture de cette page" in html
    assert f'name="privacy_version" value="{v2.pk}"' in html  # the new version, to read and tick
    assert 'href="/fr/informations-legales/politique-de-confidentialite/v2/"' in html
    assert 'name="accept_privacy_policy" required id="id_accept_privacy_policy" checked' not in html
    assert ContactMessage.objects.count() == 0
    assert Acceptance.objects.count() == 0


def test_a_text_hash_that_is_not_the_version_shown_is_refused(client, contact_pages, privacy, subjects):
    response = post(client, form_data(privacy["fr"], subjects["account"], privacy_sha256="0" * 64))

    assert response.status_code == 400
    assert "lisez la nouvelle version, puis cochez de nouveau la case." in response.content.decode()
    assert ContactMessage.objects.count() == 0


def test_a_filled_honeypot_looks_sent_to_the_robot_but_stores_and_sends_nothing(
    client, contact_pages, privacy, subjects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data(privacy["fr"], subjects["account"], website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == URL["fr"]
    assert "Merci, votre message est bien parti" in client.get(URL["fr"]).content.decode()
    assert ContactMessage.objects.count() == 0
    assert Acceptance.objects.count() == 0
    assert mail.outbox == []


def test_a_form_sent_too_fast_is_refused_with_a_clear_message_then_goes_through(
    client, contact_pages, privacy, subjects, settings
):
    settings.CONTACT_MIN_FILL_SECONDS = 3
    token = started_token(time.time())
    response = post(client, form_data(privacy["fr"], subjects["account"], started=token))

    assert response.status_code == 400
    assert "Votre message a été envoyé trop vite après l’ouverture de la page" in response.content.decode()
    assert ContactMessage.objects.count() == 0

    # The same page, sent again a little later (its token is kept), goes through.
    later = form_data(privacy["fr"], subjects["account"], started=started_token(time.time() - 4))
    response = post(client, later)
    assert response.status_code == 302


def test_a_forged_or_missing_timestamp_is_refused(client, contact_pages, privacy, subjects):
    response = post(client, form_data(privacy["fr"], subjects["account"], started="1700000000"))

    assert response.status_code == 400
    assert "Ce formulaire a expiré ou n’a pas pu être vérifié" in response.content.decode()
    assert ContactMessage.objects.count() == 0


def test_messages_are_rate_limited_per_network_with_a_clear_429(
    client, contact_pages, privacy, subjects, settings
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "contact_message": "2/h/key"}
    data = form_data(privacy["fr"], subjects["account"])

    statuses = [post(client, data, REMOTE_ADDR=f"198.51.100.{n}").status_code for n in (1, 2, 3)]

    assert statuses == [302, 302, 429]  # three addresses, one /24 network
    response = post(client, data, REMOTE_ADDR="198.51.100.77")
    assert response.status_code == 429
    assert "Trop de messages" in response.content.decode()
    assert "Votre message n’a pas été envoyé." in response.content.decode()
    assert ContactMessage.objects.count() == 2
    # Another network is not held back.
    assert post(client, data, REMOTE_ADDR="192.0.2.1").status_code == 302


def test_an_unknown_subject_is_refused(client, contact_pages, privacy, subjects):
    subjects["payment"].active = False
    subjects["payment"].save()

    response = post(client, form_data(privacy["fr"], subjects["payment"]))

    assert response.status_code == 400
    assert "Choisissez un sujet dans la liste." in response.content.decode()


def test_without_a_privacy_policy_in_force_the_form_is_closed(client, contact_pages, privacy, subjects):
    for version in privacy.values():
        version.unpublish()
    invalidate_legal_state()

    assert "Le formulaire est momentanément indisponible." in client.get(URL["fr"]).content.decode()
    response = post(client, form_data(privacy["fr"], subjects["account"]))
    assert response.status_code == 400
    assert ContactMessage.objects.count() == 0


def test_the_forward_goes_to_the_support_address_with_the_sender_as_reply_to(
    client, contact_pages, privacy, subjects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data(privacy["fr"], subjects["account"]))

    message = ContactMessage.objects.get()
    forward, ack = sorted(mail.outbox, key=lambda m: m.to != [SUPPORT])
    assert forward.to == [SUPPORT]
    assert forward.reply_to == ["Julie Marchand <julie@example.fr>"]
    assert forward.subject == f"[Contact {message.short_reference}] Mon compte"
    assert "je n'arrive pas à me connecter." in forward.body
    assert f"/admin/contact/messages/inspect/{message.pk}/" in forward.body
    assert ack.to == ["julie@example.fr"]
    assert ack.subject == f"Nous avons bien reçu votre message ({message.short_reference})"
    assert "connecter" not in ack.body  # no copy of the text: it may hold health details
    assert "cet e-mail ne reprend pas le texte de votre message" in ack.body
    message.refresh_from_db()
    assert message.forwarded_at
    assert message.acknowledged_at


def test_the_acknowledgement_is_in_the_senders_language(
    client, contact_pages, privacy, subjects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        data = form_data(privacy["en"], subjects["account"], message="My session link is broken.")
        post(client, data, language="en")

    message = ContactMessage.objects.get()
    (ack,) = [m for m in mail.outbox if m.to == ["julie@example.fr"]]
    assert ack.subject == f"We have received your message ({message.short_reference})"
    assert "My account" in ack.body
    assert "broken" not in ack.body
    (forward,) = [m for m in mail.outbox if m.to == [SUPPORT]]
    assert forward.subject.endswith("] Mon compte")  # the support team reads French


def test_each_email_is_sent_once_even_if_its_task_runs_again(
    client, contact_pages, privacy, subjects, django_capture_on_commit_callbacks
):
    from contact.tasks import acknowledge_contact_message, forward_contact_message

    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data(privacy["fr"], subjects["account"]))
    message = ContactMessage.objects.get()

    assert forward_contact_message.call(message.pk) is False
    assert acknowledge_contact_message.call(message.pk) is False
    assert len(mail.outbox) == 2


def test_a_name_with_a_comma_stays_one_reply_to_address(
    client, contact_pages, privacy, subjects, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data(privacy["fr"], subjects["account"], name="Marchand,\nJulie"))

    (forward,) = [m for m in mail.outbox if m.to == [SUPPORT]]
    assert forward.reply_to == ['"Marchand, Julie" <julie@example.fr>']
