"""What each role may see of a case, decided once, here.

Every page, list, export, API answer, mail and history view reads a case through
``case_view(case, scope)``: a frozen view whose free-text fields are already the right ones for the
viewer (the office reads what the reporter typed; anyone else reads the texts redacted at
submission). The conflict-of-interest rule lives here too: a case is never proposed to, routed to
or shown to a department it is about, whether the reporter chose that department or named it in
any text, by its full or short name.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from .enums import PUBLIC_STATUS_LABELS, CaseStatus, DeclineReason

# ---------------------------------------------------------------- conflict of interest


def _names_of(department) -> set[str]:
    """The ways a reporter writes a department: full name, short name, short name without the
    county prefix ("县政数局" → "政数局"; never shorter than three characters)."""
    names = {department.name.strip(), department.short_name.strip()}
    short = department.short_name.strip()
    for prefix in ("县", "市", "区"):
        if short.startswith(prefix) and len(short) - len(prefix) >= 3:
            names.add(short[len(prefix) :])
    return {n for n in names if len(n) >= 2}


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def departments_named(texts: Iterable[str], departments: Iterable) -> frozenset[int]:
    """The departments whose name appears (spaces ignored) in any of ``texts``."""
    haystack = "\n".join(_plain(t) for t in texts)
    if not haystack:
        return frozenset()
    return frozenset(d.pk for d in departments if any(n in haystack for n in _names_of(d)))


def departments_resembling(text: str, departments: Iterable, *, exclude=()) -> list:
    """Departments whose name looks like ``text`` without matching it: the office is warned."""
    text = _plain(text)
    if len(text) < 2:
        return []
    found = []
    for d in departments:
        if d.pk in exclude:
            continue
        best = max(
            difflib.SequenceMatcher(None, text, n).ratio() for n in _names_of(d) | {d.short_name}
        )
        if best >= 0.6:
            found.append(d)
    return found


def conflict_field(ids: Iterable[int]) -> str:
    """How the departments a case is about are stored (``Case.conflict_departments``)."""
    ids = sorted(set(ids))
    return f",{','.join(map(str, ids))}," if ids else ""


def conflict_ids(case) -> frozenset[int]:
    ids = {int(x) for x in (case.conflict_departments or "").split(",") if x}
    if case.subject_department_id:
        ids.add(case.subject_department_id)
    return frozenset(ids)


def in_conflict(case, department_id: int | None) -> bool:
    """True when the case is about the department: it may not propose, handle or see it."""
    return department_id is not None and department_id in conflict_ids(case)


def not_about(department_ids: Iterable[int]) -> Q:
    """The same rule as ``in_conflict``, as a queryset filter: cases about none of them."""
    q = Q()
    for pk in department_ids:
        q &= ~Q(subject_department_id=pk) & ~Q(conflict_departments__contains=f",{pk},")
    return q


# ---------------------------------------------------------------- states and their reasons


def state_reason(case) -> str:
    """Why the case is where it is, in one sentence every surface shows the same way."""
    if case.status == CaseStatus.DECLINED:
        label = DeclineReason(case.decline_reason).label if case.decline_reason else "未注明"
        note = (case.decline_note or "").strip()
        return f"不予受理，理由：{label}。{note}" if note else f"不予受理，理由：{label}。"
    if case.reopened and case.status in (CaseStatus.HANDLING, CaseStatus.REVIEW):
        return "反映人对答复不满意，案件重新办理。"
    return ""


# ---------------------------------------------------------------- the view of one case


@dataclass(frozen=True)
class CaseView:
    """A case as one viewer may see it. Build it with ``case_view``; never from a Case directly."""

    pk: int
    number: str
    office: bool
    category_name: str
    region_name: str
    region_full_name: str
    subject: str
    occurred: str
    content: str
    handler: str
    status: str
    status_label: str
    public_status_label: str
    reason: str
    submitted_at: datetime.datetime
    accept_due: datetime.date
    handle_due: datetime.date | None
    due: datetime.date | None
    overdue: bool
    anonymous: bool | None
    contact_name: str
    contact_phone: str
    check_result: dict | None  # the stored admission check of the (redacted) report text


def _handler_label(case) -> str:
    if case.direct:
        return "机制办直接督办"
    return str(case.handler_department) if case.handler_department_id else ""


def case_view(case, scope, *, today: datetime.date | None = None) -> CaseView:
    """The one protected view. The office of the case's county sees what the reporter typed and
    the contact details of a named report; everyone else the redacted texts and nothing of the
    reporter."""
    office = scope.is_office_for(case)
    today = today or timezone.localdate()
    due = case.current_due
    if office:
        subject = str(case.subject_department) if case.subject_department_id else case.subject_text
        occurred, content = case.occurred, case.content
    else:
        subject = (
            str(case.subject_department)
            if case.subject_department_id
            else case.subject_text_redacted
        )
        occurred, content = case.occurred_redacted, case.content_redacted
    return CaseView(
        pk=case.pk,
        number=case.number,
        office=office,
        category_name=case.category.name,
        region_name=case.region.name,
        region_full_name=case.region.full_name,
        subject=subject or "未指明",
        occurred=occurred,
        content=content,
        handler=_handler_label(case),
        status=case.status,
        status_label=case.get_status_display(),
        public_status_label=PUBLIC_STATUS_LABELS[case.status],
        reason=state_reason(case),
        submitted_at=case.submitted_at,
        accept_due=case.accept_due,
        handle_due=case.handle_due,
        due=due,
        overdue=due is not None and due < today,
        anonymous=case.anonymous if office else None,
        contact_name=case.contact_name if office and not case.anonymous else "",
        contact_phone=case.contact_phone if office and not case.anonymous else "",
        check_result=case.check_result,
    )
