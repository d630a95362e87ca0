"""The suite's Redis is shared by parallel workers: each keeps to its own keys, so a task
queued or a counter kept by one test is never wiped by another worker's cache clearing."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from huey import RedisHuey

from gridcare.conftest import _cache_per_worker

SUITE_REDIS = "redis://127.0.0.1:6379/15"


def test_every_worker_keeps_its_cache_in_the_suites_database_under_a_prefix_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefixes = set()
    for worker in ("gw0", "gw1", "gw2", "gw10"):
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        config = SimpleNamespace(
            CACHES={
                "default": {
                    "BACKEND": "django.core.cache.backends.redis.RedisCache",
                    "LOCATION": SUITE_REDIS,
                    "KEY_PREFIX": "gridcare",
                }
            }
        )
        _cache_per_worker(config)
        # No worker moves to another database: another test's queue may live in it.
        assert config.CACHES["default"]["LOCATION"] == SUITE_REDIS
        prefixes.add(config.CACHES["default"]["KEY_PREFIX"])
    assert len(prefixes) == 4


@pytest.mark.redis
def test_clearing_a_workers_cache_leaves_other_keys_and_queued_tasks_alone() -> None:
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        pytest.skip("the cache is not Redis (REDIS_URL is not set)")
    location = settings.CACHES["default"]["LOCATION"]
    mark = uuid.uuid4().hex[:8]
    queue = RedisHuey(f"gridcare-isolation-{mark}", url=location)
    direct = redis.Redis.from_url(location)
    elsewhere = f"gridcare-test-elsewhere-{mark}:1:portal"

    @queue.task()
    def record() -> None:
        """A task another worker queued."""

    try:
        record()
        direct.set(elsewhere, 1, ex=60)
        cache.set("mine", 1)
        cache.clear()
        assert cache.get("mine") is None
        assert queue.pending_count() == 1
        assert direct.exists(elsewhere)
    finally:
        queue.flush()
        direct.delete(elsewhere)
        direct.close()
