"""Exactly once: a report is filed once however often it is sent.

Two keys name a submission, both stored only as keyed hashes (``SubmissionKey``) that expire:

- the idempotency key the client sends (the web form's hidden token, the Open311
  ``Idempotency-Key`` header or parameter), scoped to the source so two clients cannot collide;
  the query code is derived from it, so a repeat gets the same number *and* the same code;
- the fingerprint of the report (category, region, unit, text) from the same source within the
  window (``MASHANGJIAN_DUPLICATE_WINDOW`` seconds, default 600): a second identical report is the
  same case. Its query code cannot be given again (only its hash is kept).

On PostgreSQL identical submissions are serialised by a transaction-scoped advisory lock on the
digest, so 20 parallel requests store one case; the unique index on the digest is the backstop.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from .protection import ALPHABET, _key

DEFAULT_WINDOW = 600
# A client retrying with its idempotency key is answered with the same case for a day.
KEY_LIFETIME = 86400
KEY_RE = re.compile(r"^[A-Za-z0-9_.:\-]{8,128}$")


def window_seconds() -> int:
    return int(getattr(settings, "MASHANGJIAN_DUPLICATE_WINDOW", DEFAULT_WINDOW))


def _digest(purpose: str, *parts: str) -> str:
    return hmac.new(_key(purpose), "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()


def _code_from(digest: str) -> str:
    raw = "".join(ALPHABET[b % 32] for b in bytes.fromhex(digest)[:12])
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _text(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def check_key(key: str) -> str:
    """A client's idempotency key: 8–128 letters, digits or ``_.:-`` (a UUID fits)."""
    key = (key or "").strip()
    if key and not KEY_RE.match(key):
        raise ValidationError(
            {"idempotency_key": "Idempotency-Key 无效：须为8至128位字母、数字或 _ . : -。"}
        )
    return key


@dataclass(frozen=True)
class Submission:
    now: datetime.datetime
    digests: tuple[tuple[str, int], ...]  # what this submission stores, for how many seconds
    lookups: tuple[str, ...]  # what it is the same as (the previous window too)
    query_code: str  # derived from the idempotency key, or "" (a fresh code is drawn)

    @classmethod
    def for_report(
        cls,
        *,
        key: str,
        source: str,
        category_id: int,
        region_id: int,
        subject_department_id: int | None,
        subject_text: str,
        content: str,
        now: datetime.datetime,
    ) -> Submission:
        key = check_key(key)
        window = window_seconds()
        bucket = int(now.timestamp()) // window if window > 0 else 0
        report = (
            str(category_id),
            str(region_id),
            str(subject_department_id or ""),
            _text(subject_text),
            _text(content),
        )
        digests, lookups = [], []
        code = ""
        if key:
            keyed = _digest("idempotency", source, key)
            digests.append((keyed, KEY_LIFETIME))
            lookups.append(keyed)
            code = _code_from(_digest("idempotency-code", source, key))
        if source and window > 0:  # a service call without a source is never merged
            current = _digest("same-report", source, str(bucket), *report)
            previous = _digest("same-report", source, str(bucket - 1), *report)
            digests.append((current, 2 * window))
            lookups += [current, previous]
        return cls(now=now, digests=tuple(digests), lookups=tuple(lookups), query_code=code)

    def claim(self):
        """Inside the submitting transaction: wait for any identical submission in flight, then
        return the case already filed for it (None: this one is new)."""
        from .models import Case, SubmissionKey

        if not self.lookups:
            return None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for digest in sorted(
                    d for d, _ in self.digests
                ):  # one order: no deadlock between two
                    cursor.execute(
                        "SELECT pg_advisory_xact_lock(%s)",
                        [int(digest[:15], 16)],
                    )
        hit = (
            SubmissionKey.objects.filter(digest__in=self.lookups, expires_at__gt=self.now)
            .values_list("case_id", flat=True)
            .first()
        )
        if hit is None:
            return None
        return Case.objects.select_related("category", "region").get(pk=hit)

    def record(self, case) -> None:
        from .models import SubmissionKey

        SubmissionKey.objects.bulk_create(
            [
                SubmissionKey(
                    digest=d, case=case, expires_at=self.now + datetime.timedelta(seconds=s)
                )
                for d, s in self.digests
            ]
        )


def purge_expired(*, now: datetime.datetime) -> int:
    """Drop keys past their window (the deadline command runs this)."""
    from .models import SubmissionKey

    deleted, _ = SubmissionKey.objects.filter(expires_at__lte=now).delete()
    return deleted
