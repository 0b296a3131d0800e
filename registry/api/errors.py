"""The error body of /api/v1/ and the error responses every operation documents in OpenAPI."""

from __future__ import annotations

from ninja import Schema


class Error(Schema):
    detail: str


# Every operation can answer these: a malformed parameter or body (400), a request refused by the
# request guard (413 for an oversized body), an unknown object (404); see cms/request_guard.py.
ERRORS = {400: Error, 404: Error, 413: Error}
# Writes add the content-type refusal, the CSRF refusal of a signed-in session and the rate limit.
WRITE_ERRORS = {**ERRORS, 403: Error, 415: Error, 429: Error}


def invalid_message(exc) -> str:
    """A Chinese message naming the parameters a ninja ``ValidationError`` is about."""
    names = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path", "body")]
        if loc and loc[-1] not in names:
            names.append(loc[-1])
    return f"参数格式不正确：{'、'.join(names) or '请求'}。"
