"""The table editor: read the draft, show a page of its items, pass every change to cms.drafts.

Plain forms and pagination work without JavaScript; ``static/js/item-editor.js`` edits an item
in a dialog (requests marked ``X-Requested-With: fetch`` get a form fragment or a JSON row back
instead of a full page) so that saving one item never reloads the table.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from registry import params

from .. import drafts
from ..models import DraftItem, DutyListPage
from .forms import (
    DERIVED_ITEM_FORMS,
    ITEM_FORMS,
    MoveForm,
    PasteForm,
    county_departments,
    kind_fields,
    paste_rows,
)

PER_PAGE = 100
FILTER_KEYS = ("q", "domain", "page")


def _is_fetch(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _refused(request, page, reason: str, *, status: int = 403):
    if _is_fetch(request):
        return JsonResponse({"error": reason}, status=status)
    return TemplateResponse(
        request, "cms/editor/refused.html", {"page": page, "reason": reason}, status=status
    )


def _status_of(exc: drafts.DraftRefused) -> int:
    return 409 if isinstance(exc, drafts.DraftConflict) else 403


def _load(request, page_id: int):
    """The list page and the refusal to show if the user may not work on its draft at all."""
    page = get_object_or_404(DutyListPage, pk=page_id)
    return page, drafts.draft_permission_refusal(page=page, user=request.user)


def _load_draft(request, page_id: int):
    """The page and its draft, or the response refusing them."""
    page, refusal = _load(request, page_id)
    if refusal:
        return page, None, _refused(request, page, refusal)
    return page, drafts.draft_read(page=page), None


def _load_item(request, page_id: int, position: int):
    """The page, its draft and the item at ``position``, or the response refusing them."""
    page, draft, refused = _load_draft(request, page_id)
    if refused:
        return page, None, None, refused
    if not 1 <= position <= len(draft.items):
        return page, draft, None, _refused(request, page, drafts.CONFLICT_MESSAGE, status=404)
    return page, draft, draft.items[position - 1], None


def _back_query(request) -> str:
    """The table's filter and page the user came from (only the table's own parameters)."""
    source = request.POST if request.method == "POST" else request.GET
    params = QueryDict(source.get("back", ""))
    return urlencode({k: params[k] for k in FILTER_KEYS if params.get(k)})


def _table_url(page_id: int, query: str = "", position: int | None = None) -> str:
    url = reverse("jianfu:draft_items", args=[page_id])
    if query:
        url += f"?{query}"
    elif position is not None:
        url += f"?page={(position - 1) // PER_PAGE + 1}"
    return url + (f"#item-{position}" if position else "")


def _write(request, page, change, **kwargs):
    """Run a cms.drafts change as the user, on the revision the form was opened on.

    Returns (its result, None), or (None, the refusal's response)."""
    value = request.POST.get("revision", "")
    try:
        result = change(
            page=page,
            user=request.user,
            base_revision_id=params.integer(value, name="revision", minimum=1, default=0) or None,
            **kwargs,
        )
    except drafts.DraftRefused as exc:
        return None, _refused(request, page, str(exc), status=_status_of(exc))
    return result, None


def _display(item: DraftItem, field: str) -> str:
    if field == "adjustment":
        return item.get_adjustment_display()
    if field == "code" and not item.adjustment:
        return ""  # 上级事项编码: an added item's own code is shown beside its name
    if field == "department":
        return item.department.short_name if item.department_id and item.department else ""
    return str(getattr(item, field) or "")


def page_is_derived(page) -> bool:
    """Whether the page drafts a derived list (adjustments to the list above: registry.layers)."""
    from cms.models.pages import _duty_list_for
    from registry.services.versions import list_is_derived

    cached = getattr(page, "_is_derived", None)
    if cached is None:
        cached = page._is_derived = list_is_derived(
            page.duty_list or _duty_list_for(page.get_parent().specific, page.kind)
        )
    return cached


def layer_flags(page) -> list:
    """Adjustments of this list that its source no longer matches (the source dropped or
    reworded the item): shown to the list's editors and reviewers."""
    from registry import selectors

    if page.duty_list_id is None or not page_is_derived(page):
        return []
    found = selectors.unit_list(unit=page.duty_list.region, kind=page.kind)
    return list(found.resolved.own_flags) if found else []


def _columns(
    kind: str, derived: bool = False
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(leading columns 领域 + 名称, the kind's other columns)."""
    fields = kind_fields(kind, derived)
    lead = [(f, label) for f, label in fields if f in ("domain", "name")]
    return lead, [(f, label) for f, label in fields if f not in ("domain", "name")]


def _row(kind: str, position: int, item: DraftItem, derived: bool = False, cases: int = 0) -> dict:
    lead, extra = _columns(kind, derived)
    return {
        "position": position,
        "has_domain": any(f == "domain" for f, _ in lead),
        "item": item,
        "cells": [_display(item, f) for f, _ in extra],
        "cases": cases,
    }


def _case_counts(page, items) -> tuple[int | None, dict]:
    """(county id, {item code: linked 码上减 cases}) for the items shown: counts only (one
    query); the cases themselves are read through ``case_view`` on the linked page."""
    from burden.links import item_case_counts

    county = page.get_parent().specific.region.county
    if county is None:
        return None, {}
    counts = item_case_counts((county.pk, i.code) for i in items if i.code)
    return county.pk, {code: n for (_, code), n in counts.items()}


@require_http_methods(["GET"])
def draft_items(request, page_id: int):
    """The compact table of the draft's items: filter, search, one page of rows."""
    page, draft, refused = _load_draft(request, page_id)
    if refused:
        return refused
    q = request.GET.get("q", "").strip()
    domain = request.GET.get("domain", "").strip()
    rows = [
        (n, item)
        for n, item in enumerate(draft.items, start=1)
        if (not domain or item.domain == domain)
        and (not q or any(q in (getattr(item, f) or "") for f in ("name", "content", "code")))
    ]
    paginator = Paginator(rows, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    derived = page_is_derived(page)
    lead, extra = _columns(page.kind, derived)
    county_id, cases = _case_counts(page, [item for _, item in page_obj.object_list])
    filters = urlencode({k: v for k, v in (("q", q), ("domain", domain)) if v})
    return TemplateResponse(
        request,
        "cms/editor/items.html",
        {
            "page": page,
            "draft": draft,
            "lock_reason": drafts.draft_lock_refusal(page=page, user=request.user),
            "rows": [
                _row(page.kind, n, item, derived, cases.get(item.code, 0))
                for n, item in page_obj.object_list
            ],
            "county_id": county_id,
            "layer_flags": layer_flags(page),
            "page_obj": page_obj,
            "has_domain": any(f == "domain" for f, _ in lead),
            "extra_headers": [label for _, label in extra],
            "domains": sorted({i.domain for i in draft.items if i.domain}),
            "q": q,
            "domain": domain,
            "filters": filters,
            "back": urlencode(
                {k: v for k, v in (("q", q), ("domain", domain), ("page", page_obj.number)) if v}
            ),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )


def _item_form(page, request, *, instance=None):
    forms_by_kind = DERIVED_ITEM_FORMS if page_is_derived(page) else ITEM_FORMS
    form_class = forms_by_kind[page.kind]
    departments = county_departments(page.get_parent().specific.region)
    data = request.POST if request.method == "POST" else None
    return form_class(data, instance=instance, departments=departments)


def _form_response(request, page, draft, form, *, position=None, status=200, extra=None):
    context = {
        "page": page,
        "draft": draft,
        "form": form,
        "position": position,
        "back": _back_query(request),
        "table_url": _table_url(page.pk, _back_query(request), position),
        **(extra or {}),
    }
    if _is_fetch(request):
        html = render_to_string("cms/editor/item_form.html", context, request=request)
        return HttpResponse(html, status=status)
    return TemplateResponse(request, "cms/editor/item_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def item_edit(request, page_id: int, position: int):
    """One item in a form with only its kind's fields; saving writes that item alone."""
    page, draft, item, refused = _load_item(request, page_id, position)
    if refused:
        return refused
    form = _item_form(page, request, instance=item)
    others = DutyListPage.objects.child_of(page.get_parent()).exclude(pk=page.pk)
    extra = {"item": item, "move_form": MoveForm(initial={"to": position}), "targets": others}
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 400
        return _form_response(
            request, page, draft, form, position=position, status=status, extra=extra
        )
    revision, refused = _write(
        request,
        page,
        drafts.draft_item_update,
        position=position,
        values=form.cleaned_data,
    )
    if refused:
        return refused
    message = f"已保存第{position}项“{item.name}”。"
    if _is_fetch(request):
        county_id, cases = _case_counts(page, [item])
        row = render_to_string(
            "cms/editor/row.html",
            {
                "row": _row(
                    page.kind, position, item, page_is_derived(page), cases.get(item.code, 0)
                ),
                "page": page,
                "county_id": county_id,
                "editable": True,
            },
            request=request,
        )
        return JsonResponse({"row": row, "revision": revision.pk, "message": message})
    messages.success(request, message)
    return redirect(_table_url(page.pk, _back_query(request), position))


@require_http_methods(["GET", "POST"])
def item_add(request, page_id: int):
    """A new item, with only its kind's fields; 序号 comes from where it is inserted."""
    page, draft, refused = _load_draft(request, page_id)
    if refused:
        return refused
    form = _item_form(page, request)
    at_raw = request.POST.get("at", "") if request.method == "POST" else ""
    at = params.integer(at_raw, name="at", minimum=1, default=0) or None
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 400
        return _form_response(request, page, draft, form, status=status)
    item = form.save(commit=False)
    _, refused = _write(
        request,
        page,
        drafts.draft_items_insert,
        items=[item],
        position=at,
    )
    if refused:
        return refused
    position = item.sort_order + 1
    messages.success(request, f"已新增第{position}项“{item.name}”。")
    return redirect(_table_url(page.pk, position=position))


@require_http_methods(["GET", "POST"])
def item_delete(request, page_id: int, position: int):
    """Delete one item (confirmation page without JavaScript)."""
    page, draft, item, refused = _load_item(request, page_id, position)
    if refused:
        return refused
    if request.method == "GET":
        return TemplateResponse(
            request,
            "cms/editor/item_delete.html",
            {
                "page": page,
                "draft": draft,
                "item": item,
                "position": position,
                "back": _back_query(request),
                "table_url": _table_url(page.pk, _back_query(request), position),
            },
        )
    _, refused = _write(
        request,
        page,
        drafts.draft_items_delete,
        positions=[position],
    )
    if refused:
        return refused
    messages.success(request, f"已删除第{position}项“{item.name}”，其后事项的序号已顺延。")
    return redirect(_table_url(page.pk, _back_query(request)))


@require_POST
def item_move(request, page_id: int, position: int):
    """Reorder: the item becomes 第N项, the 序号 of the others follow."""
    page, refusal = _load(request, page_id)
    if refusal:
        return _refused(request, page, refusal)
    form = MoveForm(request.POST)
    if not form.is_valid():
        reason = "；".join(f"移到第几项：{e}" for e in form.errors.get("to", ["请填写正整数。"]))
        return _refused(request, page, reason, status=400)
    to = form.cleaned_data["to"]
    _, refused = _write(request, page, drafts.draft_item_move, position=position, to=to)
    if refused:
        return refused
    messages.success(request, f"已将第{position}项移到第{to}项。")
    return redirect(_table_url(page.pk, position=to))


@require_POST
def item_transfer(request, page_id: int, position: int):
    """Move the item to another list of the same region (stable code kept)."""
    page, refusal = _load(request, page_id)
    if refusal:
        return _refused(request, page, refusal)
    target_id = params.integer(request.POST.get("target"), name="target", minimum=1, default=0)
    target = (
        DutyListPage.objects.child_of(page.get_parent())
        .exclude(pk=page.pk)
        .filter(pk=target_id)
        .first()
    )
    if target is None:
        return _refused(request, page, "移至清单：请选择同一区划的其他清单。", status=400)
    _, refused = _write(request, page, drafts.draft_item_transfer, position=position, target=target)
    if refused:
        return refused
    messages.success(request, f"已将第{position}项移至“{target.title}”的草稿末尾。")
    return redirect(_table_url(page.pk, _back_query(request)))


@require_http_methods(["GET", "POST"])
def items_paste(request, page_id: int):
    """Rows copied from Excel (tab-separated), appended as new items in one change."""
    page, draft, refused = _load_draft(request, page_id)
    if refused:
        return refused
    form = PasteForm(request.POST or None)
    context = {
        "page": page,
        "draft": draft,
        "form": form,
        "headers": [label for _, label in kind_fields(page.kind, page_is_derived(page))],
        "table_url": _table_url(page.pk),
    }
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 400
        return TemplateResponse(request, "cms/editor/paste.html", context, status=status)
    new, errors = paste_rows(
        kind=page.kind,
        text=form.cleaned_data["rows"],
        departments=county_departments(page.get_parent().specific.region),
        derived=page_is_derived(page),
    )
    if errors:
        context["errors"] = errors
        return TemplateResponse(request, "cms/editor/paste.html", context, status=400)
    _, refused = _write(
        request,
        page,
        drafts.draft_items_insert,
        items=new,
        action="cms.draft.items_paste",
        data={"items": len(new)},
    )
    if refused:
        return refused
    messages.success(request, f"已从粘贴的内容新增{len(new)}个事项。")
    return redirect(_table_url(page.pk, position=new[0].sort_order + 1))
