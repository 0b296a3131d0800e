"""Cases as the public and the reporter read them: by number and query code, the typical
cases, the Open311 listing (public fields only)."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from registry.models import Region

from ..models import Case
from ..protection import hash_query_code, normalize, normalize_number, query_code_matches


def case_for_reporter(*, number: str, code: str) -> Case | None:
    """The case if and only if both the number and the query code match; None otherwise.

    The hash is computed even when the number is unknown, so a wrong number and a wrong code take
    the same path and give the same answer."""
    normalized = normalize_number(number)
    case = (
        Case.objects.select_related("category", "region").filter(number=normalized).first()
        if normalized
        else None
    )
    ok = query_code_matches(code, case.token_hash if case else "0" * 64)
    return case if case is not None and ok else None


def case_by_number(*, number: str) -> Case | None:
    """For the receipt page only (its number comes from the reporter's signed cookie)."""
    return Case.objects.select_related("category", "region").filter(number=number).first()


def typical_cases() -> QuerySet[Case]:
    return (
        Case.objects.filter(typical=True, typical_published_at__isnull=False)
        .select_related("category")
        .only(
            "number",
            "category__name",
            "typical_title",
            "typical_summary",
            "public_answer",
            "typical_published_at",
        )
        .order_by("-typical_published_at")
    )


OPEN311_MAX_REQUESTS = 1000


def cases_public(
    *,
    numbers: list[str] = (),
    service_codes: list[str] = (),
    region: Region | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    statuses: list[str] = (),
) -> list[Case]:
    """Cases for the public Open311 listing, newest first, at most ``OPEN311_MAX_REQUESTS``.

    ``numbers`` overrides every other filter (GeoReport). ``region`` narrows to a county, township
    or village and everything below it. One query. The caller shows public fields only."""
    qs = Case.objects.select_related("category")
    if numbers:
        qs = qs.filter(number__in=[n for n in map(normalize_number, numbers) if n])
    else:
        if service_codes:
            qs = qs.filter(category__code__in=service_codes)
        if region is not None:
            qs = qs.filter(Q(region=region) | Q(county=region) | Q(region__parent=region))
        if start is not None:
            qs = qs.filter(submitted_at__gte=start)
        if end is not None:
            qs = qs.filter(submitted_at__lte=end)
        if statuses:
            qs = qs.filter(status__in=statuses)
    return list(qs.order_by("-submitted_at", "-pk")[:OPEN311_MAX_REQUESTS])


def case_by_query_code(code: str) -> Case | None:
    """The case whose query code this is (the reporter's secret), or None."""
    if not normalize(code or ""):
        return None
    return (
        Case.objects.select_related("category", "region")
        .filter(token_hash=hash_query_code(code))
        .first()
    )
