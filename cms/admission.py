"""Admission decisions that change a list: approval adds the item to the draft of the list's next
version, revocation (退出) removes it.  Never publishes: the draft goes through 清单审核 like any
other edit.  Actions in the Wagtail style, ``check()`` then ``execute()``, with an audit entry.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from registry.enums import KIND_CODE_PREFIX
from registry.models import AdmissionRequest, ListItem
from registry.models.items import targets_text
from registry.services import admission_requests as services

from . import drafts
from .import_drafts import list_page_for
from .models import DraftItem, DutyListPage


def work_calendar(county=None):
    """The working-day calendar kept by 码上减 (national holidays and 调休, plus the local
    entries of ``county`` when given: a request's deadlines use its county's calendar)."""
    from mashangjian.selectors import work_calendar as msj_calendar

    return msj_calendar(county_id=county.pk if county is not None else None)


def admission_term(r: AdmissionRequest) -> str:
    """实施期限 as carried onto the list: from the start, to the end or open-ended."""
    end = f"{r.period_end:%Y-%m-%d}" if r.period_end else "长期"
    return f"{r.period_start:%Y-%m-%d}至{end}"


def _added_line(r: AdmissionRequest) -> str:
    return f"新增准入事项“{r.item_name}”（{r.decision_document_no}）。"


def _note_with(note: str, line: str) -> str:
    return f"{note}\n{line}".strip() if line not in note else note


def _note_without(note: str, line: str) -> str:
    return "\n".join(x for x in note.splitlines() if x.strip() != line).strip()


def _next_code(page: DutyListPage, kind: str) -> str:
    prefix = KIND_CODE_PREFIX[kind]
    pattern = re.compile(rf"^{prefix}-(\d+)$")
    codes = list(
        ListItem.objects.filter(
            version__duty_list__region_id=page.duty_list.region_id if page.duty_list_id else None,
            code__startswith=f"{prefix}-",
        ).values_list("code", flat=True)
    )
    codes += [i.code for i in drafts.draft_read(page=page).items if i.code]
    numbers = [int(m.group(1)) for c in codes if (m := pattern.match(c))]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


def _check_draft(page: DutyListPage, user) -> None:
    """The draft rules of cms.drafts, reported the way the admission screens report errors."""
    try:
        drafts.draft_check(page=page, user=user)
    except drafts.DraftRefused as exc:
        raise ValidationError(str(exc)) from exc


class ApproveAdmission:
    """Approve a request and add its item to the draft of the target list's next version."""

    def __init__(self, request: AdmissionRequest, *, user, document_no: str, reason: str = ""):
        self.request = request
        self.user = user
        self.document_no = document_no
        self.reason = reason

    def check(self) -> DutyListPage:
        page = list_page_for(region=self.request.county, kind=self.request.list_kind)
        if page is None:
            raise ValidationError(
                f"{self.request.county.name}还没有“{self.request.get_list_kind_display()}”的清单页面，"
                "请先在后台创建后再批准。"
            )
        _check_draft(page, self.user)
        return page

    @transaction.atomic
    def execute(self) -> AdmissionRequest:
        page = self.check()
        r = services.admission_request_decide(
            request=self.request,
            user=self.user,
            decision="approve",
            reason=self.reason,
            document_no=self.document_no,
        )
        code = _next_code(page, r.list_kind)
        targets = list(r.target_regions.order_by("code"))
        note = f"经准入审定（{r.decision_document_no}）"
        if targets:
            note += f"；承接单位：{'、'.join(t.name for t in targets)}"
        item = DraftItem(
            code=code,
            domain=r.domain,
            name=r.item_name,
            content=r.content,
            basis=r.basis,
            department=r.department,
            note=note[:2000],
            targets=targets_text(targets),
            admission_no=r.decision_document_no,
            term=admission_term(r),
            funding=r.funding,
            staff=r.staff,
        )
        drafts.draft_items_insert(
            page=page,
            user=self.user,
            items=[item],
            renumber=False,
            action="registry.admission.approve",
            data={"request": r.pk, "code": code, "document_no": r.decision_document_no},
            edit_note=lambda text: _note_with(text, _added_line(r)),
        )
        return services.admission_request_link_draft(request=r, page_id=page.pk, item_code=code)


class RevokeAdmission:
    """退出: record the decision and remove the item from the draft of the list's next version."""

    def __init__(self, request: AdmissionRequest, *, user, document_no: str, reason: str):
        self.request = request
        self.user = user
        self.document_no = document_no
        self.reason = reason

    def check(self) -> DutyListPage | None:
        if not self.request.draft_page_id:
            return None
        page = DutyListPage.objects.filter(pk=self.request.draft_page_id).first()
        if page is not None:
            _check_draft(page, self.user)
        return page

    @transaction.atomic
    def execute(self) -> AdmissionRequest:
        page = self.check()
        r = services.admission_request_revoke(
            request=self.request,
            user=self.user,
            reason=self.reason,
            document_no=self.document_no,
        )
        if page is not None and r.item_code:
            added = _added_line(r)
            revoked = f"退出准入事项“{r.item_name}”（{r.revoke_document_no}）。"
            # Approved and revoked before any version carried it: the draft says neither.
            published = ListItem.objects.filter(
                version__duty_list_id=page.duty_list_id, code=r.item_code
            ).exists()
            drafts.draft_items_remove_codes(
                page=page,
                user=self.user,
                codes={r.item_code},
                action="registry.admission.revoke",
                data={"request": r.pk, "code": r.item_code, "document_no": r.revoke_document_no},
                edit_note=lambda text: (
                    _note_with(_note_without(text, added), revoked)
                    if published
                    else _note_without(text, added)
                ),
            )
        return r
