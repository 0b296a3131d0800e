"""registry.selectors.versions: the version in force, statuses, the comparison of two versions."""

import datetime

import pytest

from registry import selectors
from registry.enums import ListKind, VersionStatus
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
