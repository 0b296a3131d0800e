"""Fixed-window rate limit of the public admission check, counted in Django's cache.

The key is a keyed hash of the client address (never the address itself) and expires with the
window.  With several web hosts, point CACHES at a shared cache so the count is shared.
Configure with ``CHECK_RATE_LIMIT = "30/600"`` (checks per seconds); ``"0/60"`` disables it.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = "30/600"
LIMIT_MESSAGE = "查询过于频繁，请稍后再试（每{minutes}分钟最多{count}次）。"


def _limit() -> tuple[int, int]:
    count, seconds = getattr(settings, "CHECK_RATE_LIMIT", DEFAULT_LIMIT).split("/")
    return int(count), int(seconds)


def client_key(address: str) -> str:
    key = hashlib.sha256(f"check-throttle:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()[:32]


def limit_message() -> str:
    count, seconds = _limit()
    return LIMIT_MESSAGE.format(minutes=max(1, seconds // 60), count=count)


def check_allowed(address: str) -> bool:
    """Count one check for ``address``; False when it is over the limit for this window."""
    limit, window = _limit()
    if limit <= 0:
        return True
    slot = int(time.time() // window)
    key = f"check:rl:{slot}:{client_key(address)}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True
    return count <= limit
