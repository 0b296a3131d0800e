"""The periodic deadline run: it only sends mail (and purges expired submission keys).

Reminds before the deadline, tells the handler once that a deadline has passed, escalates to the
office after it. Whether a case is overdue is never stored: lists, filters, exports and the 待办
view derive it from the deadlines (``CaseQuerySet.with_deadlines``), so nothing waits for this run.

Mail goes through Django's configured backend. It names the case number and the link only: never
the report text and never the reporter's contact details.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .. import selectors, submissions
from ..enums import ESCALATE_AFTER_WORKING_DAYS, CaseStatus, UnitRole
from ..models import Case


@dataclass
class DeadlineReport:
    overdue: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    mails: int = 0


def _emails(*, county_id: int, department_id: int | None) -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if department_id is None:
        users = users.filter(
            groups__mashangjian_unit__role=UnitRole.OFFICE,
            groups__mashangjian_unit__county_id=county_id,
        )
    else:
        users = users.filter(
            groups__mashangjian_unit__role=UnitRole.HANDLER,
            groups__mashangjian_unit__department_id=department_id,
        )
    return sorted(set(users.values_list("email", flat=True)))


def _link(case: Case) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "mashangjian_admin:case_detail", args=[case.pk]
    )


# Each notice: the case field that remembers it was sent for a deadline, the report's list of
# it and its name in the case's history.
NOTICES = {
    "overdue_notified_for": ("overdue", "超期通知"),
    "escalated_for": ("escalated", "超期督促"),
    "reminded_for": ("reminded", "到期提醒"),
}


def _notices(case: Case, *, due: datetime.date, today: datetime.date, calendar) -> list[tuple]:
    """What ``case`` is owed today about ``due``: (field, subject, body, department or None for
    the office). Handlers hear about their own deadline; the office about acceptance, direct
    cases and escalations."""
    stage = "受理" if case.status == CaseStatus.SUBMITTED else "办理"
    handler_id = (
        case.handler_department_id
        if case.status == CaseStatus.HANDLING and not case.direct
        else None
    )
    head = f"案件 {case.number} 的{stage}期限为 {due:%Y年%m月%d日}"
    notices = []
    if today > due:
        late = calendar.working_days_between(due, today)
        if case.overdue_notified_for != due:
            subject = f"案件 {case.number} 已超过{stage}期限"
            notices.append(
                ("overdue_notified_for", subject, f"{head}，现已超期，请尽快处理。", handler_id)
            )
        if late >= ESCALATE_AFTER_WORKING_DAYS and case.escalated_for != due:
            body = (
                f"{head}，已超期 {late} 个工作日，"
                f"承办：{case.handler_department or '机制办'}。请督促办理。"
            )
            notices.append(
                ("escalated_for", f"督促：案件 {case.number} 超期 {late} 个工作日", body, None)
            )
    elif calendar.working_days_between(today, due) <= 1 and case.reminded_for != due:
        subject = f"提醒：案件 {case.number} 的{stage}期限即将到期"
        notices.append(("reminded_for", subject, f"{head}，请按期办理。", handler_id))
    return notices


@transaction.atomic
def cases_check_deadlines(*, today: datetime.date, dry_run: bool = False) -> DeadlineReport:
    years = range(today.year - 1, today.year + 2)
    report = DeadlineReport()
    messages: list[tuple[str, str, str, list[str]]] = []
    sender = settings.DEFAULT_FROM_EMAIL
    cases = Case.objects.open().filter(status__in=[CaseStatus.SUBMITTED, CaseStatus.HANDLING])
    for case in cases.select_related("handler_department").order_by("pk"):
        due = case.current_due
        if due is None:
            continue
        # Each county's own calendar (national days plus its local 调休).
        calendar = selectors.work_calendar(years=years, county_id=case.county_id)
        notices = _notices(case, due=due, today=today, calendar=calendar)
        for field_name, subject, body, department_id in notices:
            setattr(case, field_name, due)
            getattr(report, NOTICES[field_name][0]).append(case.number)
            emails = _emails(county_id=case.county_id, department_id=department_id)
            messages.append((f"【码上减】{subject}", f"{body}\n{_link(case)}", sender, emails))
        if notices and not dry_run:
            case._change_reason = "；".join(NOTICES[n[0]][1] for n in notices)
            case.save()
    messages = [m for m in messages if m[3]]
    if not dry_run and messages:
        report.mails = send_mass_mail(messages, fail_silently=False)
    elif dry_run:
        report.mails = len(messages)
    if dry_run:
        transaction.set_rollback(True)
    else:
        submissions.purge_expired(now=timezone.now())
    return report
