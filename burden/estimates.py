"""Burden estimate of admission requests and each department's net change per year (一进一出).

进: the yearly hours of requests approved in the year; 出: those of requests revoked (准入退出) in
the year. Departments are listed by name, never ranked.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from registry.enums import AdmissionStatus, RegionLevel
from registry.models import AdmissionRequest, Region

from .models import BurdenEstimate


def hours_text(value: Decimal) -> str:
    """18.0 → "18", 1.5 → "1.5" (no exponent)."""
    return format(Decimal(value).normalize(), "f")


def default_units(request: AdmissionRequest) -> int:
    """Units affected: the chosen target units, or every unit of the target level in the county."""
    chosen = request.target_regions.count()
    if chosen:
        return chosen
    level = (
        RegionLevel.VILLAGE if request.target_level == RegionLevel.VILLAGE else RegionLevel.TOWNSHIP
    )
    return (
        Region.objects.filter(level=level)
        .filter(
            **(
                {"parent__parent": request.county}
                if level == RegionLevel.VILLAGE
                else {"parent": request.county}
            )
        )
        .count()
    )


@transaction.atomic
def estimate_set(
    *, request: AdmissionRequest, hours, occurrences: int, units: int, note: str = ""
) -> BurdenEstimate:
    estimate = BurdenEstimate.objects.filter(request=request).first() or BurdenEstimate(
        request=request
    )
    estimate.hours_per_occurrence = Decimal(str(hours))
    estimate.occurrences_per_year = occurrences
    estimate.units = units
    estimate.note = note
    estimate.full_clean()
    estimate.save()
    return estimate


def department_net_change(*, county: Region, year: int) -> list[dict]:
    rows: dict[str, dict] = defaultdict(
        lambda: {"in": Decimal(0), "out": Decimal(0), "unestimated": 0}
    )
    requests = AdmissionRequest.objects.filter(county=county).select_related(
        "department", "burden_estimate"
    )
    # Hours come in with each approval of the year (later revoked or not) and go out with
    # each revocation of the year; a request without an estimate is counted, not guessed.
    approved = requests.filter(
        decided_on__year=year, status__in=[AdmissionStatus.APPROVED, AdmissionStatus.REVOKED]
    )
    revoked = requests.filter(revoked_on__year=year, status=AdmissionStatus.REVOKED)
    for direction, decided in (("in", approved), ("out", revoked)):
        for r in decided:
            row = rows[r.department.short_name]
            estimate = getattr(r, "burden_estimate", None)
            if estimate is None:
                row["unestimated"] += 1
            else:
                row[direction] += estimate.yearly_hours
    return [
        {
            "department": name,
            "in": v["in"],
            "out": v["out"],
            "net": v["in"] - v["out"],
            "unestimated": v["unestimated"],
        }  # fmt: skip
        for name, v in sorted(rows.items())
    ]
