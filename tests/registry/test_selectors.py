import datetime

import pytest

from registry import selectors
from registry.enums import AppliesTo, ListKind, VersionStatus
from registry.models import DutyList
from tests.factories import items, publish

D = datetime.date


@pytest.fixture
def basic_history(tree):
    """County basic list: v1 from 2025-07-01, v2 from 2026-03-01, v3 (future) from 2099-01-01."""
    county = tree["county"]
    v1 = publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 7, 1), items("甲", "乙"))
    v2 = publish(county, ListKind.TOWNSHIP_BASIC, D(2026, 3, 1), items("甲", "乙", "丙"))
    v3 = publish(county, ListKind.TOWNSHIP_BASIC, D(2099, 1, 1), items("甲"))
    return v1, v2, v3


@pytest.mark.parametrize(
    ("on", "expected_number"),
    [
        (D(2025, 6, 30), None),  # before the first version
        (D(2025, 7, 1), 1),  # the first day of v1
        (D(2026, 2, 28), 1),  # the last day of v1
        (D(2026, 3, 1), 2),  # v2 takes over on its effective date
        (D(2098, 12, 31), 2),  # v3 is published but not yet in force
        (D(2099, 1, 1), 3),
    ],
)
def test_version_in_force_across_past_current_and_future(basic_history, on, expected_number):
    duty_list = basic_history[0].duty_list
    version = selectors.version_in_force(duty_list=duty_list, on=on)
    assert (version.number if version else None) == expected_number


def test_in_force_queryset_returns_one_version_per_list(tree, basic_history):
    publish(tree["county"], ListKind.TOWNSHIP_WITHDRAWN, D(2025, 1, 1), items("收回一"))
    from registry.models import ListVersion

    numbers = {
        v.duty_list.kind: v.number
        for v in ListVersion.objects.in_force(on=D(2026, 5, 1)).select_related("duty_list")
    }
    assert numbers == {ListKind.TOWNSHIP_BASIC: 2, ListKind.TOWNSHIP_WITHDRAWN: 1}


@pytest.mark.parametrize(
    ("on", "statuses"),
    [
        (
            D(2026, 5, 1),
            [VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE, VersionStatus.PENDING],
        ),
        (D(2025, 8, 1), [VersionStatus.IN_FORCE, VersionStatus.PENDING, VersionStatus.PENDING]),
        (
            D(2099, 6, 1),
            [VersionStatus.SUPERSEDED, VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE],
        ),
    ],
)
def test_status_is_derived_from_dates(basic_history, on, statuses):
    assert [selectors.version_status(version=v, on=on) for v in basic_history] == statuses
    rows = selectors.versions_with_status(duty_list=basic_history[0].duty_list, on=on)
    assert [r.status for r in rows] == statuses


def test_superseded_row_names_its_successor(basic_history):
    rows = selectors.versions_with_status(duty_list=basic_history[0].duty_list, on=D(2026, 5, 1))
    assert rows[0].superseded_by.number == 2
    assert rows[1].superseded_by is None


def test_county_list_applies_to_every_township_and_village_below(tree):
    county = tree["county"]
    publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items("基本一"))
    publish(county, ListKind.VILLAGE_SELFGOV, D(2025, 1, 1), items("自治一"))
    on = D(2025, 6, 1)
    for key in ("street", "town"):
        kinds = [a.duty_list.kind for a in selectors.lists_for_region(region=tree[key], on=on)]
        assert kinds == [ListKind.TOWNSHIP_BASIC]
    for key in ("community", "village"):
        entries = selectors.lists_for_region(region=tree[key], on=on)
        assert [a.duty_list.kind for a in entries] == [ListKind.VILLAGE_SELFGOV]
        assert entries[0].inherited is True
    county_kinds = {a.duty_list.kind for a in selectors.lists_for_region(region=county, on=on)}
    assert county_kinds == {ListKind.TOWNSHIP_BASIC, ListKind.VILLAGE_SELFGOV}


def test_applies_to_narrows_items_by_unit_type(tree):
    county = tree["county"]
    data = [
        *items("全部适用"),
        *[
            i.__class__(**{**i.__dict__, "seq": 2})
            for i in items("只适用乡镇", applies_to=AppliesTo.TOWNSHIP)
        ],
        *[
            i.__class__(**{**i.__dict__, "seq": 3})
            for i in items("只适用街道", applies_to=AppliesTo.SUBDISTRICT)
        ],
    ]
    publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), data)
    on = D(2025, 6, 1)

    def names(region):
        [(_, found)] = selectors.items_for_region(region=region, on=on)
        return [i.name for i in found]

    assert names(tree["street"]) == ["全部适用", "只适用街道"]
    assert names(tree["town"]) == ["全部适用", "只适用乡镇"]
    assert len(names(county)) == 3  # a county view shows everything


def test_list_attached_lower_down_adjusts_the_county_list_once_in_force(tree):
    """A township list is a set of adjustments (本级增补 here), never a replacement (issue 14)."""
    county, town, street = tree["county"], tree["town"], tree["street"]
    publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items("县统一"))
    publish(town, ListKind.TOWNSHIP_BASIC, D(2026, 1, 1), items("西镇自定"))

    def names(region, on):
        [(entry, found)] = selectors.items_for_region(region=region, on=on)
        return entry.inherited, [i.name for i in found]

    assert names(town, D(2025, 6, 1)) == (True, ["县统一"])  # override not yet in force
    assert names(town, D(2026, 6, 1)) == (False, ["县统一", "西镇自定"])
    assert names(street, D(2026, 6, 1)) == (True, ["县统一"])  # a sibling keeps the county list


def test_items_for_region_query_count_does_not_grow_with_items(tree, django_assert_num_queries):
    county = tree["county"]
    publish(county, ListKind.TOWNSHIP_BASIC, D(2025, 1, 1), items(*[f"事项{i}" for i in range(5)]))
    publish(
        county, ListKind.TOWNSHIP_WITHDRAWN, D(2025, 1, 1), items(*[f"收回{i}" for i in range(200)])
    )
    region = selectors.region_get(code=tree["town"].code)
    with django_assert_num_queries(2):
        result = selectors.items_for_region(region=region, on=D(2025, 6, 1))
    assert sum(len(found) for _, found in result) == 205


def test_region_get_loads_lineage_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        region = selectors.region_get(code=tree["village"].code)
        names = [r.name for r in region.lineage()]
    assert names == ["西村", "西镇", "测试县", "测试市"]


def test_version_compare_reports_moves_between_lists_by_code(tree):
    county = tree["county"]
    basic_v1 = publish(
        county,
        ListKind.TOWNSHIP_BASIC,
        D(2025, 1, 1),
        [
            *items("保留", "改写", "删除"),
            *[i.__class__(**{**i.__dict__, "seq": 4}) for i in items("移出")],
        ],
    )
    codes = {i.name: i.code for i in basic_v1.items.all()}
    withdrawn_v1 = publish(county, ListKind.TOWNSHIP_WITHDRAWN, D(2025, 1, 1), items("收回甲"))
    from registry.services.versions import ItemData

    basic_v2 = publish(
        county,
        ListKind.TOWNSHIP_BASIC,
        D(2026, 1, 1),
        [
            ItemData(seq=1, name="新增"),
            ItemData(seq=2, name="保留", code=codes["保留"]),
            ItemData(seq=3, name="改写", code=codes["改写"], content="新的表述"),
        ],
    )
    withdrawn_v2 = publish(
        county,
        ListKind.TOWNSHIP_WITHDRAWN,
        D(2026, 1, 1),
        [
            ItemData(seq=1, name="收回甲", code=withdrawn_v1.items.get().code),
            ItemData(seq=2, name="移出", code=codes["移出"]),
        ],
    )
    result = selectors.version_compare(old=basic_v1, new=basic_v2)
    assert [c.name for c in result.added] == ["新增"]
    assert [c.name for c in result.removed] == ["删除"]
    assert [c.name for c in result.modified] == ["改写"]
    assert [c.name for c in result.moved] == ["保留", "改写"]  # 序号 1→2 and 2→3
    assert [(c.name, c.other_list) for c in result.moved_out] == [
        ("移出", ListKind.TOWNSHIP_WITHDRAWN)
    ]
    back = selectors.version_compare(old=withdrawn_v1, new=withdrawn_v2)
    assert [(c.code, c.other_list) for c in back.moved_in] == [
        (codes["移出"], ListKind.TOWNSHIP_BASIC)
    ]
    assert DutyList.objects.count() == 2
