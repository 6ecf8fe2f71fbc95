"""The client's address behind trusted reverse proxies, read by one helper everywhere."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts.factories import UserFactory
from common.http import client_ip
from consent import demo as consent_demo
from consent.models import ConsentReceipt
from legal import services
from legal.factories import make_version
from legal.models import Acceptance


def request(remote="198.51.100.7", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_NETWORKS, settings.TRUSTED_PROXY_COUNT = [], 0
    assert client_ip(request(forwarded="203.0.113.9")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),  # one proxy of ours
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two of ours
        ("10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged claim on the left is skipped
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not from our proxy: header ignored
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
        ("10.0.0.2", "not-an-address", ""),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_trusted_proxy_networks_are_skipped_from_the_right(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXY_NETWORKS, settings.TRUSTED_PROXY_COUNT = ["10.0.0.0/8"], 0
    assert client_ip(request(remote, forwarded)) == expected


@pytest.mark.parametrize(
    ("forwarded", "count", "expected"),
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9, 10.0.0.3", 2, "203.0.113.9"),
        (None, 1, "198.51.100.7"),
    ],
)
def test_a_number_of_trusted_proxies_counts_hops_from_the_right(settings, forwarded, count, expected):
    settings.TRUSTED_PROXY_NETWORKS, settings.TRUSTED_PROXY_COUNT = [], count
    assert client_ip(request(forwarded=forwarded)) == expected


@pytest.fixture
def behind_varnish(settings):
    settings.TRUSTED_PROXY_NETWORKS = ["127.0.0.0/8"]
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}


def test_the_ledger_records_the_clients_network_not_the_proxys(db, behind_varnish):
    version = make_version("privacy_policy", 1, effective_at=timezone.now() - timedelta(days=1))
    person = UserFactory()
    seen = request(behind_varnish["REMOTE_ADDR"], behind_varnish["HTTP_X_FORWARDED_FOR"])
    services.record_acceptance(version=version, context="signup", user=person, request=seen)
    assert Acceptance.objects.get(user=person).ip_network == "203.0.113.0/24"


def test_cookie_receipts_record_the_clients_network(client, db, behind_varnish):
    consent_demo.ensure_groups()
    make_version("cookie_policy", 1, effective_at=timezone.now() - timedelta(days=1))
    client.post(
        "/cookies/choix/",
        {"choice": "refuse_all", "next": "/fr/"},
        HTTP_SEC_FETCH_SITE="same-origin",
        **behind_varnish,
    )
    assert ConsentReceipt.objects.get().ip_network == "203.0.113.0/24"


TOO_MANY = "Trop de tentatives de connexion échouées"


def _fail_login(client, email, forwarded):
    response = client.post(
        "/fr/compte/login/",
        {"login": email, "password": "mauvais"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return TOO_MANY in response.content.decode()


@pytest.mark.parametrize(("trusted", "second_visitor_locked"), [(["127.0.0.0/8"], False), ([], True)])
def test_failed_logins_are_counted_per_client_behind_the_proxy(
    client, db, settings, trusted, second_visitor_locked
):
    settings.TRUSTED_PROXY_NETWORKS = trusted
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}

    first_visitor = [_fail_login(client, "a@example.fr", "203.0.113.9") for _ in range(4)]
    second_visitor = _fail_login(client, "b@example.fr", "198.51.100.20")

    assert first_visitor == [False, False, False, True]
    assert second_visitor is second_visitor_locked
