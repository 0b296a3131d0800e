"""The public 查一查 page, the permalink of a stored check, and the register of admission decisions.

Works without JavaScript: a plain form (POST, CSRF) that redirects to ``/check/<public id>/``
(post/redirect/get), so the answer has a link that can be shared and shows the check exactly as
it was stored, whatever has been published since.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from registry import params, selectors
from registry.enums import CheckSource, CheckVerdict, RegionLevel
from registry.kinds import KIND_TO_VERDICT
from registry.models import AssignmentCheck, Department, Region
from registry.services.checks import check_run
from registry.services.decisions import check_correct as check_correct_service
from registry.services.decisions import user_can_correct
from registry.throttle import check_allowed, client_address, limit_message

from .models import DutyListPage
from .permissions import user_deciding_counties

ALLOWED = {CheckVerdict.BASIC, CheckVerdict.SELFGOV, CheckVerdict.CERTIFICATE_ALLOWED}
CONDITIONAL = {CheckVerdict.COOPERATE, CheckVerdict.ASSIST}


def verdict_tone(verdict: str) -> str:
    """The banner colour: ok (green), conditional (amber), stop (red), unlisted (orange)."""
    if verdict in ALLOWED:
        return "ok"
    if verdict in CONDITIONAL:
        return "conditional"
    if verdict in (CheckVerdict.UNLISTED, CheckVerdict.REVIEW):
        return "unlisted"
    return "stop"


def _unit_groups(county: Region) -> list[tuple[str, list[Region]]]:
    """The select's optgroups: the townships, then each township's villages (one query)."""
    units = list(
        Region.objects.filter(
            Q(parent=county) | Q(parent__parent=county),
            level__in=(RegionLevel.TOWNSHIP, RegionLevel.VILLAGE),
        ).order_by("code")
    )
    townships = [u for u in units if u.level == RegionLevel.TOWNSHIP]
    groups: list[tuple[str, list[Region]]] = [(f"{county.name}·乡镇（街道）", townships)]
    for township in townships:
        villages = [
            u for u in units if u.level == RegionLevel.VILLAGE and u.parent_id == township.pk
        ]
        if villages:
            groups.append((f"{township.name}·村（社区）", villages))
    return groups


def _form_context(request, *, county: Region | None, values: dict, errors: dict) -> dict:
    counties = list(Region.objects.counties().order_by("code"))
    if county is None and len(counties) == 1:
        county = counties[0]
    return {
        "counties": counties,
        "county": county,
        "unit_groups": _unit_groups(county) if county else [],
        "departments": list(Department.objects.filter(county=county).order_by("code"))
        if county
        else [],
        "values": values,
        "errors": errors,
        "today": timezone.localdate(),
        "verdicts": CheckVerdict.choices,
    }


@require_http_methods(["GET", "POST"])
def check_form(request):  # noqa: C901 - one form view: parse, check, correct, render
    county = None
    county_code = request.POST.get("county") or request.GET.get("county", "")
    if county_code:
        county = Region.objects.counties().filter(code=county_code).first()
    values = {k: request.POST.get(k, "").strip() for k in ("text", "region", "department", "on")}
    if request.method == "GET":
        values["region"] = request.GET.get("region", "")
        return TemplateResponse(
            request,
            "cms/check/form.html",
            _form_context(request, county=county, values=values, errors={}),
        )

    errors: dict[str, str] = {}
    if not check_allowed(client_address(request)):
        errors["form"] = limit_message()
        context = _form_context(request, county=county, values=values, errors=errors)
        return TemplateResponse(request, "cms/check/form.html", context, status=429)
    on = None
    if values["on"]:
        try:
            on = params.date(values["on"], name="on")
        except params.BadParameter:
            errors["on"] = f"日期“{values['on']}”格式不正确，应为年-月-日。"
    if not values["region"]:
        errors["region"] = "请选择承接单位（乡镇（街道）或村（社区））。"
    if not errors:
        try:
            check = check_run(
                region=values["region"],
                text=values["text"],
                department=values["department"] or None,
                on=on,
                source=CheckSource.WEB,
                user=request.user,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = {"date": "on", "__all__": "form"}.get(field, field)
                errors[key] = "；".join(messages)
        else:
            return redirect("check_detail", public_id=check.public_id)
    if county is None and values["region"]:
        unit = Region.objects.filter(code=values["region"]).first()
        county = unit.county if unit else None
    context = _form_context(request, county=county, values=values, errors=errors)
    return TemplateResponse(request, "cms/check/form.html", context, status=400)


def item_links(request, check: AssignmentCheck) -> dict[tuple[str, str], str]:
    """(list_kind, code) → the item's anchor in the cited version on the public list page."""
    entries = [*check.result.get("matches", []), *check.result.get("candidates", [])]
    wanted = {(m.get("list_region", ""), m["list_kind"]) for m in entries}
    pages = {
        (p.duty_list.region.code, p.kind): p
        for p in DutyListPage.objects.live()
        .filter(duty_list__region__code__in={r for r, _ in wanted})
        .select_related("duty_list__region")
    }
    region_code = check.result.get("region", {}).get("code", "")
    links = {}
    for m in entries:
        page = pages.get((m.get("list_region", ""), m["list_kind"]))
        if page is None:
            continue
        url = f"{page.get_url(request)}versions/{m['version']}/"
        if region_code and region_code != m.get("list_region"):
            url += f"?region={region_code}"
        links[(m["list_kind"], m["code"])] = f"{url}#{m['code']}"
    return links


@require_GET
def check_detail(request, public_id: str):
    check = AssignmentCheck.objects.filter(public_id=public_id).first()
    if check is None:
        raise Http404("找不到该审查记录。")
    links = item_links(request, check)

    def with_links(entries):
        return [{**m, "url": links.get((m["list_kind"], m["code"]), "")} for m in entries]

    result = check.result
    shown = [
        *result.get("matches", []),
        *result.get("review_candidates", []),
        *result.get("candidates", []),
    ]
    choices = list({m["code"]: m for m in shown}.values())
    correction = check.decisions.select_related("decided_by").first()  # the newest one
    return TemplateResponse(
        request,
        "cms/check/result.html",
        {
            "check": check,
            "result": result,
            # A person's decision leads; the rules' verdict is kept below it.
            "tone": verdict_tone(correction.verdict if correction else check.verdict),
            # The basis is the items of the verdict's kind; a comparably close item of another
            # list is shown apart, never as a basis (an allowed verdict citing a negative item).
            **_basis_and_nearby(with_links(result.get("matches", []))),
            "candidates": with_links(result.get("candidates", [])),
            "review_candidates": with_links(result.get("review_candidates", [])),
            # Highlight in the task only what the cited items (or candidates) share with it.
            "task_words": [h["task"] for m in shown[:3] for h in m.get("highlights", [])],
            "can_correct": _may_correct(request.user, check),
            "correct_choices": choices,
            "correction": correction,
            # Similar decided tasks that reached different conclusions (the closest one counts).
            "decisions_disagree": len({d["verdict"] for d in result.get("similar_decisions", [])})
            > 1,
            "permalink": request.build_absolute_uri(),
            "again_url": reverse("check") + f"?region={result.get('region', {}).get('code', '')}",
        },
    )


def _basis_and_nearby(matches: list[dict]) -> dict[str, list[dict]]:
    kind = KIND_TO_VERDICT[matches[0]["list_kind"]] if matches else ""
    return {
        "matches": [m for m in matches if KIND_TO_VERDICT[m["list_kind"]] == kind],
        "nearby": [m for m in matches if KIND_TO_VERDICT[m["list_kind"]] != kind],
    }


@require_http_methods(["GET", "POST"])
def check_correct(request, public_id: str):
    """A user with the 人工认定 permission records what the checked task really is."""
    check = AssignmentCheck.objects.select_related("region").filter(public_id=public_id).first()
    if check is None:
        raise Http404("找不到该审查记录。")
    if request.method == "GET":  # a bookmarked or reloaded form address: the check itself
        return redirect("check_detail", public_id=public_id)
    if not _may_correct(request.user, check):
        raise PermissionDenied("只有本县具备“人工认定”权限的用户可以更正审查结果。")
    try:
        decision = check_correct_service(
            check=check,
            user=request.user,
            choice=request.POST.get("choice", "").strip(),
            note=request.POST.get("note", "").strip(),
        )
    except ValidationError as exc:
        messages.error(request, "未能保存认定：" + "；".join(exc.messages))
        return redirect("check_detail", public_id=public_id)
    messages.success(
        request,
        f"已保存您的认定（{decision.get_verdict_display()}），本县今后类似事项的审查将参考这一认定。",
    )
    return redirect("check_detail", public_id=public_id)


def _may_correct(user, check: AssignmentCheck) -> bool:
    """The 人工认定 permission, for a check of a county the user works for."""
    county = check.region.county
    return (
        user_can_correct(user)
        and county is not None
        and county.pk in {c.pk for c in user_deciding_counties(user)}
    )


@require_GET
def admission_register(request):
    """公示: what was admitted, refused or revoked, when and by which 文号."""
    from burden.links import item_case_counts

    rows = selectors.admission_register()
    page = Paginator(rows, 50).get_page(params.page(request.GET.get("page")))
    # 码上减 cases linked to each admitted item: counts only, never case content.
    counts = item_case_counts((r.request.county_id, r.request.item_code) for r in page)
    with_cases = [
        (r, counts.get((r.request.county_id, r.request.item_code), 0) if r.request.item_code else 0)
        for r in page
    ]
    return TemplateResponse(
        request, "cms/check/register.html", {"page_obj": page, "rows": with_cases}
    )
