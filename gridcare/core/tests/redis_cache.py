"""The Redis cache of the test suite: every test process keeps its keys under a prefix of
its own in the suite's one Redis database, and clearing the cache deletes those keys only.

Clearing used to be FLUSHDB on a database per pytest-xdist worker, counted down from the
suite's; one worker's database could then be the database another test queued tasks in,
and its clearing (before and after every test) wiped that queue mid-test. Now nothing in
the suite flushes a database: a queue or key of another process is never touched.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache

#: Keys deleted per round trip while clearing.
BATCH = 500


class ProcessRedisCache(RedisCache):
    def clear(self) -> bool:
        client = self._cache.get_client(None, write=True)
        # Django writes `<prefix>:<version>:<key>`; the colon keeps gw1 from matching gw10.
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=BATCH))
        for start in range(0, len(keys), BATCH):
            client.delete(*keys[start : start + BATCH])
        return True
