"""Demo: four weeks of synthetic daily counts (so the report is not empty on `make run`) and the
report's permission for the editors. Idempotent: nothing is added once counters exist."""

import random
from collections import Counter
from datetime import timedelta

from django.utils import timezone

from home.demo_support import EDITORS_GROUP, grant

from .buffer import add_counts
from .models import PageViewDay, Stage

DAYS = 28
PAGES = [
    ("/fr/", 60),
    ("/fr/annuaire/", 35),
    ("/fr/annuaire/camille-durand/", 12),
    ("/fr/annuaire/paul-lefebvre/", 9),
    ("/fr/informations-legales/politique-de-confidentialite/", 4),
    ("/fr/contact/", 5),
    ("/en/", 10),
    ("/en/directory/", 6),
]
REFERRERS = [("google.com", 18), ("qwant.com", 6), ("duckduckgo.com", 4), ("doctolib.fr", 2)]
DEVICES = [("mobile", 55), ("desktop", 38), ("tablet", 7)]
LANGUAGES = [("fr", 85), ("en", 12), ("de", 3)]
FUNNEL = [
    (int(stage), n)
    for stage, n in ((Stage.SEARCH, 20), (Stage.PROFILE, 11), (Stage.BOOKING, 4), (Stage.CONFIRMED, 2))
]


def synthetic_counts(*, days: int = DAYS, seed: int = 2026) -> dict[str, Counter]:
    rng = random.Random(seed)
    today = timezone.localdate()
    counts = {kind: Counter() for kind in ("page", "referrer", "device", "language", "funnel")}
    for back in range(days):
        day = (today - timedelta(days=back)).isoformat()
        weekday_factor = 0.6 if (today - timedelta(days=back)).weekday() >= 5 else 1.0
        scale = weekday_factor * rng.uniform(0.7, 1.3)
        for kind, table in (
            ("page", PAGES),
            ("referrer", REFERRERS),
            ("device", DEVICES),
            ("language", LANGUAGES),
            ("funnel", FUNNEL),
        ):
            for key, base in table:
                n = round(base * scale * rng.uniform(0.8, 1.2))
                if n:
                    counts[kind][(day, key)] = n
    return counts


def load(*, stdout, options):
    grant(EDITORS_GROUP, [(PageViewDay, "view_audience")])
    if PageViewDay.objects.exists():
        return []
    for kind, counts in synthetic_counts().items():
        add_counts(kind, counts)
    if options.get("verbosity", 1) > 0:
        stdout.write(f"Audience : {DAYS} jours de totaux de démonstration.")
    return []
