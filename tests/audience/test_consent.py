"""With the "mesure_audience" consent: a random visit id, visits and the booking funnel.
Refusing or withdrawing deletes the cookie and the visits at once."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from audience import buffer
from audience.models import FunnelDay, PageViewDay, Stage, Visit
from tests.audience.conftest import beacon, choose


def test_with_consent_the_visit_id_appears_and_the_path_and_funnel_are_recorded(client, groups):
    choose(client, "custom", ["mesure_audience"])

    first = beacon(client, "/fr/annuaire/", s=Stage.SEARCH)
    cookie = first.cookies["psy_visit"]
    assert cookie["max-age"] == 390 * 24 * 3600
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert cookie["path"] == "/"
    second = beacon(client, "/fr/annuaire/dr-martin/", s=Stage.PROFILE)
    assert "psy_visit" not in second.cookies  # set once: later visits do not extend it
    beacon(client, "/fr/rendez-vous/reserver/1/x/", s=Stage.BOOKING)
    beacon(client, "/fr/annuaire/", s=Stage.SEARCH)  # back to the list: the funnel does not go back
    buffer.flush()

    visit = Visit.objects.get()
    assert visit.visitor_id == cookie.value
    assert visit.entry_path == "/fr/annuaire/"
    assert visit.pages == 4
    assert visit.stage == Stage.BOOKING
    assert dict(FunnelDay.objects.values_list("stage", "visits")) == {1: 1, 2: 1, 3: 1}
    assert PageViewDay.objects.get(path="/fr/annuaire/").views == 2  # the daily counts move too


def test_a_visit_ends_after_thirty_minutes_without_a_page(client, groups):
    choose(client, "accept_all")
    beacon(client, "/fr/")
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        beacon(client, "/fr/contact/", s=Stage.PROFILE)
    visits = list(Visit.objects.order_by("started_at").values_list("entry_path", "pages", "stage"))
    assert visits == [("/fr/", 1, 0), ("/fr/contact/", 1, 2)]
    assert len(set(Visit.objects.values_list("visitor_id", flat=True))) == 1


def test_withdrawing_deletes_the_cookie_and_the_visits_at_once(client, groups):
    choose(client, "accept_all")
    beacon(client, "/fr/")
    beacon(client, "/fr/annuaire/")
    other = client.__class__()
    choose(other, "accept_all")
    beacon(other, "/fr/")
    assert Visit.objects.count() == 2
    mine = client.cookies["psy_visit"].value

    response = choose(client, "custom", ["chat_assistance"])

    assert response.cookies["psy_visit"]["max-age"] == 0
    assert response.cookies["psy_visit"].value == ""
    assert not Visit.objects.filter(visitor_id=mine).exists()
    assert Visit.objects.count() == 1  # the other browser's visit stays
    client.cookies.pop("psy_visit", None)
    after = beacon(client, "/fr/")
    assert "psy_visit" not in after.cookies
    assert Visit.objects.count() == 1


def test_the_engines_decline_endpoint_also_forgets_the_visit(client, groups):
    choose(client, "accept_all")
    beacon(client, "/fr/")
    response = client.post("/cookies/decline/", {"cookie_groups": "mesure_audience"})
    assert response.cookies["psy_visit"]["max-age"] == 0
    assert Visit.objects.count() == 0


def test_a_leftover_cookie_without_consent_is_deleted_with_its_visits(client, groups):
    choose(client, "accept_all")
    beacon(client, "/fr/")
    visitor = client.cookies["psy_visit"].value
    client.cookies.pop("cookie_consent")  # the decision is gone (expired, cleared)

    response = beacon(client, "/fr/")

    assert response.status_code == 204
    assert response.cookies["psy_visit"]["max-age"] == 0
    assert not Visit.objects.filter(visitor_id=visitor).exists()


def test_refusing_sets_no_cookie_and_only_daily_counts_move(client, groups):
    choose(client, "refuse_all")
    response = beacon(client, "/fr/annuaire/", s=Stage.SEARCH)
    buffer.flush()
    assert "psy_visit" not in response.cookies
    assert Visit.objects.count() == 0
    assert FunnelDay.objects.count() == 0
    assert PageViewDay.objects.get(path="/fr/annuaire/").views == 1
