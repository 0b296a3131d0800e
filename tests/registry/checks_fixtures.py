"""Small lists with history for the admission-check tests (factories, not the demo county)."""

from __future__ import annotations

import datetime

from registry.enums import ListKind
from registry.services.versions import ItemData
from tests.factories import make_department, publish

V1 = datetime.date(2025, 7, 1)
V2 = datetime.date(2026, 3, 1)
TUBAN = "请各乡镇组织开展卫星遥感图斑实地核查和举证材料制作。"


def _item(seq, name, content="", code="", **kw) -> ItemData:
    return ItemData(seq=seq, name=name, content=content, code=code, **kw)


def make_lists(tree: dict) -> dict:
    county = tree["county"]
    nature = make_department(county, "县自然资源局")
    armed = make_department(county, "县人武部")
    civil = make_department(county, "县民政局")
    basic_common = [
        _item(1, "兵役登记", "组织辖区适龄公民进行兵役登记和预征对象初审。", code="JB-001"),
        _item(2, "森林防火宣传", "开展森林防火宣传教育和野外火源巡查。", code="JB-002"),
        _item(
            3, "城乡居民养老保险参保登记", "组织城乡居民养老保险参保登记和缴费动员。", code="JB-003"
        ),
    ]
    tuban = _item(
        4,
        "卫星遥感图斑核查举证",
        "组织开展卫星遥感监测图斑的实地核查、举证材料制作和上报。",
        code="JB-060",
    )
    basic_v1 = publish(
        county,
        ListKind.TOWNSHIP_BASIC,
        V1,
        [*basic_common, tuban],
        document_no="测委办发〔2025〕12号",
    )
    basic_v2 = publish(
        county, ListKind.TOWNSHIP_BASIC, V2, basic_common, document_no="测委办发〔2026〕3号"
    )
    wd_common = [
        _item(
            2, "特种设备安全监督检查", department=armed, note="由县市场监管局负责。", code="SH-002"
        ),
    ]
    withdrawn_v1 = publish(
        county, ListKind.TOWNSHIP_WITHDRAWN, V1, wd_common, document_no="测委办发〔2025〕12号"
    )
    withdrawn_v2 = publish(
        county,
        ListKind.TOWNSHIP_WITHDRAWN,
        V2,
        [
            _item(
                1,
                "卫星遥感图斑核查举证",
                department=nature,
                code="JB-060",
                note="收回后由县自然资源局组织开展内外业核查和举证材料制作。",
            ),
            *wd_common,
        ],
        document_no="测委办发〔2026〕3号",
    )
    village_assist = publish(
        county,
        ListKind.VILLAGE_ASSIST,
        V1,
        [
            _item(
                1,
                "协助开展城乡居民基本医疗保险参保登记",
                "协助做好参保登记和政策宣传。",
                department=civil,
                code="XZ-001",
            )
        ],
        document_no="测社工发〔2025〕7号",
    )
    village_negative = publish(
        county,
        ListKind.VILLAGE_NEGATIVE,
        V1,
        [_item(1, "代收代缴有线电视收视费等经营性收费", domain="收费", code="FM-001")],
        document_no="测社工发〔2025〕7号",
    )
    return {
        "basic_v1": basic_v1, "basic_v2": basic_v2, "withdrawn_v1": withdrawn_v1,
        "withdrawn_v2": withdrawn_v2, "assist": village_assist, "negative": village_negative,
        "nature": nature, "civil": civil,
    }  # fmt: skip
