"""The hit buffer: the endpoint appends one small item (one Redis RPUSH in production), and a
flush adds up what has gathered into the daily counters with one upsert per table.

A flush takes a batch off the head of the list atomically (LRANGE + LTRIM in one MULTI), so
concurrent flushes from several processes take disjoint batches, then writes the sums with
INSERT … ON CONFLICT DO UPDATE SET views = views + excluded.views (atomic on PostgreSQL and
SQLite: concurrent writers cannot lose a count). Without Redis (`make run`, tests: the memory
cache is per process anyway) the list is this process's own.
"""

import json
import logging
import threading
from collections import Counter
from datetime import date
from functools import cache as once

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from .models import DeviceDay, FunnelDay, LanguageDay, PageViewDay, ReferrerDay

logger = logging.getLogger(__name__)

TICK = "audience:flush-tick"
# The clock (a cache round trip) is only looked at every TICK_EVERY hits.
TICK_EVERY = 10
BATCH = 1000


class LocalList:
    """This process's hits (the default memory cache is per process as well)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items: list = []

    def push(self, item) -> int:
        with self._lock:
            self._items.append(item)
            return len(self._items)

    def take(self, count: int) -> list:
        with self._lock:
            batch = self._items[:count]
            del self._items[:count]
            return batch

    def put_back(self, items: list) -> None:
        with self._lock:
            self._items[:0] = items

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class RedisList:
    """One list shared by every process, on the cache's Redis."""

    def __init__(self, url: str, key: str):
        import redis

        self._client = redis.Redis.from_url(url)
        self._key = key

    def push(self, item) -> int:
        return self._client.rpush(self._key, json.dumps(item))

    def take(self, count: int) -> list:
        pipe = self._client.pipeline(transaction=True)
        pipe.lrange(self._key, 0, count - 1)
        pipe.ltrim(self._key, count, -1)
        raw, _trimmed = pipe.execute()
        return [json.loads(item) for item in raw]

    def put_back(self, items: list) -> None:
        if items:
            self._client.lpush(self._key, *[json.dumps(item) for item in reversed(items)])

    def clear(self) -> None:
        self._client.delete(self._key)


@once
def hits():
    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("RedisCache"):
        return RedisList(config["LOCATION"], f"{config.get('KEY_PREFIX', '')}:audience:hits")
    return LocalList()


def append(hit: tuple) -> int:
    """Adds a hit (day ISO, path, referrer host or "", device, language, funnel stages reached);
    returns how many wait now."""
    return hits().push(list(hit))


def flush_due(waiting: int) -> bool:
    """Every AUDIENCE_FLUSH_EVERY hits, and at least every AUDIENCE_FLUSH_SECONDS when hits come."""
    if waiting >= settings.AUDIENCE_FLUSH_EVERY:
        return True
    return waiting % TICK_EVERY == 1 and cache.add(TICK, 1, settings.AUDIENCE_FLUSH_SECONDS)


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
    """Writes the waiting hits; returns how many."""
    written = 0
    while batch := hits().take(BATCH):
        try:
            with transaction.atomic():
                for kind, counts in _sums(batch).items():
                    add_counts(kind, counts)
        except Exception:
            hits().put_back(batch)  # the next flush tries again
            raise
        written += len(batch)
        if len(batch) < BATCH:
            break
    if written:
        logger.debug("audience: %s hit(s) written", written)
    return written
