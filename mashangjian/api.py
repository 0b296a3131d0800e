"""Open311 GeoReport v2 style API at /api/open311/v2/ (its own NinjaAPI and URL namespace).

- GET  services.json                       the categories
- POST requests.json                       submit; returns service_request_id and the query code as token
- GET  requests/{id}.json?token=…          status and the public answer; a wrong id or token is a 404

Errors follow GeoReport: a list of {"code", "description"} with a Chinese description.
The API never returns contact details or the report text.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from ninja import NinjaAPI

from . import ratelimit, refcache, selectors
from .enums import PUBLIC_STATUS_LABELS, CaseStatus
from .services.cases import case_submit, submitted_notice
from .visibility import state_reason

open311_api = NinjaAPI(
    title="码上减 Open311 GeoReport v2 接口",
    version="2",
    urls_namespace="open311",
    description="基层减负问题反映：问题类别、提交反映、凭查询码查询进展。",
    docs_url=None,
)


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _error(status: int, description: str) -> JsonResponse:
    return _json([{"code": status, "description": description}], status)


@open311_api.get("/services.json", summary="问题类别")
def services(request):
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.description,
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": "基层减负",
        }
        for c in selectors.categories()
    ]


def _payload(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError("请求体不是有效的 JSON。")
        if not isinstance(data, dict):
            raise ValidationError("请求体须为 JSON 对象。")
        return {k: "" if v is None else str(v) for k, v in data.items()}
    return {k: request.POST.get(k, "") for k in request.POST}


@open311_api.post("/requests.json", summary="提交反映")
def create_request(request):
    if not ratelimit.allow(request, "submit"):
        return _error(429, "提交过于频繁，请稍后再试。")
    try:
        data = _payload(request)
    except ValidationError as exc:
        return _error(400, exc.messages[0])
    # One version check of the cached reference data for the whole request (refcache).
    key = request.headers.get("Idempotency-Key", "") or data.get("idempotency_key", "")
    with refcache.pinned():
        return _create(data, key=key, source=ratelimit.source_of(request))


def _create(data: dict, *, key: str = "", source: str = ""):
    category = selectors.category_by_code(data.get("service_code", ""))
    if category is None:
        return _error(400, "service_code 无效：请从 services.json 中选择问题类别。")
    region = selectors.region_by_code(data.get("jurisdiction_id", ""))
    if region is None:
        return _error(400, "jurisdiction_id 无效：请填写12位区划代码。")
    department = None
    if data.get("department_code", "").strip():
        county = selectors.county_of(region)
        department = (
            selectors.department_by_code(county=county, code=data["department_code"])
            if county is not None
            else None
        )
        if department is None:
            return _error(400, "department_code 无效：不是该县的部门编码。")
    phone = data.get("phone", "").strip()
    last, first = data.get("last_name", "").strip(), data.get("first_name", "").strip()
    try:
        receipt = case_submit(
            name_parts=(last, first),  # kept only to redact the name in any spacing and order
            idempotency_key=key,
            source=source,
            category=category,
            region=region,
            content=data.get("description", ""),
            subject_department=department,
            subject_text=data.get("subject", ""),
            occurred=data.get("occurred", ""),
            anonymous=not phone,
            contact_name=last + first,
            contact_phone=phone,
        )
    except ValidationError as exc:
        return _error(400, "；".join(exc.messages))
    return _json(
        [
            {
                "service_request_id": receipt.number,
                "token": receipt.query_code or None,
                "service_notice": submitted_notice(receipt),
                "account_id": None,
            }
        ]
    )


@open311_api.get("/requests/{service_request_id}.json", summary="查询进展（须提供查询码 token）")
def get_request(request, service_request_id: str, token: str = ""):
    if not ratelimit.allow(request, "lookup"):
        return _error(429, "查询过于频繁，请稍后再试。")
    case = selectors.case_for_reporter(number=service_request_id, code=token)
    if case is None:
        return _error(404, "未找到该案件或查询码错误。")
    if case.status == CaseStatus.CLOSED:
        notes = case.public_answer
    else:
        notes = state_reason(case) or PUBLIC_STATUS_LABELS[case.status]
    updated = case.closed_at or case.decided_at or case.submitted_at
    expected = (
        case.handle_due
        if case.status in (CaseStatus.HANDLING, CaseStatus.REVIEW)
        else case.accept_due
    )
    return _json(
        [
            {
                "service_request_id": case.number,
                "status": "closed"
                if case.status in (CaseStatus.CLOSED, CaseStatus.DECLINED)
                else "open",
                "status_label": PUBLIC_STATUS_LABELS[case.status],
                "status_notes": notes,
                "service_code": case.category.code,
                "service_name": case.category.name,
                "requested_datetime": case.submitted_at.isoformat(),
                "updated_datetime": updated.isoformat(),
                "expected_datetime": expected.isoformat()
                if expected and case.status not in (CaseStatus.CLOSED, CaseStatus.DECLINED)
                else None,
                "satisfaction": case.get_satisfaction_display() if case.satisfaction else None,
            }
        ]
    )
