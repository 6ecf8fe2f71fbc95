"""The hit buffer: the endpoint appends one small tuple to the cache (two cache operations), and
a flush adds up what has gathered into the daily counters with one upsert per table.

The cache holds a numbered log: `seq` counts hits, slot n holds hit n, `done` is the last slot
written to the database. A flush takes a lock (cache.add), reads slots done+1..seq, writes the
sums (INSERT … ON CONFLICT DO UPDATE SET views = views + excluded.views: atomic on PostgreSQL and
SQLite, so concurrent flushes from several processes cannot lose a count), then moves `done`.
A slot missing near the end is a hit still being written: the flush stops there and the next one
takes it. With the per-process memory cache (`make run`) each process has its own log; with
Redis (production) every process shares one.
"""

import logging
from collections import Counter
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from .models import DeviceDay, FunnelDay, LanguageDay, PageViewDay, ReferrerDay

logger = logging.getLogger(__name__)

SEQ = "audience:seq"
DONE = "audience:done"
LOCK = "audience:flush-lock"
TICK = "audience:flush-tick"
SLOT_TTL = 7 * 24 * 3600
LOCK_TTL = 60
CHUNK = 500
# A slot this close to the newest one may still be being written by another request.
GRACE = 20


def _slot(n: int) -> str:
    return f"audience:hit:{n}"


def append(hit: tuple) -> int:
    """Adds a hit (day ISO, path, referrer host or "", device, language, funnel stages reached)
    and returns its number."""
    cache.add(SEQ, 0, timeout=None)
    try:
        n = cache.incr(SEQ)
    except ValueError:  # evicted between add and incr
        cache.add(SEQ, 0, timeout=None)
        n = cache.incr(SEQ)
    cache.set(_slot(n), hit, SLOT_TTL)
    return n


def flush_due(n: int) -> bool:
    """Every AUDIENCE_FLUSH_EVERY hits, and at least every AUDIENCE_FLUSH_SECONDS when hits come."""
    return n % settings.AUDIENCE_FLUSH_EVERY == 0 or cache.add(TICK, 1, settings.AUDIENCE_FLUSH_SECONDS)


# (model, key column, value column), in the order of a hit's fields after day.
_TABLES = {
    "page": (PageViewDay, "path", "views"),
    "referrer": (ReferrerDay, "host", "views"),
    "device": (DeviceDay, "device", "views"),
    "language": (LanguageDay, "language", "views"),
    "funnel": (FunnelDay, "stage", "visits"),
}


def _sums(hits) -> dict[str, Counter]:
    sums = {kind: Counter() for kind in _TABLES}
    for day, path, host, device, language, stages in hits:
        sums["page"][(day, path)] += 1
        if host:
            sums["referrer"][(day, host)] += 1
        sums["device"][(day, device)] += 1
        sums["language"][(day, language)] += 1
        for stage in stages:
            sums["funnel"][(day, stage)] += 1
    return sums


def add_counts(kind: str, counts: Counter) -> None:
    """Adds `counts` {(day, key): n} to a daily table in one statement per batch."""
    if not counts:
        return
    model, key, value = _TABLES[kind]
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    day_col, key_col, value_col = q("day"), q(key), q(value)
    # Only our own table and column names are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({day_col}, {key_col}, {value_col}) VALUES (%s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({day_col}, {key_col}) "
        f"DO UPDATE SET {value_col} = {table}.{value_col} + excluded.{value_col}"
    )
    rows = [(date.fromisoformat(day), k, n) for (day, k), n in counts.items()]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def flush() -> int:
    """Writes the buffered hits; returns how many. Another flush in progress: returns 0."""
    if not cache.add(LOCK, 1, LOCK_TTL):
        return 0
    written = 0
    try:
        last = cache.get(SEQ) or 0
        done = cache.get(DONE) or 0
        if done > last:  # the cache was emptied: the log starts again
            done = 0
        while done < last:
            numbers = range(done + 1, min(last, done + CHUNK) + 1)
            found = cache.get_many([_slot(n) for n in numbers])
            hits, upto = [], done
            for n in numbers:
                hit = found.get(_slot(n))
                if hit is None and n > last - GRACE:
                    break  # still being written: the next flush takes it
                if hit is not None:
                    hits.append(hit)
                upto = n
            if upto == done:
                break
            with transaction.atomic():
                for kind, counts in _sums(hits).items():
                    add_counts(kind, counts)
            cache.set(DONE, upto, timeout=None)
            cache.delete_many([_slot(n) for n in range(done + 1, upto + 1)])
            written += len(hits)
            done = upto
    finally:
        cache.delete(LOCK)
    if written:
        logger.debug("audience: %s hit(s) written", written)
    return written
