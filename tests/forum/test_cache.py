"""The Redis cache shares its database with the Celery broker: clearing the cache
must not drop queued tasks."""

import os

import pytest
from django.core.cache import cache

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL set"),
]


def test_clearing_the_cache_keeps_the_brokers_keys():
    client = cache._cache.get_client(write=True)
    client.rpush("test-broker-queue", "a task")
    cache.set("greeting", "hello")

    cache.clear()

    assert cache.get("greeting") is None
    assert client.lrange("test-broker-queue", 0, -1) == [b"a task"]
    client.delete("test-broker-queue")
