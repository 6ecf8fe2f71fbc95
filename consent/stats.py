"""Per cookie group, accept and refuse counts per week, from the receipts (for editors and the DPO)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.utils import timezone

from .models import ConsentReceipt

BAR_WIDTH = 240  # px of the longest bar in the SVG chart


def week_start(moment: datetime):
    local = timezone.localtime(moment).date()
    return local - timedelta(days=local.weekday())


def weekly_counts(*, weeks: int = 12, now=None) -> list[dict]:
    """[{group, rows: [{week, accepted, refused, accepted_px, refused_px}]}], oldest week first.

    Reads only the two columns it needs, one pass: receipts are small rows, a quarter of them fit
    in memory comfortably; past that, move this to a jsonb_array_elements aggregate.
    """
    now = now or timezone.now()
    first_week = week_start(now) - timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.combine(first_week, datetime.min.time()))
    counts: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    rows = ConsentReceipt.objects.filter(created_at__gte=since).values_list("created_at", "choices")
    for created_at, choices in rows.iterator(chunk_size=2000):
        week = week_start(created_at)
        for choice in choices or []:
            counts[choice.get("group", "?")][week][0 if choice.get("accepted") else 1] += 1
    all_weeks = [first_week + timedelta(weeks=i) for i in range(weeks)]
    peak = max((max(v) for g in counts.values() for v in g.values()), default=0) or 1
    result = []
    for group in sorted(counts):
        result.append(
            {
                "group": group,
                "rows": [
                    {
                        "week": week,
                        "accepted": counts[group][week][0],
                        "refused": counts[group][week][1],
                        "accepted_px": round(BAR_WIDTH * counts[group][week][0] / peak),
                        "refused_px": round(BAR_WIDTH * counts[group][week][1] / peak),
                    }
                    for week in all_weeks
                ],
            }
        )
    return result
