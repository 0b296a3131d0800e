"""Review of a list draft: its change against the version in force, and the workflow actions.

One place approves or sends back a draft, whatever screen the reviewer used (the editor,
the dashboard's modal, the review screen): ``workflow_act``. It never saves a revision in
the reviewer's name, runs in its own savepoint (a refusal leaves nothing behind) and ends
with a Chinese message.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.revisions import RevisionsCompareView, RevisionsRevertView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from registry import selectors
from registry.columns import FIELD_LABELS, ITEM_FIELDS, KIND_COLUMNS
from registry.compare import Comparison, compare_items
from registry.enums import ChangeType, ListKind
from registry.models import ListVersion

from .models import DutyListPage
from .public.compare import COMPARE_SECTIONS
from .public_render import comparison_sections_html

GENERIC_REFUSAL = "你不能对这份草稿执行此操作。"
NOT_IN_REVIEW = "这份清单当前没有待审核的草稿。"


def refusal_reason(exc: PermissionDenied) -> str:
    return str(exc) if exc.args and str(exc) else GENERIC_REFUSAL


# -- the draft against the version in force ---------------------------------------------------
def draft_item_dicts(page: DutyListPage) -> list[dict]:
    """The draft's items in the export shape; a new item (no code yet) gets a placeholder code."""
    rows = []
    for n, item in enumerate(page.draft_items.all(), start=1):
        row = {f: getattr(item, f) for f in ITEM_FIELDS}
        row["seq"], row["code"] = item.seq, item.code or f"新增{n}"
        row["department"] = item.department_label
        rows.append(row)
    return rows


def version_to_compare(page: DutyListPage) -> ListVersion | None:
    """The version in force today, or the latest published one if none is in force yet."""
    if page.duty_list is None:
        return None
    return (
        selectors.version_in_force(duty_list=page.duty_list, on=timezone.localdate())
        or page.duty_list.versions.order_by("-number").first()
    )


def draft_comparison(
    page: DutyListPage, draft: DutyListPage
) -> tuple[ListVersion | None, Comparison, list[dict]]:
    """``page`` as stored (a revision's copy of ``duty_list`` may predate the first version)."""
    old = version_to_compare(page)
    old_items = selectors.item_dicts_for_version(version=old) if old else []
    new_items = draft_item_dicts(draft)
    return old, compare_items(old_items, new_items), new_items


def review_context(page: DutyListPage, user) -> dict:
    from .draft_layers import draft_unit_list

    draft = page.get_latest_revision_as_object()
    old, comparison, new_items = draft_comparison(page, draft)
    # A derived list's draft is a set of adjustments: the reviewer also reads them against the
    # source in force, and what the unit would carry once it is published.
    listed = draft_unit_list(draft)
    labels = dict(KIND_COLUMNS.get(page.kind, ()))
    task_state = page.current_workflow_task_state
    task = page.current_workflow_task
    actions = [a[0] for a in task.specific.get_actions(page, user)] if task else []
    refusal = task.specific.approve_refusal(page, user) if task else None
    return {
        "page": page,
        "draft": draft,
        "old": old,
        "comparison": comparison,
        "counts": [
            ("新增", len(comparison.added)),
            ("删除", len(comparison.removed)),
            ("修改", len(comparison.modified)),
            ("移动", len(comparison.moved) + len(comparison.moved_in) + len(comparison.moved_out)),
        ],
        "item_count": len(new_items),
        "changes_html": comparison_sections_html(
            comparison=comparison,
            sections=COMPARE_SECTIONS,
            kind_labels=dict(ListKind.choices),
            field_labels=FIELD_LABELS,
        ),
        "change_type_label": ChangeType(draft.next_change_type).label
        if draft.next_change_type
        else "",
        "task_state": task_state,
        "can_approve": "approve" in actions,
        "can_reject": "reject" in actions,
        "refusal": refusal if task and "reject" in actions else None,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "preview_url": reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
        "layer_flags": _layer_flags(page),
        "draft_flags": list(listed.resolved.own_flags) if listed else None,
        "draft_listed": listed,
        "draft_rewordings": [
            {"r": r, "label": labels.get(r.field, r.field)}
            for r in (listed.resolved.own_rewordings if listed else ())
        ],
    }


def _layer_flags(page) -> list:
    from cms.editor.views import layer_flags

    return layer_flags(page)


# -- one way to act on the task ---------------------------------------------------------------
def workflow_act(request, page, action: str, comment: str = "") -> bool:
    """Approve or send back the draft under review; a Chinese message either way."""
    page = page.specific
    task_state = page.current_workflow_task_state
    if task_state is None:
        messages.error(request, NOT_IN_REVIEW)
        return False
    task = task_state.task.specific
    if action not in [a[0] for a in task.get_actions(page, request.user)]:
        reason = task.approve_refusal(page, request.user) if action == "approve" else None
        messages.error(request, reason or GENERIC_REFUSAL)
        return False
    try:
        with transaction.atomic():
            task.on_action(task_state.specific, request.user, action, comment=comment)
    except PermissionDenied as exc:
        messages.error(request, refusal_reason(exc))
        return False
    if action == "approve":
        version = (
            ListVersion.objects.filter(source_revision_id=task_state.revision_id).first()
            if isinstance(page, DutyListPage)
            else None
        )
        if version:
            messages.success(
                request,
                f"已审核通过“{page.title}”，发布为第{version.number}版，"
                f"自{version.effective_from:%Y年%m月%d日}起施行；已通知提交人。",
            )
        else:
            messages.success(request, f"已审核通过“{page.title}”。")
    else:
        messages.success(request, f"已将“{page.title}”退回修改，已通知提交人。")
    return True


@require_http_methods(["GET", "POST"])
def list_review(request, page_id: int):
    """The review screen of a draft: header, change against the version in force, actions."""
    page = get_object_or_404(DutyListPage, pk=page_id)
    task = page.current_workflow_task
    if not (
        page.permissions_for_user(request.user).can_edit()
        or (task and task.specific.user_can_access_editor(page, request.user))
    ):
        # Wagtail's admin would replace the reason with a generic 没有权限: say it ourselves.
        messages.error(request, "只有该清单的编辑人和审核人可以查看审核页面。")
        return redirect("wagtailadmin_home")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ("approve", "reject"):
            messages.error(request, "请选择“审核通过并发布”或“退回修改”。")
        else:
            done = workflow_act(request, page, action, request.POST.get("comment", "").strip())
            if done:  # the reviewer's access to the draft ends with the task
                return redirect("wagtailadmin_home")
        return redirect("jianfu:list_review", page.pk)
    return TemplateResponse(
        request, "cms/admin/list_review.html", review_context(page, request.user)
    )


# -- Wagtail's page views for list pages ------------------------------------------------------
class ListEditView(EditView):
    """The editor: approving approves the draft as saved, without saving a revision first.

    Wagtail's editor saves the form as a new revision (in the reviewer's name) before
    approving, which made the reviewer an editor of the draft and the approval refused.
    """

    def post(self, request, *args, **kwargs):
        if (
            request.POST.get("action-workflow-action")
            and request.POST.get("workflow-action-name") == "approve"
        ):
            try:
                extra = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
            except ValueError:
                extra = {}
            if workflow_act(request, self.page, "approve", str(extra.get("comment", ""))):
                return redirect("wagtailadmin_home")  # the reviewer's access ends with the task
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        return super().post(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        task = self.page.current_workflow_task
        if task is not None and task.specific.user_can_access_editor(self.page, request.user):
            reason = task.specific.approve_refusal(self.page, request.user)
            if reason:
                messages.warning(request, reason + " 你仍可“请求修改”。")
            else:
                messages.info(
                    request,
                    "这份草稿正在等待你审核。请在审核页面查看与现行版本的差异后审核；"
                    "在此保存修改会使你成为编辑人，须由其他审核人审核通过。",
                )
        return super().get(request, *args, **kwargs)


class ListWorkflowActionView(WorkflowActionView):
    """The dashboard's approve / request changes: same action, messages, Chinese refusals."""

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            try:
                return super().dispatch(request, *args, **kwargs)
            except PermissionDenied:
                messages.error(request, self._refusal())
                return self._done()
        form = self.form_class(request.POST) if self.form_class else None
        comment = form.cleaned_data.get("comment", "") if form and form.is_valid() else ""
        if workflow_act(request, self.object, self.action_name, comment):
            # The reviewer's access to the draft ends with the task: back to the dashboard.
            self.redirect_url = reverse("wagtailadmin_home")
        return self._done()

    def _refusal(self) -> str:
        if self.action_name == "approve":
            return self.task.approve_refusal(self.object.specific, self.request.user) or (
                GENERIC_REFUSAL
            )
        return GENERIC_REFUSAL

    def _done(self):
        if self.request.headers.get("x-requested-with") == "XMLHttpRequest":
            return render_modal_workflow(
                self.request,
                "",
                None,
                {},
                json_data={"step": "success", "redirect": self.redirect_url},
            )
        return redirect(self.redirect_url)


class ListRevisionsCompareView(RevisionsCompareView):
    """Comparing the draft with the live version shows the review screen's item diff."""

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("revision_id_a") == "live" and kwargs.get("revision_id_b") == "latest":
            return redirect("jianfu:list_review", kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class ListRevisionsRevertView(RevisionsRevertView):
    """Reverting loads an old revision whose draft items may no longer exist: edit them as new."""

    def get_object(self):
        page = super().get_object()
        for item in page.draft_items.all():
            item.pk = None
        return page


class DutyListPageViewSet(PageViewSet):
    model = DutyListPage
    edit_view_class = ListEditView
    revisions_revert_view_class = ListRevisionsRevertView
    workflow_action_view_class = ListWorkflowActionView
    revisions_compare_view_class = ListRevisionsCompareView
