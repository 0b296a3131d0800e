"""Cases: the list and its export, one case with the actions its state allows, 待办, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import exports, refcache, selectors
from ..enums import CaseStatus
from ..forms import (
    AcceptForm,
    AnswerForm,
    DeclineForm,
    ExtendForm,
    NoteForm,
    RerouteForm,
    ReviewForm,
    TypicalForm,
)
from ..models import Attachment, Category
from ..services import cases as case_services
from ..visibility import case_view, conflict_ids, departments_resembling
from .access import _scope_or_403


def _filtered_cases(request, scope):
    """The cases of the list's filters (the export link carries the same query)."""
    f = request.GET
    return selectors.cases_for(
        scope=scope,
        status=f.get("status", ""),
        category=f.get("category", ""),
        q=f.get("q", ""),
        overdue=f.get("overdue") == "1",
        check=f.get("check", ""),
    )


@require_GET
def case_list(request):
    scope = _scope_or_403(request)
    f = request.GET
    qs = _filtered_cases(request, scope)
    page = Paginator(qs, 50).get_page(f.get("page"))
    query = f.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "mashangjian/admin/case_list.html",
        {
            "page_obj": page,
            "views": [case_view(case, scope) for case in page],
            "scope": scope,
            "statuses": CaseStatus.choices,
            "categories": Category.objects.all(),
            "check_filters": selectors.CHECK_FILTERS,
            "filters": f,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


def _case_or_404(scope, pk: int):
    case = selectors.case_for_staff(scope=scope, pk=pk)
    if case is None:
        raise Http404  # the same answer for a case that does not exist and one not yours
    return case


@require_GET
def case_detail(request, pk: int):
    scope = _scope_or_403(request)
    case = _case_or_404(scope, pk)
    office = scope.is_office_for(case)
    handler = scope.is_handler_for(case) or (office and case.direct)
    view = case_view(case, scope)
    context = {
        "case": case,
        "view": view,
        "office": office,
        "handler": handler,
        "timeline": selectors.case_timeline(case=case, scope=scope),
        "notes": selectors.case_notes(case=case, scope=scope),
        "attachments": list(case.attachments.all()) if office else [],
        "attachment_count": len(case.attachments.all()),
        "note_form": NoteForm(),
        "calendar_warning": _calendar_warning(case),
        "conflict": _conflict_notes(case) if office else None,
        **_check_context(request, case),
    }
    if office and case.status == CaseStatus.SUBMITTED:
        context["accept_form"] = AcceptForm(case=case, prefix="accept")
        context["decline_form"] = DeclineForm(prefix="decline")
    if office and case.status == CaseStatus.HANDLING:
        context["reroute_form"] = RerouteForm(case=case, prefix="reroute")
    if handler and case.status == CaseStatus.HANDLING:
        context["answer_form"] = AnswerForm(prefix="answer")
        if not case.extended:
            context["extend_form"] = ExtendForm(prefix="extend")
    if office and case.status == CaseStatus.REVIEW:
        context["review_form"] = ReviewForm(
            prefix="review", initial={"public_answer": case.answer_draft, "decision": "approve"}
        )
    if office and case.status == CaseStatus.CLOSED:
        context["typical_form"] = TypicalForm(
            prefix="typical",
            initial={
                "title": case.typical_title or f"{case.category.name}问题",
                "summary": case.typical_summary or case.content_redacted,
            },
        )
    return TemplateResponse(request, "mashangjian/admin/case_detail.html", context)


def _conflict_notes(case) -> dict:
    """For the office: the departments the case is about (never proposed or routed to), and
    those whose name only resembles what the reporter typed (a warning to check by hand)."""
    departments = refcache.county_departments(county_id=case.county_id)
    about = conflict_ids(case)
    return {
        "about": [d for d in departments if d.pk in about],
        "resembling": departments_resembling(case.subject_text, departments, exclude=about),
    }


def _check_context(request, case) -> dict:
    """The stored admission check of a case: its public record (``/check/<id>/``, which links
    each cited item in the version it used) and the list kinds in Chinese."""
    if not case.check_result:
        return {}
    from registry.enums import ListKind
    from registry.models import AssignmentCheck

    check = AssignmentCheck.objects.filter(pk=case.check_id).first() if case.check_id else None
    kinds = dict(ListKind.choices)
    return {
        "check": check,
        "check_matches": [
            {**m, "list_kind_label": kinds.get(m.get("list_kind"), m.get("list_kind", ""))}
            for m in case.check_result.get("matches", [])
        ],
    }


def _calendar_warning(case) -> str:
    due = case.current_due
    if due is None:
        return ""
    calendar = selectors.work_calendar(
        years=range(due.year, due.year + 1), county_id=case.county_id
    )
    if calendar.is_known(due):
        return ""
    return f"{due.year}年的节假日安排尚未录入，期限暂按周一至周五计算；请在“节假日与调休”中补录。"


ACTIONS = {
    "accept": AcceptForm,
    "decline": DeclineForm,
    "reroute": RerouteForm,
    "extend": ExtendForm,
    "answer": AnswerForm,
    "review": ReviewForm,
    "note": NoteForm,
    "typical": TypicalForm,
}


@require_POST
def case_action(request, pk: int, action: str):  # noqa: C901 - dispatches the state table's actions; each branch is one action
    scope = _scope_or_403(request)
    case = _case_or_404(scope, pk)
    detail = reverse("mashangjian_admin:case_detail", args=[case.pk])
    if action == "unpublish":
        try:
            case_services.case_unpublish_typical(case=case, scope=scope, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已撤下典型案例。")
        return redirect(detail)
    form_class = ACTIONS.get(action)
    if form_class is None:
        raise Http404
    form = (
        form_class(request.POST, case=case, prefix=action)
        if form_class in (AcceptForm, RerouteForm)
        else form_class(request.POST, prefix=action)
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect(detail)
    d = form.cleaned_data
    user = request.user
    try:
        if action in ("accept", "reroute"):  # the same choice of a department, first or again
            assign = case_services.case_accept if action == "accept" else case_services.case_reroute
            assign(
                case=case,
                scope=scope,
                user=user,
                department=d["department"],
                direct=d["mode"] == "direct",
                reason=d["reason"],
            )
            done = "已受理。" if action == "accept" else "已改派。"
        elif action == "decline":
            case_services.case_decline(
                case=case, scope=scope, user=user, reason=d["reason"], note=d["note"]
            )
            done = "已作不予受理处理，反映人可在状态页看到理由和引导。"
        elif action == "extend":
            case_services.case_extend(
                case=case, scope=scope, user=user, days=d["days"], reason=d["reason"]
            )
            done = f"已延期，新的办理期限为 {case.handle_due:%Y年%m月%d日}。"
        elif action == "answer":
            case_services.case_answer(case=case, scope=scope, user=user, answer=d["answer"])
            done = "办理结果已提交机制办审核。"
        elif action == "review":
            case_services.case_review(
                case=case,
                scope=scope,
                user=user,
                approve=d["decision"] == "approve",
                public_answer=d["public_answer"],
                note=d["note"],
            )
            done = "已办结并答复反映人。" if d["decision"] == "approve" else "已退回承办单位。"
        elif action == "note":
            case_services.case_note_add(
                case=case, scope=scope, user=user, text=d["text"], office_only=d["office_only"]
            )
            done = "已添加备注。"
        else:
            case_services.case_mark_typical(
                case=case,
                scope=scope,
                user=user,
                title=d["title"],
                summary=d["summary"],
                publish=d["publish"],
            )
            done = "已保存典型案例。"
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(detail)
    messages.success(request, done)
    return redirect(detail)


@require_GET
def todo(request):
    """待办: what needs doing now, from the deadlines as they stand (no periodic run needed)."""
    scope = _scope_or_403(request)
    return TemplateResponse(
        request,
        "mashangjian/admin/todo.html",
        {"lists": selectors.todo_lists(scope=scope), "scope": scope},
    )


@require_GET
def attachment_download(request, pk: int, attachment_id: int):
    """Attachments are shown to the office only: a picture cannot be redacted automatically."""
    scope = _scope_or_403(request)
    case = _case_or_404(scope, pk)
    if not scope.is_office_for(case):
        raise Http404
    attachment = get_object_or_404(Attachment, pk=attachment_id, case=case)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=False,
        filename=attachment.file.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def cases_export(request, fmt: str):
    scope = _scope_or_403(request)
    qs = _filtered_cases(request, scope)
    headers, rows = exports.case_rows(
        views=[case_view(case, scope) for case in qs[:20000]], office=scope.is_office
    )
    return exports.response(
        headers=headers, rows=rows, fmt=fmt, filename=f"码上减案件-{timezone.localdate():%Y%m%d}"
    )
