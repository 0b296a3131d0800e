"""Fixed-window rate limits in Django's cache, keyed by a salted hash of the client address.

The address itself is never stored: the cache key is an HMAC of it (see protection.hash_client)
and expires with the window. With several web hosts, point CACHES at a shared cache (Redis) so
the limit is counted once for all of them.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from registry import throttle

from .protection import hash_client

DEFAULT_LIMITS = {
    # A township office may share one address: generous, yet far from a flood.
    "submit": "20/3600",
    "lookup": "60/600",
}


def _limit(bucket: str) -> tuple[int, int]:
    configured = getattr(settings, "MASHANGJIAN_RATE_LIMITS", {}) or {}
    count, seconds = (configured.get(bucket) or DEFAULT_LIMITS[bucket]).split("/")
    return int(count), int(seconds)


def client_address(request) -> str:
    return throttle.client_address(request)


def allow(request, bucket: str) -> bool:
    """Count one hit; False when the client is over the limit for this window."""
    limit, window = _limit(bucket)
    if limit <= 0:
        return True
    slot = int(time.time() // window)
    key = f"msj:rl:{bucket}:{slot}:{hash_client(client_address(request), bucket=bucket)}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True
    return count <= limit
