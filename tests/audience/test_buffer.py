"""The shared buffer on Redis (production): atomic batches, nothing lost or counted twice."""

import threading

import pytest
from django.utils import timezone

from audience import buffer
from audience.models import PageViewDay

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_list():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    hits = buffer.RedisList(REDIS_URL, "tests:audience:hits")
    hits.clear()
    yield hits
    hits.clear()


def test_concurrent_takes_get_disjoint_batches(redis_list):
    for n in range(500):
        redis_list.push(["2026-12-01", f"/p{n}/", "", "desktop", "fr", []])
    taken, lock = [], threading.Lock()

    def worker():
        while batch := redis_list.take(7):
            with lock:
                taken.extend(item[1] for item in batch)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(f"/p{n}/" for n in range(500))


@pytest.mark.django_db
def test_flush_from_redis_adds_to_the_counters(redis_list, monkeypatch):
    monkeypatch.setattr(buffer, "hits", lambda: redis_list)
    day = timezone.localdate().isoformat()
    for _ in range(3):
        buffer.append((day, "/fr/", "qwant.com", "mobile", "fr", (1,)))
    assert buffer.flush() == 3
    buffer.append((day, "/fr/", "", "mobile", "fr", ()))
    assert buffer.flush() == 1
    assert PageViewDay.objects.get(path="/fr/").views == 4
