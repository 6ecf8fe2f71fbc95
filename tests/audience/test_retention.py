"""Daily counters go after 25 months, visits after 13 months (retention rule "audience")."""

from datetime import timedelta

from django.utils import timezone

from audience.models import FunnelDay, PageViewDay, Visit
from retention import rules


def test_the_rule_deletes_counters_after_25_months_and_visits_after_13(db):
    now = timezone.now()
    today = timezone.localdate(now)
    PageViewDay.objects.create(day=today - timedelta(days=25 * 31 + 1), path="/fr/", views=1)
    PageViewDay.objects.create(day=today - timedelta(days=24 * 31), path="/fr/", views=1)
    FunnelDay.objects.create(day=today - timedelta(days=26 * 31), stage=1, visits=1)
    for days in (391, 380):
        at = now - timedelta(days=days)
        Visit.objects.create(visitor_id=f"visitor{days}" * 3, started_at=at, last_seen_at=at, entry_path="/")

    rule = rules.rule("audience")
    due = rule.due(now)
    assert rule.apply(due, dry_run=True, now=now) == {"aggregates": 2, "visits": 1}
    assert PageViewDay.objects.count() == 2

    assert rule.apply(due, dry_run=False, now=now) == {"aggregates": 2, "visits": 1}
    assert list(PageViewDay.objects.values_list("day", flat=True)) == [today - timedelta(days=24 * 31)]
    assert FunnelDay.objects.count() == 0
    assert list(Visit.objects.values_list("visitor_id", flat=True)) == ["visitor380" * 3]
