"""The demo city 青山市: its guidance catalogue (指导目录) and a second county, 松岭区, whose
lists derive from the catalogue, with a township adjustment (registry.layers).

林源县's lists were made before the catalogue, so they stay complete lists of their own; the
catalogue comparison (各县（区）对照指导目录的增减) reads both counties the same way, by code.
Idempotent like ``registry.demo_county``: regions and departments are upserted, a version is
published only if its list has none with that effective date yet.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from pathlib import Path

from django.db import transaction

from registry.demo_county import DEFAULT_DIR, _item_from_row, _read_csv
from registry.enums import KIND_CODE_PREFIX, Adjustment, ListKind, RegionLevel, UnitType
from registry.models import DutyList, Region
from registry.services.regions import department_upsert, duty_list_get_or_create, region_upsert
from registry.services.versions import ItemData, version_publish

CITY_CODE = "990100000000"
CATALOGUE_KINDS = (
    ListKind.TOWNSHIP_BASIC,
    ListKind.TOWNSHIP_COOPERATE,
    ListKind.TOWNSHIP_WITHDRAWN,
)
# Items of 林源县's lists the catalogue does not carry (林源县 added them itself), by 序号.
LINYUAN_ONLY = {
    ListKind.TOWNSHIP_BASIC: {18, 59},
    ListKind.TOWNSHIP_COOPERATE: {40},
    ListKind.TOWNSHIP_WITHDRAWN: {21},
}
CATALOGUE_RELEASE = {
    "effective_from": datetime.date(2026, 1, 15),
    "published_at": datetime.datetime.fromisoformat("2026-01-05T10:00:00+08:00"),
    "document_no": "青社工发〔2025〕9号",
    "issuing_body": "中共青山市委社会工作部 青山市委机构编制委员会办公室",
    "change_note": "制定全市乡镇（街道）履行职责事项清单指导目录。",
}
SONGLING = {
    "county": ("990124000000", "松岭区", RegionLevel.COUNTY, UnitType.DISTRICT, CITY_CODE),
    "regions": [
        ("990124001000", "松岭街道", RegionLevel.TOWNSHIP, UnitType.SUBDISTRICT, "990124000000"),
        ("990124001001", "松岭社区", RegionLevel.VILLAGE, UnitType.COMMUNITY, "990124001000"),
        ("990124100000", "北坡镇", RegionLevel.TOWNSHIP, UnitType.TOWN, "990124000000"),
        ("990124100200", "北坡村", RegionLevel.VILLAGE, UnitType.VILLAGE, "990124100000"),
    ],
    "departments": [
        ("S01", "中共松岭区委办公室", "区委办", "党委工作机关"),
        ("S02", "松岭区民政局", "区民政局", "政府工作部门"),
        ("S03", "松岭区城市管理局", "区城管局", "政府工作部门"),
        ("S04", "松岭区应急管理局", "区应急局", "政府工作部门"),
        ("S05", "松岭区住房和城乡建设局", "区住建局", "政府工作部门"),
    ],
}
SONGLING_RELEASE = {
    "effective_from": datetime.date(2026, 2, 1),
    "published_at": datetime.datetime.fromisoformat("2026-01-20T10:00:00+08:00"),
    "document_no": "松委办发〔2026〕2号",
    "issuing_body": "中共松岭区委办公室 松岭区人民政府办公室",
    "change_note": "依据市指导目录制定：城区不承担的农村事项不适用，增补城区事项。",
}
STREET_RELEASE = {
    "effective_from": datetime.date(2026, 3, 16),
    "published_at": datetime.datetime.fromisoformat("2026-03-05T10:00:00+08:00"),
    "document_no": "松街党工委发〔2026〕1号",
    "issuing_body": "中共松岭街道工作委员会 松岭街道办事处",
    "change_note": "依据区清单作本街道调整。",
}


def _catalogue_items(kind: str, directory: Path) -> list[ItemData]:
    """The catalogue: 林源县's rows (the city's model county) without its own additions, with
    no county department (the catalogue names none)."""
    history = json.loads((directory / "history.json").read_text(encoding="utf-8"))
    overrides = history.get("code_overrides", {}).get(kind, {})
    prefix = KIND_CODE_PREFIX[kind]
    rows = [
        r for r in _read_csv(directory / f"{kind}.csv") if int(r["seq"]) not in LINYUAN_ONLY[kind]
    ]
    items = []
    for n, row in enumerate(rows, start=1):
        row = {**row, "lead_department": "", "department": ""}
        item = _item_from_row(
            row, code=overrides.get(row["seq"], f"{prefix}-{int(row['seq']):03d}"), departments={}
        )
        items.append(replace(item, seq=n))
    return items


def _publish_once(duty_list: DutyList, release: dict, items: list[ItemData], report: list[str]):
    if duty_list.versions.filter(effective_from=release["effective_from"]).exists():
        return
    version = version_publish(
        duty_list=duty_list,
        items=items,
        allow_past=True,
        **release,
    )
    report.append(str(version))


def _excluded(seq: int, code: str, name: str, reason: str) -> ItemData:
    """A 不适用 adjustment: the source item ``code`` does not apply here, for ``reason``."""
    return ItemData(seq=seq, code=code, name=name, adjustment=Adjustment.EXCLUDED, reason=reason)


def _added(seq: int, domain: str, name: str, content: str) -> ItemData:
    """A 本级增补 item: one the list adds to its source (no code yet: minted on publish)."""
    return ItemData(seq=seq, domain=domain, name=name, content=content)


@transaction.atomic
def load_demo_city(*, directory: Path = DEFAULT_DIR) -> list[str]:
    """The catalogue of 青山市 and 松岭区 with 松岭街道's adjustment; the versions created."""
    report: list[str] = []
    city = Region.objects.get(code=CITY_CODE)
    for kind in CATALOGUE_KINDS:
        catalogue = duty_list_get_or_create(region=city, kind=kind)
        _publish_once(catalogue, CATALOGUE_RELEASE, _catalogue_items(kind, directory), report)

    regions: dict[str, Region] = {CITY_CODE: city}
    for code, name, level, unit_type, parent in [SONGLING["county"], *SONGLING["regions"]]:
        regions[code] = region_upsert(
            code=code, name=name, level=level, unit_type=unit_type, parent=regions[parent]
        )
    county = regions["990124000000"]
    departments = {
        short: department_upsert(county=county, code=code, name=name, short_name=short, kind=kind)
        for code, name, short, kind in SONGLING["departments"]
    }

    def publish(region: Region, kind: str, release: dict, items: list[ItemData]) -> None:
        _publish_once(duty_list_get_or_create(region=region, kind=kind), release, items, report)

    # 松岭区: the catalogue's rural items do not apply to a city district; it adds its own.
    publish(
        county,
        ListKind.TOWNSHIP_BASIC,
        SONGLING_RELEASE,
        [
            _excluded(
                1, "JB-053", "粮食生产和农业生产服务", "松岭区为城区，辖区内无粮食生产任务。"
            ),
            _excluded(2, "JB-054", "农村土地承包管理", "松岭区无农村土地承包经营。"),
            _added(
                3,
                "城乡建设",
                "城市更新片区居民协商",
                "组织城市更新片区居民议事协商，收集反映居民意见。",
            ),
        ],
    )
    publish(
        county,
        ListKind.TOWNSHIP_COOPERATE,
        SONGLING_RELEASE,
        [
            ItemData(
                seq=1,
                domain="城乡建设",
                name="共享单车停放秩序管理",
                department=departments["区城管局"],
                department_duty="负责共享单车企业监管和违规停放执法。",
                local_duty="发现、劝导违规停放，及时报告区城管局。",
            )
        ],
    )
    # 松岭街道: adjusts the district's list (one exclusion, one addition).
    publish(
        regions["990124001000"],
        ListKind.TOWNSHIP_BASIC,
        STREET_RELEASE,
        [
            _excluded(1, "JB-041", "林长制", "松岭街道辖区无林地，林长制由区林业部门直接落实。"),
            _added(
                2,
                "城乡建设",
                "历史文化街区日常巡查",
                "对辖区历史文化街区开展日常巡查，发现问题及时报告。",
            ),
        ],
    )
    return report
