"""Cases as staff read them, scoped by role: lists, one case, notes, timeline, 待办, the
texts hotspots are found in."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from ..enums import CaseStatus
from ..models import Case, CaseNote
from ..permissions import Scope
from .calendar import due_soon_until

CASE_LIST_RELATED = ("category", "region", "subject_department", "handler_department")


# The case list's 准入审查 filter (on the stored check result of each case).
CHECK_FILTERS: dict[str, str] = {
    "prohibited": "反映的任务不得交办",
    "allowed": "反映的任务在清单内",
    "none": "未审查或无结论",
}


def cases_for(
    *,
    scope: Scope,
    status: str = "",
    category: str = "",
    q: str = "",
    overdue: bool = False,
    check: str = "",
) -> QuerySet[Case]:
    """The cases the scope may see, with ``is_overdue`` derived from the deadlines (never stored)."""
    qs = (
        Case.objects.filter(scope.case_filter()).select_related(*CASE_LIST_RELATED).with_deadlines()
    )
    if check == "prohibited":
        qs = qs.filter(check_result__prohibited=True)
    elif check == "allowed":
        qs = qs.filter(check_result__allowed=True)
    elif check == "none":
        qs = qs.filter(Q(check_result__isnull=True) | Q(check_result__verdict=""))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if overdue:
        qs = qs.filter(is_overdue=True)
    if q:
        qs = qs.filter(number__icontains=q.strip())
    return qs.order_by("-submitted_at")


def case_for_staff(*, scope: Scope, pk: int) -> Case | None:
    case = (
        Case.objects.filter(scope.case_filter())
        .select_related(*CASE_LIST_RELATED, "proposed_department", "county")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .first()
    )
    return case


def case_notes(*, case: Case, scope: Scope) -> list[CaseNote]:
    notes = case.notes.select_related("author")
    if not scope.is_office_for(case):
        notes = notes.filter(office_only=False)
    return list(notes)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    status: str
    reason: str
    actor: str


def case_timeline(*, case: Case, scope: Scope) -> list[TimelineEntry]:
    """The case's history as a timeline. Handling units see the steps, not who in the office acted."""
    office = scope.is_office_for(case)
    entries = []
    for row in case.history.select_related("history_user").order_by("history_date", "history_id"):
        actor = ""
        if office and row.history_user is not None:
            actor = row.history_user.get_full_name() or row.history_user.username
        entries.append(
            TimelineEntry(
                at=row.history_date,
                status=CaseStatus(row.status).label,
                reason=row.history_change_reason or "",
                actor=actor,
            )
        )
    return entries


@dataclass(frozen=True)
class Todo:
    """One 待办 list: a title and the cases (as ``visibility.CaseView``) in it."""

    key: str
    title: str
    views: list


def todo_lists(*, scope: Scope, today: datetime.date | None = None) -> list[Todo]:
    """待办: awaiting acceptance (office), due soon, overdue, awaiting review, from the deadlines
    as they stand now. Four queries."""

    from ..visibility import case_view

    today = today or timezone.localdate()
    qs = (
        Case.objects.filter(scope.case_filter())
        .select_related(*CASE_LIST_RELATED)
        .with_deadlines(today=today, soon=due_soon_until(today))
    )
    lists = []
    if scope.is_office:
        lists.append(("accept", "待受理", qs.filter(status=CaseStatus.SUBMITTED)))
    lists += [
        ("due_soon", "即将到期（2个工作日内）", qs.filter(is_due_soon=True)),
        ("overdue", "已超期", qs.filter(is_overdue=True)),
        (
            "review",
            "待审核" if scope.is_office else "已反馈、待机制办审核",
            qs.filter(status=CaseStatus.REVIEW),
        ),
    ]
    return [
        Todo(
            key=key,
            title=title,
            views=[
                case_view(c, scope, today=today)
                for c in cases.order_by("due", "submitted_at")[:200]
            ],
        )
        for key, title, cases in lists
    ]


def hotspot_candidates(
    *, scope: Scope, since: datetime.date, category: str = ""
) -> list[tuple[int, int, str, str, str]]:
    """(id, region id, number, category name, redacted text) of recent cases, for hotspots.cluster."""
    qs = Case.objects.filter(scope.case_filter(), submitted_at__date__gte=since)
    if category:
        qs = qs.filter(category__code=category)
    return list(
        qs.exclude(status=CaseStatus.DECLINED)
        .values_list("pk", "region_id", "number", "category__name", "content_redacted")
        .order_by("pk")[:5000]
    )
