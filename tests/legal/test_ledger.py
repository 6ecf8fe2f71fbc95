"""The acceptance ledger: one writer, append-only, idempotent, minimised."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import RequestFactory
from django.utils import timezone

from accounts.factories import UserFactory
from legal import services
from legal.factories import ensure_documents, ensure_locales, make_version
from legal.models import Acceptance
from legal.rendering import render_version


def _request(ip="203.0.113.77", ua="Mozilla/5.0 (X11; Linux) Test"):
    return RequestFactory().post("/", REMOTE_ADDR=ip, HTTP_USER_AGENT=ua)


def test_record_acceptance_stores_hash_language_truncated_ip_and_user_agent(user, privacy_v1):
    row, created = services.record_acceptance(
        version=privacy_v1, context=Acceptance.Context.SIGNUP, request=_request(), user=user
    )
    assert created
    assert row.text_sha256 == render_version(privacy_v1).sha256
    assert len(row.text_sha256) == 64
    assert row.language == "fr"
    assert row.ip_network == "203.0.113.0/24"
    assert row.user_agent.startswith("Mozilla/5.0")
    assert row.version_number == 1
    assert row.document_id == privacy_v1.document_id


def test_accepting_the_same_version_twice_records_it_once(user, privacy_v1):
    first, created_first = services.record_acceptance(version=privacy_v1, context="reacceptance", user=user)
    second, created_second = services.record_acceptance(version=privacy_v1, context="reacceptance", user=user)
    assert created_first
    assert not created_second
    assert first.pk == second.pk
    assert Acceptance.objects.filter(user=user).count() == 1


def test_each_context_keeps_its_own_proof_of_the_same_version(user, privacy_v1):
    signup, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    newsletter, created = services.record_acceptance(version=privacy_v1, context="newsletter", user=user)
    assert created
    assert newsletter.pk != signup.pk
    assert newsletter.context == "newsletter"
    again, created_again = services.record_acceptance(version=privacy_v1, context="newsletter", user=user)
    assert not created_again
    assert again.pk == newsletter.pk
    assert Acceptance.objects.filter(user=user).count() == 2


def test_the_database_refuses_a_second_row_for_the_same_version_and_context(user, privacy_v1):
    row, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(
            user=user,
            document=privacy_v1.document,
            version=privacy_v1,
            version_number=1,
            context="signup",
            language="fr",
            text_sha256="a" * 64,
            chain_previous=row.chain_hash,
            chain_hash="b" * 64,
        )


def test_accepting_the_english_translation_of_an_accepted_version_records_nothing(user, privacy_v1):
    english = make_version(
        "privacy_policy",
        1,
        language="en",
        translation_of=privacy_v1,
        effective_at=privacy_v1.effective_at,
        requires_reacceptance=True,
    )
    services.record_acceptance(version=privacy_v1, context="reacceptance", user=user)
    _row, created = services.record_acceptance(version=english, context="reacceptance", user=user)
    assert not created


def test_english_acceptance_records_the_english_text_and_language(user, privacy_v1):
    english = make_version(
        "privacy_policy", 1, language="en", translation_of=privacy_v1, effective_at=privacy_v1.effective_at
    )
    row, _ = services.record_acceptance(version=english, context="signup", user=user)
    assert row.language == "en"
    assert row.version_id == english.pk
    assert row.text_sha256 == render_version(english).sha256 != render_version(privacy_v1).sha256


def test_an_old_version_cannot_be_accepted(user, privacy_v1):
    make_version("privacy_policy", 2, effective_at=timezone.now() - timedelta(days=1))
    with pytest.raises(services.AcceptanceRefused):
        services.record_acceptance(version=privacy_v1, context="signup", user=user)
    assert not Acceptance.objects.exists()


def test_a_draft_version_cannot_be_accepted(user, documents):
    draft = make_version("privacy_policy", 1, publish=False)
    with pytest.raises(services.AcceptanceRefused):
        services.record_acceptance(version=draft, context="signup", user=user)


def test_an_announced_version_can_be_accepted_early(user, privacy_v1):
    announced = make_version(
        "privacy_policy", 2, effective_at=timezone.now() + timedelta(days=10), requires_reacceptance=True
    )
    _row, created = services.record_acceptance(version=announced, context="reacceptance", user=user)
    assert created


def test_a_wrong_text_hash_is_refused(user, privacy_v1):
    with pytest.raises(services.TextMismatch):
        services.record_acceptance(
            version=privacy_v1, context="signup", user=user, shown_text_sha256="0" * 64
        )


def test_anonymous_consent_id_is_recorded_once(documents):
    cookie = make_version("cookie_policy", 1)
    services.record_acceptance(version=cookie, context="cookie_banner", consent_id="c0ffee")
    services.record_acceptance(version=cookie, context="cookie_banner", consent_id="c0ffee")
    assert Acceptance.objects.filter(consent_id="c0ffee").count() == 1


def test_either_a_user_or_a_consent_id_is_required(privacy_v1, user):
    with pytest.raises(ValueError, match="exactly one"):
        services.record_acceptance(version=privacy_v1, context="signup")
    with pytest.raises(ValueError, match="exactly one"):
        services.record_acceptance(version=privacy_v1, context="signup", user=user, consent_id="x")


def test_a_row_without_subject_is_refused_by_the_database(privacy_v1):
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(
            document=privacy_v1.document,
            version=privacy_v1,
            version_number=1,
            context="signup",
            language="fr",
            text_sha256="a" * 64,
            # Well-formed chain columns, so only the missing subject is at fault.
            chain_previous="0" * 64,
            chain_hash="b" * 64,
        )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("192.0.2.201", "192.0.2.0/24"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("not-an-ip", ""),
        (None, ""),
    ],
)
def test_ip_addresses_are_truncated_to_their_network(raw, expected):
    assert services.minimise_ip(raw) == expected


def test_a_version_someone_accepted_cannot_be_deleted(user, privacy_v1):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    with pytest.raises(ProtectedError):
        privacy_v1.delete()


def test_a_user_with_acceptances_cannot_be_deleted(user, privacy_v1):
    services.record_acceptance(version=privacy_v1, context="signup", user=user)
    with pytest.raises(ProtectedError):
        user.delete()


@pytest.mark.postgres
def test_postgresql_refuses_update_and_delete_of_ledger_rows(user, privacy_v1):
    row, _ = services.record_acceptance(version=privacy_v1, context="signup", user=user)
    for sql in (
        "UPDATE legal_acceptance SET context = 'booking' WHERE id = %s",
        "UPDATE legal_acceptance SET text_sha256 = repeat('0', 64) WHERE id = %s",
        "DELETE FROM legal_acceptance WHERE id = %s",
    ):
        with (
            pytest.raises(Exception, match="legal_acceptance_append_only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [row.pk])
    row.refresh_from_db()
    assert row.context == "signup"


@pytest.mark.postgres
def test_postgresql_refuses_changing_the_text_of_a_published_version(privacy_v1):
    with (
        pytest.raises(Exception, match="legal_version_frozen_once_published"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE legal_policyversion SET title = 'Autre' WHERE id = %s", [privacy_v1.pk])
    # Wagtail's own bookkeeping columns stay writable (locking, live flag...).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE legal_policyversion SET locked = true WHERE id = %s", [privacy_v1.pk])
    privacy_v1.refresh_from_db()
    assert privacy_v1.locked
    assert privacy_v1.title != "Autre"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_record_one_row():
    ensure_locales()
    ensure_documents()
    version = make_version("privacy_policy", 1, effective_at=timezone.now() - timedelta(days=3))
    person = UserFactory()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def accept():
        try:
            barrier.wait(timeout=10)
            results.append(services.record_acceptance(version=version, context="signup", user=person))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Acceptance.objects.filter(user=person).count() == 1
    assert {row.pk for row, _created in results} == {Acceptance.objects.get(user=person).pk}
    assert sorted(created for _row, created in results) == [False, True]
