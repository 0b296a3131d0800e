"""Admission decisions that change a list: approval adds the item to the draft of the list's next
version, revocation (退出) removes it.  Never publishes: the draft goes through 清单审核 like any
other edit.  Actions in the Wagtail style, ``check()`` then ``execute()``, with an audit entry.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log

from registry import selectors
from registry.enums import KIND_CODE_PREFIX
from registry.models import AdmissionRequest, ListItem
from registry.models.items import targets_text
from registry.services import admission_requests as services

from .import_drafts import list_page_for
from .models import DraftItem, DutyListPage


def work_calendar():
    """The working-day calendar kept by 码上减 (holidays and 调休 make-up days)."""
    from mashangjian.selectors import work_calendar as msj_calendar

    return msj_calendar()


def _draft_with_items(page: DutyListPage):
    """The latest draft; an empty draft starts from the version in force (never drop items)."""
    draft = page.get_latest_revision_as_object()
    if not list(draft.draft_items.all()) and page.duty_list_id:
        version = selectors.version_in_force(duty_list=page.duty_list)
        if version is not None:
            draft.draft_items = [
                DraftItem.copy_of(item, sort_order=i)
                for i, item in enumerate(selectors.items_for_version(version=version))
            ]
    return draft


# The only two functions here that change a draft's items: re-point them at the shared draft-items
# service when it exists (see the report of issue 16).
def _draft_add_item(draft, item: DraftItem) -> None:
    items = list(draft.draft_items.all())
    item.sort_order = len(items)
    item.seq = max((i.seq for i in items), default=0) + 1
    draft.draft_items = [*items, item]


def _draft_remove_item(draft, code: str) -> None:
    items = [i for i in draft.draft_items.all() if i.code != code]
    for n, item in enumerate(items):
        item.sort_order = n
    draft.draft_items = items


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


def _next_code(page: DutyListPage, draft, kind: str) -> str:
    prefix = KIND_CODE_PREFIX[kind]
    pattern = re.compile(rf"^{prefix}-(\d+)$")
    codes = list(
        ListItem.objects.filter(
            version__duty_list__region_id=page.duty_list.region_id if page.duty_list_id else None,
            code__startswith=f"{prefix}-",
        ).values_list("code", flat=True)
    )
    codes += [i.code for i in draft.draft_items.all() if i.code]
    numbers = [int(m.group(1)) for c in codes if (m := pattern.match(c))]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


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
        draft = _draft_with_items(page)
        code = _next_code(page, draft, r.list_kind)
        targets = list(r.target_regions.order_by("code"))
        note = f"经准入审定（{r.decision_document_no}）"
        if targets:
            note += f"；承接单位：{'、'.join(t.name for t in targets)}"
        _draft_add_item(
            draft,
            DraftItem(
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
            ),
        )
        draft.next_change_note = _note_with(draft.next_change_note, _added_line(r))
        revision = draft.save_revision(user=self.user, clean=False)
        log(
            instance=draft,
            action="registry.admission.approve",
            user=self.user,
            revision=revision,
            data={"request": r.pk, "code": code, "document_no": r.decision_document_no},
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
        return DutyListPage.objects.filter(pk=self.request.draft_page_id).first()

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
            draft = _draft_with_items(page)
            _draft_remove_item(draft, r.item_code)
            # Approved and revoked before any version carried it: the draft says neither.
            note = _note_without(draft.next_change_note, _added_line(r))
            published = ListItem.objects.filter(
                version__duty_list_id=page.duty_list_id, code=r.item_code
            ).exists()
            if published:
                note = _note_with(note, f"退出准入事项“{r.item_name}”（{r.revoke_document_no}）。")
            draft.next_change_note = note
            revision = draft.save_revision(user=self.user, clean=False)
            log(
                instance=draft,
                action="registry.admission.revoke",
                user=self.user,
                revision=revision,
                data={"request": r.pk, "code": r.item_code, "document_no": r.revoke_document_no},
            )
        return r
