"""Admission checks over JSON: ``POST /api/v1/checks`` runs and stores one, ``GET`` reads it back.

The response is the stored result (``registry.services.checks.result_json``) with the check's
public ``id`` and ``url``; a GET later returns exactly what the POST returned.
Bad input is a 400 (or 404 for an unknown id) with a Chinese ``detail``, never a 500.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from registry import params
from registry.enums import CheckSource
from registry.models import AssignmentCheck
from registry.services.checks import check_run
from registry.throttle import check_allowed, check_retry_after, client_address, limit_message

from .errors import ERRORS, WRITE_ERRORS

router = Router(tags=["准入审查"])


class CheckIn(Schema):
    text: str = Field(description="拟交办的事项内容（通知原文或一句话）")
    region: str = Field(description="承接单位的12位区划代码（乡镇（街道）或村（社区））")
    department: str | None = Field(None, description="交办部门简称或全称，可空")
    date: str | None = Field(None, description="交办日期 YYYY-MM-DD，默认今天")


def check_payload(check: AssignmentCheck, request=None) -> dict:
    url = f"/check/{check.public_id}/"
    if request is not None:
        url = request.build_absolute_uri(url)
    return {
        "id": check.public_id,
        "url": url,
        "created_at": check.created_at.isoformat(),
        "source": check.source,
        **check.result,
    }


def _field(data: dict, name: str, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise HttpError(400, f"缺少必填字段“{name}”。")
        return ""
    return params.text(value, name=name).strip()


def _refuse_cross_site(request) -> None:
    """Only JSON, and a CSRF token with a signed-in session.

    A browser sends a cross-site ``text/plain`` or form post without asking the server first,
    cookies included; a cross-site ``application/json`` post needs a CORS preflight this
    server never grants. A check made with a session is stored in that user's name, so a
    session also needs Django's CSRF token (header ``X-CSRFToken``)."""
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise HttpError(415, "请求体须为JSON（Content-Type: application/json）。")
    if request.user.is_authenticated and check_csrf(request) is not None:
        raise HttpError(403, "已登录的请求须附带 CSRF 令牌（请求头 X-CSRFToken）。")


# The body is parsed here, not by a schema argument, so that every malformed request gets a
# Chinese 400 instead of the framework's English 422.  CheckIn still documents it in OpenAPI.
@router.post(
    "/checks",
    summary="审查拟交办事项并保存审查记录",
    response={200: dict, **WRITE_ERRORS},
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": CheckIn.model_json_schema()}},
            "required": True,
        }
    },
)
def check_create(request, response: HttpResponse):
    _refuse_cross_site(request)
    if not check_allowed(client_address(request)):
        response["Retry-After"] = str(check_retry_after())
        return Status(429, {"detail": limit_message()})
    data = params.json_object(request.body)
    text = _field(data, "text", required=True)
    region = _field(data, "region", required=True)
    department = _field(data, "department")
    date = _field(data, "date")
    on = params.optional_date(date, name="date")
    try:
        check = check_run(
            region=region,
            text=text,
            department=department or None,
            on=on,
            source=CheckSource.API,
            user=request.user,
        )
    except ValidationError as exc:
        raise HttpError(400, "；".join(exc.messages)) from None
    return check_payload(check, request)


@router.get(
    "/checks/{check_id}",
    response={200: dict, **ERRORS},
    summary="查看已保存的审查记录（与提交时的结果完全一致）",
)
def check_detail(request, check_id: str):
    check = AssignmentCheck.objects.filter(public_id=check_id).first()
    if check is None:
        raise HttpError(404, f"找不到编号为“{check_id}”的审查记录。")
    return check_payload(check, request)
