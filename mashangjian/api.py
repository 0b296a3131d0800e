"""Open311 GeoReport v2 at /api/open311/v2/ (its own NinjaAPI; docs/open311.md says what and why).

Every operation answers JSON (``.json``) or XML (``.xml``, the spec's default format):

- GET  discovery.{fmt}                 endpoints and formats
- GET  services.{fmt}                  the categories; services/{code}.{fmt} one definition
- POST requests.{fmt}                  submit (form or JSON body); the query code comes back once
- GET  requests.{fmt}                  public fields of requests, with the spec's filters
- GET  requests/{id}.{fmt}             public fields; with ``query_code`` (or ``token``) the
                                       reporter's own view
- GET  tokens/{token}.{fmt}            the request id of a query code

Reporter protection: no answer ever carries contact details, the report text or anything else
the reporter typed, except the reporter's own view (with the query code), which adds the
location they gave and the note addressed to them. Errors are the GeoReport list
``[{"code", "description"}]`` with a Chinese description, also for errors raised outside the
handlers (cms.request_guard rewrites those).
"""

from __future__ import annotations

import datetime
import json
import re
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from registry import params
from registry.api.errors import invalid_message

from . import ratelimit, refcache, selectors
from .enums import PUBLIC_STATUS_LABELS, CaseStatus, DeclineReason
from .services.cases import case_submit, submitted_notice
from .visibility import state_reason

open311_api = NinjaAPI(
    title="码上减 Open311 GeoReport v2 接口",
    version="2",
    urls_namespace="open311",
    description=(
        "基层减负问题反映：问题类别、提交反映、查询进展。每个接口都有 .json 与 .xml 两种格式；"
        "错误为 GeoReport 错误列表。说明见 docs/open311.md。"
    ),
    docs_url=None,
)

FORMATS = ("json", "xml")
MAX_DESCRIPTION = 4000  # GeoReport v2: "may not be longer than 4,000 characters"
MAX_SPAN = datetime.timedelta(days=90)
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.DECLINED)
LAT_LONG = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,17})?(?:[eE]-?[0-9]{1,3})?")
W3C_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)
# The longest value of each submitted field; the same limits as the web form (mashangjian.forms).
FIELD_LIMITS = {
    "service_code": 16,
    "jurisdiction_id": 12,
    "description": MAX_DESCRIPTION,
    "subject": 128,
    "department_code": 32,
    "occurred": 64,
    "first_name": 16,
    "last_name": 16,
    "phone": 64,
    "email": 64,
    "address_string": 255,
    "address_id": 64,
    "device_id": 128,
    "account_id": 64,
    "media_url": 2000,
    "lat": 20,
    "long": 20,
    "idempotency_key": 128,
}


# ---------------------------------------------------------------------------------------------
# Rendering: JSON or XML by the path's suffix
# ---------------------------------------------------------------------------------------------
XML_NAMES = {  # list kind → (root element, item element), as in the GeoReport v2 examples
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}


def _wants_xml(request) -> bool:
    return request.path.endswith(".xml")


def _xml_value(parent: ElementTree.Element, key: str, value) -> None:
    node = ElementTree.SubElement(parent, key)
    if isinstance(value, dict):
        for k, v in value.items():
            _xml_value(node, k, v)
    elif isinstance(value, list):
        for v in value:
            _xml_value(node, key.rstrip("s") or "item", v)
    elif isinstance(value, bool):
        node.text = "true" if value else "false"
    elif value is not None:
        node.text = str(value)


def render(request, kind: str, data, status: int = 200) -> HttpResponse:
    """A list of objects (or, for ``kind`` without a list, one object) as JSON or XML."""
    if not _wants_xml(request):
        body = json.dumps(data, ensure_ascii=False)
        return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    if kind in XML_NAMES:
        root_name, item_name = XML_NAMES[kind]
        root = ElementTree.Element(root_name)
        for row in data:
            item = ElementTree.SubElement(root, item_name)
            for key, value in row.items():
                _xml_value(item, key, value)
    else:
        root = ElementTree.Element(kind)
        for key, value in data.items():
            _xml_value(root, key, value)
    body = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return HttpResponse(body, status=status, content_type="application/xml; charset=utf-8")


def error_response(request, status: int, description: str) -> HttpResponse:
    """The GeoReport error list; used here and by cms.request_guard for errors outside handlers."""
    response = render(request, "errors", [{"code": status, "description": description}], status)
    if status == 429:
        bucket = "submit" if request.method == "POST" else "lookup"
        response["Retry-After"] = str(ratelimit.retry_after(bucket))
    return response


@open311_api.exception_handler(HttpError)
def _http_error(request, exc):
    return error_response(request, exc.status_code, str(exc))


@open311_api.exception_handler(params.BadParameter)
def _bad_parameter(request, exc):
    return error_response(request, 400, exc.message)


@open311_api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    return error_response(request, 400, invalid_message(exc))


@open311_api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, 404, "未找到请求的资源。")


def _limit(request, bucket: str) -> None:
    if not ratelimit.allow(request, bucket):
        raise HttpError(
            429,
            "提交过于频繁，请稍后再试。" if bucket == "submit" else "查询过于频繁，请稍后再试。",
        )


# ---------------------------------------------------------------------------------------------
# OpenAPI description (what schemathesis checks the answers against)
# ---------------------------------------------------------------------------------------------
class ErrorOut(Schema):
    code: int
    description: str


class ServiceOut(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class ServiceDefinitionOut(Schema):
    service_code: str
    attributes: list[dict]


class RequestOut(Schema):
    service_request_id: str
    status: str = Field(description="open 或 closed")
    status_label: str = Field(description="中文状态（扩展字段）")
    status_notes: str | None
    service_code: str
    service_name: str
    requested_datetime: str = Field(description="ISO 8601，含时区")
    updated_datetime: str
    expected_datetime: str | None
    agency_responsible: str | None
    address: str | None = Field(None, description="仅凭查询码查询时返回反映人填写的地点")
    lat: float | None = None
    long: float | None = None
    satisfaction: str | None = None


class SubmittedOut(Schema):
    service_request_id: str
    service_notice: str
    account_id: str | None
    query_code: str | None = Field(
        description="查询码（扩展字段）：只在此处出现一次，凭它查看本人视图；重复提交时为空"
    )


class TokenOut(Schema):
    service_request_id: str
    token: str


class DiscoveryOut(Schema):
    changeset: str
    contact: str
    key_service: str
    endpoints: list[dict]


def _responses(ok, *codes: int, fmt: str) -> dict:
    """The documented answers of one operation in one format."""
    if fmt == "json":
        return {"response": {200: ok, **dict.fromkeys(codes, list[ErrorOut])}}
    xml = {"content": {"application/xml": {}}}  # no schema: XML bodies are not validated
    return {
        "openapi_extra": {
            "responses": {
                code: {"description": "GeoReport 错误列表" if code != 200 else "成功", **xml}
                for code in (200, *codes)
            }
        }
    }


def _operation(method: str, path: str, ok, *codes: int, summary: str, extra: dict | None = None):
    """Register ``view`` at ``path.json`` and ``path.xml`` (one operation id per format)."""

    def register(view):
        for fmt in FORMATS:
            spec = _responses(ok, *codes, fmt=fmt)
            if extra:
                spec["openapi_extra"] = {**spec.get("openapi_extra", {}), **extra}
            getattr(open311_api, method)(
                f"{path}.{fmt}",
                summary=f"{summary}（{fmt.upper()}）",
                operation_id=f"{view.__name__}_{fmt}",
                **spec,
            )(view)
        return view

    return register


JURISDICTION = Query(
    None,
    pattern=r"^[0-9]{12}$",
    description="区划代码（12位）；可省略，由默认辖区（OPEN311_DEFAULT_JURISDICTION 或唯一的县）决定",
)


# ---------------------------------------------------------------------------------------------
# Reading parameters
# ---------------------------------------------------------------------------------------------
def default_jurisdiction() -> str:
    configured = getattr(settings, "OPEN311_DEFAULT_JURISDICTION", "")
    if configured:
        return configured
    counties = selectors.county_codes()
    return counties[0] if len(counties) == 1 else ""


def _jurisdiction(code: str | None, *, required: bool):
    """The region of ``jurisdiction_id``: 404 when unknown, the default when absent."""
    code = code or ""
    if not code:
        code = default_jurisdiction()
        if not code:
            if required:
                raise HttpError(400, "缺少 jurisdiction_id：本系统服务多个县，请填写12位区划代码。")
            return None
    params.region_code(code, name="jurisdiction_id")
    region = selectors.region_by_code(code)
    if region is None or region.county is None:
        raise HttpError(404, f"jurisdiction_id“{code}”不是本系统服务的区划。")
    return region


def _datetime(value: str | None, *, name: str) -> datetime.datetime | None:
    if not value:
        return None
    if not W3C_DATETIME.fullmatch(value):
        raise params.BadParameter(
            f"参数 {name} 应为 W3C 日期时间，例如 2026-03-01T00:00:00+08:00。", name=name
        )
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise params.BadParameter(f"参数 {name} 不是有效的日期时间。", name=name) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _listing(value: str | None, *, name: str, allowed=None) -> list[str]:
    items = [v.strip() for v in (value or "").split(",") if v.strip()]
    for item in items:
        if allowed is not None and item not in allowed:
            raise params.BadParameter(
                f"参数 {name} 的取值“{item}”无效，可选：{'、'.join(allowed)}。", name=name
            )
    return items


def _iso(moment: datetime.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _end_of_day(day: datetime.date | None) -> str | None:
    if day is None:
        return None
    return _iso(timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59))))


# ---------------------------------------------------------------------------------------------
# Case → answer
# ---------------------------------------------------------------------------------------------
def _decline_reason(case) -> str:
    reason = case.decline_reason
    return DeclineReason(reason).label if reason in DeclineReason.values else reason


def _public(case) -> dict:
    """What anyone may see: status, service, dates and the reviewed public answer."""
    if case.status == CaseStatus.CLOSED:
        notes = case.public_answer or PUBLIC_STATUS_LABELS[case.status]
    elif case.status == CaseStatus.DECLINED:
        notes = f"不予受理：{_decline_reason(case)}。"
    else:
        notes = state_reason(case) or PUBLIC_STATUS_LABELS[case.status]
    expected = (
        case.handle_due
        if case.status in (CaseStatus.HANDLING, CaseStatus.REVIEW)
        else case.accept_due
    )
    return {
        "service_request_id": case.number,
        "status": "closed" if case.status in CLOSED_STATUSES else "open",
        "status_label": PUBLIC_STATUS_LABELS[case.status],
        "status_notes": notes,
        "service_code": case.category.code,
        "service_name": case.category.name,
        "requested_datetime": _iso(case.submitted_at),
        "updated_datetime": _iso(case.closed_at or case.decided_at or case.submitted_at),
        "expected_datetime": None if case.status in CLOSED_STATUSES else _end_of_day(expected),
        "agency_responsible": None,
        # What the reporter gave is theirs: only the reporter's own view fills these.
        "address": None,
        "lat": None,
        "long": None,
        "satisfaction": None,
    }


def _own(case) -> dict:
    """The reporter's own view (with the query code): adds what they gave and what is for them."""
    row = _public(case)
    if case.status == CaseStatus.DECLINED:
        row["status_notes"] = state_reason(case)
    row["address"] = case.address_string or None
    row["lat"], row["long"] = case.latitude, case.longitude
    row["satisfaction"] = case.get_satisfaction_display() if case.satisfaction else None
    return row


# ---------------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------------
@_operation("get", "/discovery", DiscoveryOut, 400, summary="服务发现")
def discovery(request):
    base = request.build_absolute_uri("/api/open311/v2/")
    return render(
        request,
        "discovery",
        {
            "changeset": "2026-12-01T00:00:00+08:00",
            "contact": "县减负工作机制办公室",
            "key_service": "无需 API 密钥",
            "endpoints": [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": base,
                    "changeset": "2026-12-01T00:00:00+08:00",
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        },
    )


@_operation("get", "/services", list[ServiceOut], 400, 404, summary="问题类别")
def services(request, jurisdiction_id: str | None = JURISDICTION):
    _jurisdiction(jurisdiction_id, required=False)
    rows = [
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
    return render(request, "services", rows)


@_operation(
    "get", "/services/{service_code}", ServiceDefinitionOut, 400, 404, summary="问题类别定义"
)
def service_definition(request, service_code: str, jurisdiction_id: str | None = JURISDICTION):
    _jurisdiction(jurisdiction_id, required=False)
    category = selectors.category_by_code(service_code)
    if category is None:
        raise HttpError(
            404, f"没有编码为“{params.text(service_code, name='service_code')[:16]}”的问题类别。"
        )
    return render(request, "service_definition", {"service_code": category.code, "attributes": []})


REQUEST_BODY_SCHEMA = {
    "type": "object",
    "required": ["service_code", "description"],
    "properties": {
        "service_code": {
            "type": "string",
            "maxLength": 16,
            "description": "问题类别编码（services.json）",
        },
        "jurisdiction_id": {"type": "string", "pattern": "^[0-9]{12}$"},
        "description": {
            "type": "string",
            "minLength": 10,
            "maxLength": MAX_DESCRIPTION,
            "description": "反映内容，10至4000字",
        },
        "subject": {"type": "string", "maxLength": 128, "description": "被反映单位（扩展字段）"},
        "department_code": {
            "type": "string",
            "maxLength": 32,
            "description": "被反映部门编码（扩展字段）",
        },
        "occurred": {"type": "string", "maxLength": 64, "description": "发生时间（扩展字段）"},
        "address_string": {"type": "string", "maxLength": 255},
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "first_name": {"type": "string", "maxLength": 16},
        "last_name": {"type": "string", "maxLength": 16},
        "phone": {"type": "string", "maxLength": 64, "description": "填写则为实名反映（保密）"},
        "email": {"type": "string", "maxLength": 64, "description": "无电话时作为联系方式（保密）"},
        "media_url": {"type": "string", "maxLength": 2000, "description": "不下载，见回执说明"},
        "device_id": {"type": "string", "maxLength": 128, "description": "不保存"},
        "account_id": {"type": "string", "maxLength": 64, "description": "不保存"},
    },
}


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
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise HttpError(400, "请求体不是有效的 JSON。") from None
        if not isinstance(data, dict):
            raise HttpError(400, "请求体须为 JSON 对象。")
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


def _coordinate(data: dict, name: str, bound: int) -> float | None:
    if name not in data:
        return None
    value = data[name]
    if not LAT_LONG.fullmatch(value) or not -bound <= float(value) <= bound:
        raise params.BadParameter(f"字段 {name} 应为 -{bound} 至 {bound} 之间的数字。", name=name)
    return float(value)


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
