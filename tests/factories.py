"""Small-state factories for tests (never the demo county; one end-to-end test loads that)."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model

from registry.enums import AppliesTo, RegionLevel, UnitType
from registry.models import Department, DutyList, ListVersion, Region
from registry.services.regions import department_upsert, duty_list_get_or_create, region_upsert
from registry.services.versions import ItemData, version_publish

_counter = itertools.count(1)


def make_county_tree() -> dict[str, Region]:
    """A county with a 街道 (one 社区) and a 镇 (one 社区, one 村)."""
    city = region_upsert(
        code="880100000000", name="测试市", level=RegionLevel.CITY, unit_type=UnitType.CITY
    )
    county = region_upsert(
        code="880101000000",
        name="测试县",
        level=RegionLevel.COUNTY,
        unit_type=UnitType.COUNTY,
        parent=city,
    )
    street = region_upsert(
        code="880101001000",
        name="东街道",
        level=RegionLevel.TOWNSHIP,
        unit_type=UnitType.SUBDISTRICT,
        parent=county,
    )
    town = region_upsert(
        code="880101100000",
        name="西镇",
        level=RegionLevel.TOWNSHIP,
        unit_type=UnitType.TOWN,
        parent=county,
    )
    community = region_upsert(
        code="880101001001",
        name="东社区",
        level=RegionLevel.VILLAGE,
        unit_type=UnitType.COMMUNITY,
        parent=street,
    )
    town_community = region_upsert(
        code="880101100001",
        name="西镇社区",
        level=RegionLevel.VILLAGE,
        unit_type=UnitType.COMMUNITY,
        parent=town,
    )
    village = region_upsert(
        code="880101100200",
        name="西村",
        level=RegionLevel.VILLAGE,
        unit_type=UnitType.VILLAGE,
        parent=town,
    )
    return {
        "city": city,
        "county": county,
        "street": street,
        "town": town,
        "community": community,
        "town_community": town_community,
        "village": village,
    }


def make_department(
    county: Region, short_name: str = "县民政局", code: str | None = None
) -> Department:
    return department_upsert(
        county=county,
        code=code or f"T{next(_counter):03d}",
        name=f"测试县{short_name.removeprefix('县')}",
        short_name=short_name,
    )


def items(*names: str, applies_to: str = AppliesTo.ALL, **fields) -> list[ItemData]:
    return [
        ItemData(seq=i, name=n, applies_to=applies_to, **fields)
        for i, n in enumerate(names, start=1)
    ]


def publish(
    region: Region,
    kind: str,
    effective_from: datetime.date,
    item_data: list[ItemData],
    *,
    document_no: str | None = None,
    user=None,
) -> ListVersion:
    duty_list: DutyList = duty_list_get_or_create(region=region, kind=kind)
    return version_publish(
        duty_list=duty_list,
        effective_from=effective_from,
        document_no=document_no or f"测发〔{effective_from.year}〕{next(_counter)}号",
        issuing_body="测试县委办公室",
        items=item_data,
        published_by=user,
        allow_past=True,
    )


def make_user(username: str, *groups, superuser: bool = False):
    User = get_user_model()
    user = User.objects.create_user(
        username=username, password="pw-test-123", is_superuser=superuser
    )
    if groups:
        user.groups.add(*groups)
    return user


def make_second_county(city: Region | None = None) -> dict[str, Region]:
    """A second county of the same deployment (松岭县, one 镇 with one 村), for scoping tests.

    Under ``city`` when given (its code's first four digits are kept, so the codes stay in the
    city's range), else under 青山市 (990100000000) as 990124000000. The layered-lists tests
    reuse it."""
    if city is None:
        city = region_upsert(
            code="990100000000", name="青山市", level=RegionLevel.CITY, unit_type=UnitType.CITY
        )
    prefix = city.code[:4]
    county = region_upsert(
        code=f"{prefix}24000000",
        name="松岭县",
        level=RegionLevel.COUNTY,
        unit_type=UnitType.COUNTY,
        parent=city,
    )
    town = region_upsert(
        code=f"{prefix}24100000",
        name="松岭镇",
        level=RegionLevel.TOWNSHIP,
        unit_type=UnitType.TOWN,
        parent=county,
    )
    village = region_upsert(
        code=f"{prefix}24100200",
        name="松岭村",
        level=RegionLevel.VILLAGE,
        unit_type=UnitType.VILLAGE,
        parent=town,
    )
    return {"city": city, "county": county, "town": town, "village": village}
