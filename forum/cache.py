"""Django's Redis cache, made safe to share a Redis database with the Celery broker."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache


class RedisCache(DjangoRedisCache):
    """clear() deletes only this cache's keys (those under KEY_PREFIX), where Django's
    would FLUSHDB and so drop the broker's queued tasks and queue bindings too."""

    def clear(self) -> bool:
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        return True
