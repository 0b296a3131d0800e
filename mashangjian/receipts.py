"""The receipt after a web submission, kept where only the reporter has it.

The query code is never stored on the server (only its hash) and must not travel in a URL, so
the redirect after the POST carries the receipt in a signed, HttpOnly cookie limited to the
receipt page that expires after ``MAX_AGE``. A reload or a bookmark within that time shows the
same receipt; later the page says where to follow the case. Nothing is filed again either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

COOKIE = "msj_receipt"
SALT = "mashangjian.receipt"
MAX_AGE = 30 * 60


@dataclass(frozen=True)
class ShownReceipt:
    number: str
    query_code: str  # "" when a repeat of an earlier report (see submissions.py)
    duplicate: bool


def remember(response, receipt) -> None:
    value = signing.dumps(
        [receipt.number, receipt.query_code, receipt.duplicate], salt=SALT, compress=True
    )
    response.set_cookie(
        COOKIE,
        value,
        max_age=MAX_AGE,
        path=reverse("mashangjian:receipt"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def recall(request) -> ShownReceipt | None:
    try:
        number, code, duplicate = signing.loads(
            request.COOKIES.get(COOKIE, ""), salt=SALT, max_age=MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return ShownReceipt(number=str(number), query_code=str(code), duplicate=bool(duplicate))
