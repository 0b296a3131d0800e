"""Derived lists (registry.layers + selectors): city catalogue → county list → township list."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from registry import selectors
from registry.enums import Adjustment, ListKind, Provenance
from registry.layers import FlagKind
from registry.services.versions import ItemData
from tests.factories import excluded, items, publish, reworded

D = datetime.date
COOP = ListKind.TOWNSHIP_COOPERATE


def names(region, on, kind=COOP):
    [(entry, found)] = selectors.items_for_region(region=region, on=on, kinds=[kind])
    return [i.name for i in found]


def codes(version):
    return {i.name: i.code for i in version.items.all()}


def keep_codes(version, data):
    """``data`` with the codes ``version`` gave the same names (a new version of the list)."""
    known = codes(version)
    return [ItemData(**{**i.__dict__, "code": known.get(i.name, "")}) for i in data]


def test_township_list_adds_to_the_county_list_instead_of_replacing_it(tree):
    """Seen: a 1-item 红松街道配合履职事项清单 left the township with 1 item instead of 27."""
    county, street = tree["county"], tree["street"]
    publish(county, COOP, D(2025, 1, 1), items(*[f"县配合{n}" for n in range(1, 28)]))
    publish(street, COOP, D(2025, 6, 1), items("街道自定"))
    found = names(street, D(2025, 7, 1))
    assert len(found) == 28
    assert found[-1] == "街道自定"
    # The other township keeps the county list alone.
    assert len(names(tree["town"], D(2025, 7, 1))) == 27


def test_township_cannot_replace_a_county_item_by_reusing_its_code(tree):
    county, street = tree["county"], tree["street"]
    v = publish(county, COOP, D(2025, 1, 1), items("甲", "乙"))
    with pytest.raises(ValidationError, match="不能另立一项替换上级事项"):
        publish(street, COOP, D(2025, 6, 1), [ItemData(seq=1, name="甲改", code=codes(v)["甲"])])


def test_exclusion_needs_a_reason_and_a_source_item(tree):
    county, street = tree["county"], tree["street"]
    v = publish(county, COOP, D(2025, 1, 1), items("甲", "乙"))
    with pytest.raises(ValidationError, match="须写明理由"):
        publish(street, COOP, D(2025, 6, 1), [excluded(1, "甲", codes(v)["甲"], reason="")])
    with pytest.raises(ValidationError, match="没有编码为“PH-999”的事项"):
        publish(
            street,
            COOP,
            D(2025, 6, 1),
            [excluded(1, "无", "PH-999", "x")],
        )


def test_in_force_through_two_levels_as_source_versions_change(tree):
    """City catalogue → county adjustments → township adjustments, each with its own dates."""
    city, county, street = tree["city"], tree["county"], tree["street"]
    c1 = publish(city, COOP, D(2025, 1, 1), items("市一", "市二", "市三"))
    cc = codes(c1)
    # County: excludes 市三, adds 县增一 (from 2025-03-01).
    k1 = publish(
        county,
        COOP,
        D(2025, 3, 1),
        [
            excluded(1, "市三", cc["市三"], "本县无"),
            ItemData(seq=2, name="县增一"),
        ],
    )
    assert k1.duty_list.derived
    # Township: rewords 市一's local duty, adds 街增一 (from 2025-06-01).
    publish(
        street,
        COOP,
        D(2025, 6, 1),
        [
            reworded(1, "市一", cc["市一"], local_duty="街道负责巡查"),
            ItemData(seq=2, name="街增一"),
        ],
    )
    # The catalogue changes before the township's date (adds 市四) and after it (drops 市二).
    c2 = publish(city, COOP, D(2025, 5, 1), keep_codes(c1, items("市一", "市二", "市三", "市四")))
    publish(city, COOP, D(2025, 9, 1), keep_codes(c2, items("市一", "市三", "市四")))

    assert names(street, D(2025, 2, 1)) == ["市一", "市二", "市三"]  # catalogue only
    assert names(street, D(2025, 4, 1)) == ["市一", "市二", "县增一"]
    assert names(street, D(2025, 5, 15)) == ["市一", "市二", "市四", "县增一"]
    assert names(street, D(2025, 7, 1)) == ["市一", "市二", "市四", "县增一", "街增一"]
    assert names(street, D(2025, 10, 1)) == ["市一", "市四", "县增一", "街增一"]
    # The other township sees the county's list, not the street's adjustments.
    assert names(tree["town"], D(2025, 10, 1)) == ["市一", "市四", "县增一"]

    listed = selectors.unit_list(unit=street, kind=COOP, on=D(2025, 10, 1))
    by_name = {i["name"]: i for i in listed.items}
    assert by_name["市一"]["provenance"] == Provenance.CITY
    assert by_name["市一"]["local_duty"] == "街道负责巡查"
    assert by_name["市一"]["reworded_by"] == "东街道"
    assert by_name["县增一"]["provenance_label"] == "全县通用"
    assert by_name["街增一"]["provenance_label"] == "本级增补"
    assert [(e.name, e.reason, e.own) for e in listed.resolved.exclusions] == [
        ("市三", "本县无", False)
    ]
    county_view = selectors.unit_list(unit=county, kind=COOP, on=D(2025, 10, 1))
    assert {i["name"]: i["provenance_label"] for i in county_view.items}["县增一"] == "本级增补"


def test_exclusion_whose_source_item_disappears_is_flagged(tree):
    county, street = tree["county"], tree["street"]
    v1 = publish(county, COOP, D(2025, 1, 1), items("甲", "乙"))
    publish(
        street,
        COOP,
        D(2025, 2, 1),
        [excluded(1, "乙", codes(v1)["乙"], "无")],
    )
    before = selectors.unit_list(unit=street, kind=COOP, on=D(2025, 3, 1))
    assert before.resolved.flags == ()
    publish(county, COOP, D(2025, 4, 1), keep_codes(v1, items("甲")))
    after = selectors.unit_list(unit=street, kind=COOP, on=D(2025, 4, 1))
    [flag] = after.resolved.own_flags
    assert flag.kind == FlagKind.EXCLUDED_GONE
    assert "上级清单已无事项" in flag.message


def test_source_rewording_an_adjusted_item_is_flagged(tree):
    county, street = tree["county"], tree["street"]
    v1 = publish(county, COOP, D(2025, 1, 1), items("甲", "乙", content="原内容"))
    publish(
        street,
        COOP,
        D(2025, 2, 1),
        [excluded(1, "甲", codes(v1)["甲"], "无此职责", content="原内容")],
    )
    publish(county, COOP, D(2025, 4, 1), keep_codes(v1, items("甲", "乙", content="新内容")))
    [flag] = selectors.unit_list(unit=street, kind=COOP, on=D(2025, 4, 1)).resolved.flags
    assert flag.kind == FlagKind.SOURCE_CHANGED


def test_admission_index_and_lists_for_region_see_every_layer(tree):
    county, street = tree["county"], tree["street"]
    kv = publish(county, COOP, D(2025, 1, 1), items("甲"))
    sv = publish(street, COOP, D(2025, 2, 1), items("乙"))
    [entry] = selectors.lists_for_region(region=street, on=D(2025, 3, 1), kinds=[COOP])
    assert entry.layers == (kv, sv)
    assert entry.version == sv and not entry.inherited


def test_numbered_gives_positions_and_keeps_each_items_document():
    """Pure: two layers both number from 1; the resolved list is 1..n and each item is cited by
    the document it stands in (registry.layers.numbered)."""
    from registry import layers

    county = layers.Layer(
        region_code="C",
        region_name="松岭区",
        level="county",
        derived=False,
        rows=[{"seq": 1, "code": "A", "name": "甲"}, {"seq": 2, "code": "B", "name": "乙"}],
        title="松岭区基本履职事项清单",
        document_no="松区发〔2026〕3号",
    )
    street = layers.Layer(
        region_code="S",
        region_name="松岭街道",
        level="township",
        derived=True,
        rows=[
            {
                "seq": 1,
                "code": "A",
                "name": "甲",
                "adjustment": Adjustment.EXCLUDED,
                "reason": "无",
            },
            {"seq": 2, "code": "N", "name": "新", "adjustment": ""},
        ],
        title="松岭街道基本履职事项清单",
        document_no="松街发〔2026〕1号",
    )
    resolved = layers.resolve(kind=ListKind.TOWNSHIP_BASIC, layers=[county, street], unit_code="S")
    out = layers.numbered(resolved.items, label=lambda p: Provenance(p).label)
    assert [(i["code"], i["seq"], i["source_seq"]) for i in out] == [("B", 1, 2), ("N", 2, 2)]
    assert (
        out[0]["citation"] == "依据《松岭区基本履职事项清单》（松区发〔2026〕3号）第2项（全县通用）"
    )
    assert out[1]["source_reference"] == "《松岭街道基本履职事项清单》（松街发〔2026〕1号）第2项"
    plain = layers.numbered(resolved.items, label=str, renumber=False)
    assert [i["seq"] for i in plain] == [2, 2]
