"""With several web hosts the rate-limit counters live in Redis (docs/deploy.md).

Two separate cache connections stand for two hosts: a limit counted through one is seen
by the other. Uses the machine's Redis for real; skipped locally when it is not running,
required in CI.
"""

import os
import socket
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from registry import throttle


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not _redis_up() and not os.environ.get("CI"), reason="Redis not running on 127.0.0.1:6379"
)


def test_rate_limit_is_shared_across_hosts_through_redis():
    prefix = f"jianfu-test-{uuid.uuid4().hex[:8]}"
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": redis, "host_b": redis}):
        host_b = caches["host_b"]
        client = throttle.client_key("203.0.113.7")
        try:
            assert throttle.hit(bucket="t", client=client, limit=2, window=86400)
            assert throttle.hit(bucket="t", client=client, limit=2, window=86400)
            # The third hit is refused, and host B sees the same count.
            assert not throttle.hit(bucket="t", client=client, limit=2, window=86400)
            slot = int(time.time() // 86400)
            assert host_b.get(f"rl:t:{slot}:{client}") == 3
        finally:
            caches["default"].clear()  # only this test's prefix lives in db 15


def test_a_generation_bumped_on_one_host_is_seen_on_another():
    """The page cache and 码上减's reference data are versioned by generations in Redis
    (registry/generations.py): a write on host B retires what host A cached."""
    from registry import generations

    prefix = f"jianfu-test-{uuid.uuid4().hex[:8]}"
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/15",
        "KEY_PREFIX": prefix,
    }
    try:
        with override_settings(CACHES={"default": redis}):  # host A
            seen_by_a = generations.current("registry.region", "registry.department")
        with override_settings(CACHES={"default": dict(redis)}):  # host B
            assert generations.current("registry.region", "registry.department") == seen_by_a
            generations.bump("registry.department")
        with override_settings(CACHES={"default": dict(redis)}):  # host A again
            now = generations.current("registry.region", "registry.department")
            assert now[1] == seen_by_a[1] and now[2] != seen_by_a[2]
    finally:
        with override_settings(CACHES={"default": redis}):
            caches["default"].clear()
