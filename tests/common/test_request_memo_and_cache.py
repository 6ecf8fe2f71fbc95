"""Per-request memo (common.request_memo) and the Redis cache backend keeping its client
(common.cache), the latter against the machine's Redis."""

import uuid

import pytest
import redis
from django.http import HttpResponse
from django.test import RequestFactory

from common.cache import ReusingRedisCache
from common.request_memo import RequestMemoMiddleware, forget, once_per_request


def test_a_value_is_computed_once_per_request_and_again_for_the_next():
    computed = []

    def view(request):
        for _ in range(3):
            once_per_request("k", lambda: computed.append(1) or len(computed))
        return HttpResponse(str(once_per_request("k", lambda: None)))

    middleware = RequestMemoMiddleware(view)
    assert middleware(RequestFactory().get("/")).content == b"1"
    assert middleware(RequestFactory().get("/")).content == b"2"


def test_forget_makes_the_request_compute_again_and_outside_a_request_nothing_is_kept():
    values = iter(range(10))

    def view(request):
        first = once_per_request("k", lambda: next(values))
        forget("k")
        return HttpResponse(f"{first},{once_per_request('k', lambda: next(values))}")

    assert RequestMemoMiddleware(view)(RequestFactory().get("/")).content == b"0,1"
    assert once_per_request("k", lambda: "a") == "a"
    assert once_per_request("k", lambda: "b") == "b"


@pytest.fixture
def redis_cache():
    url = "redis://127.0.0.1:6379/12"
    try:
        redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    backend = ReusingRedisCache(url, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield backend
    backend.clear()


def test_the_redis_backend_keeps_one_client_and_still_works(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool

    redis_cache.set("a", {"x": 1}, 30)
    assert redis_cache.get("a") == {"x": 1}
    assert redis_cache.add("n", 1, 30)
    assert redis_cache.incr("n") == 2
    assert redis_cache.get_many(["a", "n", "missing"]) == {"a": {"x": 1}, "n": 2}
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
