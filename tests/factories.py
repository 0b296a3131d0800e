"""Small-state factories for tests (never the demo county; one end-to-end test loads that)."""

from __future__ import annotations

import datetime
import itertools

from django.contrib.auth import get_user_model

from registry.enums import Adjustment, AppliesTo, RegionLevel, UnitType
from registry.models import Department, DutyList, ListVersion, Region
from registry.services.regions import department_upsert, duty_list_get_or_create, region_upsert
from registry.services.versions import ItemData, version_publish

_counter = itertools.count(1)


def make_region(
    code: str, name: str, level: str, unit_type: str, parent: Region | None = None
) -> Region:
    """One region, through the service."""
    return region_upsert(code=code, name=name, level=level, unit_type=unit_type, parent=parent)


def make_county_tree() -> dict[str, Region]:
    """A county with a 街道 (one 社区) and a 镇 (one 社区, one 村)."""
    city = make_region("880100000000", "测试市", RegionLevel.CITY, UnitType.CITY)
    county = make_region("880101000000", "测试县", RegionLevel.COUNTY, UnitType.COUNTY, city)
    street = make_region(
        "880101001000", "东街道", RegionLevel.TOWNSHIP, UnitType.SUBDISTRICT, county
    )
    town = make_region("880101100000", "西镇", RegionLevel.TOWNSHIP, UnitType.TOWN, county)
    community = make_region(
        "880101001001", "东社区", RegionLevel.VILLAGE, UnitType.COMMUNITY, street
    )
    town_community = make_region(
        "880101100001", "西镇社区", RegionLevel.VILLAGE, UnitType.COMMUNITY, town
    )
    village = make_region("880101100200", "西村", RegionLevel.VILLAGE, UnitType.VILLAGE, town)
    return {
        "city": city,
        "county": county,
        "street": street,
        "town": town,
        "community": community,
        "town_community": town_community,
        "village": village,
    }


def make_neighbour_county(city: Region) -> dict[str, Region]:
    """邻县 (one 镇, 邻镇) beside 测试县 under the same city."""
    county = make_region("880102000000", "邻县", RegionLevel.COUNTY, UnitType.COUNTY, city)
    town = make_region("880102100000", "邻镇", RegionLevel.TOWNSHIP, UnitType.TOWN, county)
    return {"county": county, "town": town}


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


def excluded(seq: int, name: str, code: str, reason: str, *, row=ItemData, **fields):
    """A derived list's row excluding its source's item ``code`` (an ItemData, or ``row=DraftItem``)."""
    return row(
        seq=seq, name=name, code=code, adjustment=Adjustment.EXCLUDED, reason=reason, **fields
    )


def reworded(seq: int, name: str, code: str, *, row=ItemData, **fields):
    """A derived list's row with its own wording (``fields``) of its source's item ``code``."""
    return row(seq=seq, name=name, code=code, adjustment=Adjustment.REWORDED, **fields)


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
        city = make_region("990100000000", "青山市", RegionLevel.CITY, UnitType.CITY)
    prefix = city.code[:4]
    county = make_region(f"{prefix}24000000", "松岭县", RegionLevel.COUNTY, UnitType.COUNTY, city)
    town = make_region(f"{prefix}24100000", "松岭镇", RegionLevel.TOWNSHIP, UnitType.TOWN, county)
    village = make_region(
        f"{prefix}24100200", "松岭村", RegionLevel.VILLAGE, UnitType.VILLAGE, town
    )
    return {"city": city, "county": county, "town": town, "village": village}
