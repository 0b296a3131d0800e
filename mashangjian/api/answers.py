"""Case → answer: the public fields of a request, and the reporter's own view."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..enums import PUBLIC_STATUS_LABELS, CaseStatus, DeclineReason
from ..visibility import state_reason

CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.DECLINED)


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _end_of_day(day: datetime.date | None) -> str | None:
    if day is None:
        return None
    return _iso(timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59))))


def _decline_reason(case) -> str:
    reason = case.decline_reason
    return DeclineReason(reason).label if reason in DeclineReason.values else reason


def _public(case) -> dict:
    """What anyone may see: status, service, dates and the reviewed public answer."""
    if case.status == CaseStatus.CLOSED:
        notes = case.public_answer or PUBLIC_STATUS_LABELS[case.status]
    elif case.status == CaseStatus.DECLINED:
        notes = f"不予受理：{_decline_reason(case)}。"
    else:
        notes = state_reason(case) or PUBLIC_STATUS_LABELS[case.status]
    expected = (
        case.handle_due
        if case.status in (CaseStatus.HANDLING, CaseStatus.REVIEW)
        else case.accept_due
    )
    return {
        "service_request_id": case.number,
        "status": "closed" if case.status in CLOSED_STATUSES else "open",
        "status_label": PUBLIC_STATUS_LABELS[case.status],
        "status_notes": notes,
        "service_code": case.category.code,
        "service_name": case.category.name,
        "requested_datetime": _iso(case.submitted_at),
        "updated_datetime": _iso(case.closed_at or case.decided_at or case.submitted_at),
        "expected_datetime": None if case.status in CLOSED_STATUSES else _end_of_day(expected),
        "agency_responsible": None,
        # What the reporter gave is theirs: only the reporter's own view fills these.
        "address": None,
        "lat": None,
        "long": None,
        "satisfaction": None,
    }


def _own(case) -> dict:
    """The reporter's own view (with the query code): adds what they gave and what is for them."""
    row = _public(case)
    if case.status == CaseStatus.DECLINED:
        row["status_notes"] = state_reason(case)
    row["address"] = case.address_string or None
    row["lat"], row["long"] = case.latitude, case.longitude
    row["satisfaction"] = case.get_satisfaction_display() if case.satisfaction else None
    return row
