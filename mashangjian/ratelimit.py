"""Fixed-window rate limits in Django's cache, keyed by a salted hash of the client address.

The address itself is never stored: the cache key is an HMAC of it (see protection.hash_client)
and expires with the window; the counting is registry.throttle.hit, shared by every public form. With several web hosts, point CACHES at a shared cache (Redis) so
the limit is counted once for all of them.
"""

from __future__ import annotations

from django.conf import settings

from registry import throttle

from .protection import hash_client

DEFAULT_LIMITS = {
    # A township office may share one address: generous, yet far from a flood.
    "submit": "20/3600",
    "lookup": "60/600",
}


def _limit(bucket: str) -> tuple[int, int]:
    configured = getattr(settings, "MASHANGJIAN_RATE_LIMITS", {}) or {}
    return throttle.parse_limit(configured.get(bucket) or DEFAULT_LIMITS[bucket])


def client_address(request) -> str:
    return throttle.client_address(request)


def allow(request, bucket: str) -> bool:
    """Count one hit; False when the client is over the limit for this window."""
    limit, window = _limit(bucket)
    client = hash_client(client_address(request), bucket=bucket)
    return throttle.hit(bucket=f"msj:{bucket}", client=client, limit=limit, window=window)


def retry_after(bucket: str) -> int:
    """Seconds until the current window of ``bucket`` ends (the HTTP ``Retry-After`` value)."""
    return throttle.seconds_left(window=_limit(bucket)[1])


def source_of(request) -> str:
    """A keyed hash of the client address naming the source of a submission (submissions.py);
    the address itself is never stored."""
    return hash_client(client_address(request), bucket="source")
