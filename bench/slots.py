#!/usr/bin/env python
"""Slot computations in-process, as ratios to a trivial query on the same database.

    .venv/bin/python bench/slots.py [--rounds 20]

Uses BENCH_DATABASE_URL (the `psyconsult_bench` database of bench/run.py, with its demo content
and `--practitioners 1000`; run `bench/run.py directory_fr` once first). Prints, per computation,
the mean time and its ratio to `SELECT 1` (a round trip to PostgreSQL):
- week: a week of free slots for one practitioner (`booking.selectors.free_slots`);
- next_slot_1000: the next free slot of 1,000 practitioners (`booking.selectors.next_slots`).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, rounds: int) -> float:
    function()  # warm-up: connections, caches, imports
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.fmean(samples)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/psyconsult_bench"
    )
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from booking import selectors
    from booking.models import Schedule
    from practitioners_directory.models import Practitioner

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    scheduled = Practitioner.objects.filter(pk__in=Schedule.objects.values("practitioner_id"))
    one = scheduled.order_by("pk").first()
    thousand = list(scheduled.order_by("pk")[:1000])
    monday, sunday = selectors.week_of(timezone.localdate() + timedelta(days=7))

    base = timed(baseline, args.rounds)
    results = {
        "week": timed(lambda: selectors.free_slots(one, monday, sunday), args.rounds),
        f"next_slot_{len(thousand)}": timed(lambda: selectors.next_slots(thousand), max(3, args.rounds // 5)),
    }
    print(f"{'computation':<20}{'mean ms':>10}{'ratio':>10}")
    print(f"{'baseline (SELECT 1)':<20}{base * 1000:>10.2f}{1:>10.0f}")
    for name, seconds in results.items():
        print(f"{name:<20}{seconds * 1000:>10.2f}{seconds / base:>10.0f}")


if __name__ == "__main__":
    main()
