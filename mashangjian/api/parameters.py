"""Reading parameters: the jurisdiction, W3C date-times, comma lists, coordinates."""

from __future__ import annotations

import datetime
import re

from django.conf import settings
from django.utils import timezone
from ninja.errors import HttpError

from registry import params

from .. import selectors

LAT_LONG = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,17})?(?:[eE]-?[0-9]{1,3})?")
W3C_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2})?)?"
)


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


def _coordinate(data: dict, name: str, bound: int) -> float | None:
    if name not in data:
        return None
    value = data[name]
    if not LAT_LONG.fullmatch(value) or not -bound <= float(value) <= bound:
        raise params.BadParameter(f"字段 {name} 应为 -{bound} 至 {bound} 之间的数字。", name=name)
    return float(value)
