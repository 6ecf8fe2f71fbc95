"""A booking bans the pages showing the practitioner's slots in Varnish (pagecache.frontend),
through the task worker after commit; nothing is sent without VARNISH_URL."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.factories import UserFactory
from booking import services
from pagecache import frontend
from tests.booking.conftest import at

pytestmark = pytest.mark.django_db


class FrontCache(BaseHTTPRequestHandler):
    """Records what it receives, as Varnish would see it."""

    received: list[tuple[str, str, str]] = []

    def do_BAN(self):
        FrontCache.received.append((self.command, self.headers["Host"], self.headers["X-Ban-Url"]))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FrontCache)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FrontCache.received = []
    settings.VARNISH_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield FrontCache.received
    server.shutdown()


def test_the_bans_name_the_profile_and_the_directory_not_the_other_profiles(two_bookable):
    booked, other = two_bookable
    bans = frontend.slot_page_bans(booked.pk)
    patterns = {pattern for _host, pattern in bans}
    assert patterns == {"^" + re.escape(booked.pages.get().url), "^" + re.escape("/fr/annuaire/")}
    assert "^" + re.escape(other.pages.get().url) not in patterns
    assert {host for host, _pattern in bans} == {"localhost"}  # the site's host, as Wagtail's purges


def test_a_booking_sends_the_bans_after_commit(
    front_cache, bookable, friday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.hold_slot(practitioner=bookable, person=UserFactory(), start=at(1), visit="first")
    banned = {pattern for _method, _host, pattern in front_cache}
    assert set(frontend.slot_page_bans(bookable.pk)) <= {(host, p) for _m, host, p in front_cache}
    assert r"^/fr/annuaire/" in banned


def test_nothing_is_sent_without_a_front_cache(
    settings, bookable, friday, django_capture_on_commit_callbacks
):
    settings.VARNISH_URL = ""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.hold_slot(practitioner=bookable, person=UserFactory(), start=at(1), visit="first")
    assert not any("ban_slot_pages" in repr(callback) for callback in callbacks)
