"""Admission decisions that change a list: approval adds the item to the draft of the list's next
version, revocation (退出) removes it.  Never publishes: the draft goes through 清单审核 like any
other edit.  Actions in the Wagtail style, ``check()`` then ``execute()``, with an audit entry.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from registry.codes import codes_mint
from registry.models import AdmissionRequest, ListItem
from registry.services import admission_requests as services

from . import drafts
from .import_drafts import list_page_for
from .models import DraftItem, DutyListPage


def work_calendar(county=None):
    """The working-day calendar kept by 码上减 (national holidays and 调休, plus the local
    entries of ``county`` when given: a request's deadlines use its county's calendar)."""
    from mashangjian.selectors import work_calendar as msj_calendar

    return msj_calendar(county_id=county.pk if county is not None else None)


def _added_line(r: AdmissionRequest) -> str:
    return f"新增准入事项“{r.item_name}”（{r.decision_document_no}）。"


def _note_with(note: str, line: str) -> str:
    return f"{note}\n{line}".strip() if line not in note else note


def _note_without(note: str, line: str) -> str:
    return "\n".join(x for x in note.splitlines() if x.strip() != line).strip()


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

    def check(self) -> DutyListPage | None:
        if self.request.subject == "form":
            return None  # a form goes into the 基层报表目录, not into a list
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
        if page is None:
            from burden.admission import form_admission_approve

            return form_admission_approve(
                request=self.request,
                user=self.user,
                document_no=self.document_no,
                reason=self.reason,
            )
        r = services.admission_request_decide(
            request=self.request,
            user=self.user,
            decision="approve",
            reason=self.reason,
            document_no=self.document_no,
        )
        # The page drafts the county's list (list_page_for above): its codes and the draft's.
        (code,) = codes_mint(
            region_id=r.county_id,
            kind=r.list_kind,
            count=1,
            taken=[i.code for i in drafts.draft_read(page=page).items if i.code],
        )
        item = DraftItem(
            code=code,
            domain=r.domain,
            name=r.item_name,
            content=r.content,
            basis=r.basis,
            department=r.department,
            note=services.admission_item_note(r),
            **services.admission_item_terms(r),
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
    """退出: record the decision, remove the item from the draft of the list's next version and,
    when a published version carries the item, submit that draft to 清单审核 in the same step
    (setting its 生效日期, and its 文号 / 印发机关 where the draft has none). The revoker edited the
    draft, so another reviewer approves it (四眼原则). A draft that cannot be submitted refuses
    the whole revocation with the reason: a 退出 that never reached review would stay 退出待生效."""

    def __init__(
        self,
        request: AdmissionRequest,
        *,
        user,
        document_no: str,
        reason: str,
        effective_from: datetime.date | None = None,
        issuing_body: str = "",
    ):
        self.request = request
        self.user = user
        self.document_no = document_no
        self.reason = reason
        self.effective_from = effective_from
        self.issuing_body = issuing_body
        self.submitted = False  # set by execute(): the draft went to (or is in) 清单审核

    def check(self) -> DutyListPage | None:
        if self.request.subject == "form":
            raise ValidationError(
                "报表的准入不在清单中退出：请在“基层报表目录”中将该报表废止（填写废止日期）。"
            )
        if not self.request.draft_page_id:
            return None
        page = DutyListPage.objects.filter(pk=self.request.draft_page_id).first()
        if page is not None:
            _check_draft(page, self.user)
        return page

    def _header(self, page: DutyListPage) -> dict:
        draft = page.get_latest_revision_as_object()
        latest = (
            page.duty_list.versions.order_by("-effective_from").first()
            if page.duty_list_id
            else None
        )
        return {
            "next_effective_from": self.effective_from or draft.next_effective_from,
            "next_document_no": draft.next_document_no or self.document_no.strip(),
            "next_issuing_body": draft.next_issuing_body
            or self.issuing_body.strip()
            or (latest.issuing_body if latest else ""),
        }

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
            # Approved and revoked before any version carried it: the draft says neither, and
            # nothing has to be reviewed.
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
                header=self._header(page) if published else None,
            )
            if published:
                submit_for_review(page, self.user)
                self.submitted = True
        return r


def submit_for_review(page: DutyListPage, user) -> None:
    """Put the draft of ``page`` into its 清单审核 workflow (or resume it after 退回修改); a draft
    already under review stays there (approval takes the latest revision). Raises
    ValidationError naming what keeps the draft from being submitted."""
    page = DutyListPage.objects.get(pk=page.pk)
    state = page.current_workflow_state
    if state is not None and state.status == state.STATUS_IN_PROGRESS:
        return
    page.get_latest_revision_as_object().validate_next_version(reason="无法提交清单审核")
    if state is not None:  # 退回修改 (needs changes): resubmit
        state.resume(user)
        return
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(f"“{page.title}”没有设置清单审核流程，无法提交审核。")
    workflow.start(page, user)
