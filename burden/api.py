"""/api/v1/registers/<register>/ and /api/v1/burden/<region code> (read-only, public figures).

A seconded person's name is never answered here, and anyone but the county's office gets only
counts per home unit for secondments; every bad parameter is a Chinese 400/404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from registry import params
from registry.api.errors import ERRORS
from registry.models import Region

from .enums import Register

router = Router(tags=["基层负担登记"])


class RegisterOut(Schema):
    kind: str
    register_name: str
    region: str
    region_name: str
    on: datetime.date
    count: int
    entries: list[dict[str, Any]] = Field(
        description="在该日期有效、适用于该单位及其下级的登记条目；每条含 flags（标记列表）。"
        "借调人员不含姓名；匿名或非本县减负机制办的调用只得到每个派出单位的人数"
        "（home_unit、home_unit_code、count、flags），不含批准、日期等可识别个人的信息。"
    )


def _region(code: str) -> Region:
    code = params.region_code(code)
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise HttpError(404, f"未找到区划代码为 {code} 的区划。")
    return region


def _keeps(user, region: Region) -> bool:
    """Whether ``user`` keeps the registers of ``region``'s county (its office, or a superuser)."""
    from .selectors import office_county_ids

    if not user.is_authenticated:
        return False
    counties = office_county_ids(user)
    if counties is None:
        return True
    county = region.county
    return county is not None and county.pk in counties


def _on(value) -> datetime.date:
    return params.date(value, name="on", default=timezone.localdate())


@router.get(
    "/registers/{name}/",
    response={200: RegisterOut, **ERRORS},
    summary="基层负担登记簿（报表、督查检查、政务应用、借调、牌子）",
)
def register_list(request, name: str, region: str, on: str | None = None):
    register = name
    from .selectors import register_entries

    if register not in Register.values:
        raise HttpError(
            404, f"没有名为“{register[:20]}”的登记簿，可选：{'、'.join(Register.values)}。"
        )
    unit = _region(region)
    day = _on(on)
    detail = register != Register.SECONDMENTS or _keeps(request.user, unit)
    entries = register_entries(register, region=unit, on=day, detail=detail)
    return {
        "kind": register,
        "register_name": Register(register).label,
        "region": unit.code,
        "region_name": unit.name,
        "on": day,
        "count": len(entries),
        "entries": entries,
    }


class Figure(Schema):
    key: str
    label: str
    value: int


class MonthOut(Schema):
    month: str
    figures: dict[str, int]


class AlertOut(Schema):
    key: str
    label: str
    message: str


class PictureOut(Schema):
    region: str
    region_name: str
    level: str
    on: datetime.date
    figures: list[Figure]
    cases_by_category: dict[str, int] = Field(description="近12个月码上减反映（按问题类别）")
    months: list[MonthOut] = Field(description="近12个月各月末的数字")
    alerts: list[AlertOut] = Field(description="边减边增：下降后又回升的数字")


@router.get(
    "/burden/{code}",
    response={200: PictureOut, **ERRORS},
    summary="基层负担画像（乡镇或村在某日的负担及近12个月趋势）",
)
def burden_picture(request, code: str, on: str | None = None):
    from .picture import load_picture

    unit = _region(code)
    if unit.level not in ("township", "village"):
        raise HttpError(400, "负担画像仅适用于乡镇（街道）或村（社区）的区划代码。")
    picture = load_picture(unit, _on(on))
    return picture.as_dict()
