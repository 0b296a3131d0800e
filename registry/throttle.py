"""Fixed-window rate limits counted in Django's cache (public check, 码上减 forms).

The key is a keyed hash of the client address (never the address itself) and expires with the
window. With several web hosts, point CACHES at a shared cache (Redis) so the count is shared.
The public admission check is configured with ``CHECK_RATE_LIMIT = "30/600"`` (checks per
seconds); ``"0/60"`` disables it.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = "30/600"
LIMIT_MESSAGE = "查询过于频繁，请稍后再试（每{minutes}分钟最多{count}次）。"


def parse_limit(spec: str) -> tuple[int, int]:
    """``"30/600"`` → (30 hits, 600 seconds)."""
    count, seconds = spec.split("/")
    return int(count), int(seconds)


def _limit() -> tuple[int, int]:
    return parse_limit(getattr(settings, "CHECK_RATE_LIMIT", DEFAULT_LIMIT))


def client_key(address: str, *, salt: str = "check-throttle") -> str:
    key = hashlib.sha256(f"{salt}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, (address or "").encode(), hashlib.sha256).hexdigest()[:32]


def limit_message() -> str:
    count, seconds = _limit()
    return LIMIT_MESSAGE.format(minutes=max(1, seconds // 60), count=count)


def hit(*, bucket: str, client: str, limit: int, window: int) -> bool:
    """Count one hit of ``client`` (already hashed) in ``bucket``; False when over the limit."""
    if limit <= 0:
        return True
    slot = int(time.time() // window)
    key = f"rl:{bucket}:{slot}:{client}"
    if cache.add(key, 1, timeout=window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        return True
    return count <= limit


def seconds_left(*, window: int) -> int:
    """Seconds until the current fixed window ends: the ``Retry-After`` of a refused hit."""
    return max(1, window - int(time.time()) % window)


def client_address(request) -> str:
    """The client's address, seen through ``TRUSTED_PROXY_COUNT`` reverse proxies.

    Behind a proxy every request comes from the proxy's address, which would make one
    county-wide rate-limit bucket. Each trusted proxy appends the address it saw to
    X-Forwarded-For, so the client is the entry that many places from the right; entries
    further left are whatever the client sent and are not trusted.
    """
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        hops = [
            h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def check_allowed(address: str) -> bool:
    """Count one public admission check for ``address``."""
    limit, window = _limit()
    return hit(bucket="check", client=client_key(address), limit=limit, window=window)


def check_retry_after() -> int:
    """Seconds until a client refused by ``check_allowed`` may try again."""
    return seconds_left(window=_limit()[1])
