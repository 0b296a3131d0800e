"""The OpenAPI description of the answers and of a submitted request (what schemathesis checks
the answers against), and the longest value of each submitted field."""

from __future__ import annotations

from ninja import Field, Schema

MAX_DESCRIPTION = 4000  # GeoReport v2: "may not be longer than 4,000 characters"


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
