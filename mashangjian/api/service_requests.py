"""Operations on service requests: submit, list (public fields), one request (with the query
code: the reporter's own view), the request of a query code."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Query
from ninja.errors import HttpError

from registry import params

from .. import ratelimit, refcache, selectors
from ..enums import CaseStatus
from ..services.cases import case_submit, submitted_notice
from .answers import CLOSED_STATUSES, _own, _public
from .open311 import JURISDICTION, _limit, _operation
from .parameters import _coordinate, _datetime, _jurisdiction, _listing
from .rendering import render
from .schemas import FIELD_LIMITS, REQUEST_BODY_SCHEMA, RequestOut, SubmittedOut, TokenOut

MAX_SPAN = datetime.timedelta(days=90)


@_operation(
    "post",
    "/requests",
    list[SubmittedOut],
    400,
    404,
    413,
    415,
    429,
    summary="提交反映",
    extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": REQUEST_BODY_SCHEMA},
                "application/json": {"schema": REQUEST_BODY_SCHEMA},
            },
        }
    },
)
def create_request(request):
    _limit(request, "submit")
    data = _payload(request)
    # One version check of the cached reference data for the whole request (refcache).
    with refcache.pinned():
        return _create(request, data)


def _payload(request) -> dict[str, str]:  # noqa: C901 - the Open311 field mapping, one branch per field
    """The submitted fields as text: form or JSON body; ``jurisdiction_id`` also from the query."""
    content_type = request.content_type or ""
    if content_type == "application/json":
        data = params.json_object(request.body)
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        data = {k: request.POST.get(k) for k in request.POST}
    else:
        raise HttpError(415, "请求体须为表单（application/x-www-form-urlencoded）或 JSON。")
    cleaned = {}
    for key, value in data.items():
        if key not in FIELD_LIMITS:
            continue  # attribute[...] and other fields of services with metadata (none here)
        if key in ("lat", "long") and content_type == "application/json":
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise params.BadParameter(f"字段 {key} 须为数字。", name=key)
            value = repr(float(value))
        if value is None:
            raise params.BadParameter(f"字段 {key} 须为字符串。", name=key)
        cleaned[key] = params.text(value, name=key, max_length=FIELD_LIMITS[key]).strip()
    if "jurisdiction_id" not in cleaned:
        cleaned["jurisdiction_id"] = request.GET.get("jurisdiction_id", "")
    elif not cleaned["jurisdiction_id"]:
        params.region_code("", name="jurisdiction_id")  # given but empty: say what it should be
    return cleaned


def _create(request, data: dict):
    key = params.text(
        request.headers.get("Idempotency-Key", "") or data.get("idempotency_key", ""),
        name="Idempotency-Key",
        max_length=128,
    ).strip()
    if not data.get("service_code"):
        raise HttpError(400, "缺少 service_code：请从 services.json 中选择问题类别。")
    category = selectors.category_by_code(data["service_code"])
    if category is None:
        raise HttpError(404, "service_code 无效：请从 services.json 中选择问题类别。")
    region = _jurisdiction(data.get("jurisdiction_id"), required=True)
    latitude, longitude = _coordinate(data, "lat", 90), _coordinate(data, "long", 180)
    if (latitude is None) != (longitude is None):
        raise HttpError(400, "lat 与 long 须同时提供。")
    department = None
    if data.get("department_code"):
        county = region.county
        department = selectors.department_by_code(county=county, code=data["department_code"])
        if department is None:
            raise HttpError(400, "department_code 无效：不是该县的部门编码。")
    contact = data.get("phone") or data.get("email", "")
    last, first = data.get("last_name", ""), data.get("first_name", "")
    try:
        receipt = case_submit(
            name_parts=(last, first),  # kept only to redact the name in any spacing and order
            category=category,
            region=region,
            content=data.get("description", ""),
            subject_department=department,
            subject_text=data.get("subject", ""),
            occurred=data.get("occurred", ""),
            anonymous=not contact,
            contact_name=last + first,
            contact_phone=contact,
            address_string=data.get("address_string", ""),
            latitude=latitude,
            longitude=longitude,
            idempotency_key=key,
            source=ratelimit.source_of(request),
        )
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from None
    notice = submitted_notice(receipt)
    if data.get("media_url"):
        notice += "附件链接（media_url）未下载保存；如需提交材料，请使用网页表单上传。"
    row = {
        "service_request_id": receipt.number,
        "service_notice": notice,
        "account_id": None,
        "query_code": receipt.query_code or None,
    }
    return render(request, "requests", [row])


@_operation("get", "/requests", list[RequestOut], 400, 404, 429, summary="查询反映列表（公开字段）")
def list_requests(
    request,
    jurisdiction_id: str | None = JURISDICTION,
    service_request_id: str | None = Query(
        None, max_length=2000, description="逗号分隔；优先于其他条件"
    ),
    service_code: str | None = Query(None, max_length=500, description="逗号分隔"),
    start_date: str | None = Query(
        None, max_length=40, description="W3C 日期时间；默认 end_date 前90天"
    ),
    end_date: str | None = Query(None, max_length=40, description="W3C 日期时间；默认现在"),
    status: str | None = Query(
        None, pattern=r"^(open|closed)(,(open|closed))*$", description="open、closed，逗号分隔"
    ),
):
    _limit(request, "lookup")
    region = _jurisdiction(jurisdiction_id, required=False)
    start = _datetime(start_date, name="start_date")
    end = _datetime(end_date, name="end_date")
    numbers = _listing(service_request_id, name="service_request_id")
    if not numbers:
        end = end or (start + MAX_SPAN if start else timezone.now())
        start = start or end - MAX_SPAN
        if end < start or end - start > MAX_SPAN:
            raise params.BadParameter(
                "start_date 至 end_date 的跨度须在0至90天之间。", name="start_date"
            )
    wanted = _listing(status, name="status", allowed=("open", "closed"))
    statuses = []
    if "open" in wanted:
        statuses += [s for s in CaseStatus.values if s not in CLOSED_STATUSES]
    if "closed" in wanted:
        statuses += list(CLOSED_STATUSES)
    cases = selectors.cases_public(
        numbers=numbers,
        service_codes=_listing(service_code, name="service_code"),
        region=region,
        start=start,
        end=end,
        statuses=statuses,
    )
    return render(request, "requests", [_public(c) for c in cases])


@_operation(
    "get", "/requests/{service_request_id}", list[RequestOut], 400, 404, 429, summary="查询一件反映"
)
def get_request(
    request,
    service_request_id: str,
    jurisdiction_id: str | None = JURISDICTION,
    query_code: str | None = Query(None, max_length=32, description="查询码：返回反映人本人视图"),
    token: str | None = Query(None, max_length=32, description="同 query_code（旧名）"),
):
    _limit(request, "lookup")
    _jurisdiction(jurisdiction_id, required=False)
    code = query_code or token
    if code:
        case = selectors.case_for_reporter(number=service_request_id, code=code)
        if case is None:
            raise HttpError(404, "未找到该案件或查询码错误。")
        return render(request, "requests", [_own(case)])
    found = selectors.cases_public(numbers=[service_request_id])
    if not found:
        raise HttpError(404, "未找到该案件。")
    return render(request, "requests", [_public(found[0])])


@_operation("get", "/tokens/{token}", list[TokenOut], 400, 404, 429, summary="由查询码取得案件编号")
def token_lookup(request, token: str, jurisdiction_id: str | None = JURISDICTION):
    _limit(request, "lookup")
    _jurisdiction(jurisdiction_id, required=False)
    case = selectors.case_by_query_code(params.text(token, name="token", max_length=32))
    if case is None:
        raise HttpError(404, "未找到该查询码对应的案件。")
    return render(request, "requests", [{"service_request_id": case.number, "token": token}])
