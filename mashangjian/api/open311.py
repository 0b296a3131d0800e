"""The NinjaAPI at /api/open311/v2/: its errors in the GeoReport format, rate limits, and each
operation registered at ``.json`` and ``.xml``."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI, Query
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from registry import params
from registry.api.errors import invalid_message

from .. import ratelimit
from .rendering import error_response
from .schemas import ErrorOut

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
