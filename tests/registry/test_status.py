"""registry.status: the one rule for "in force on a date" and 现行有效 / 尚未生效 / 已失效 (issue 13)."""

import dataclasses
import datetime

import pytest

from registry import selectors
from registry.enums import ListKind, VersionStatus
from registry.models import ListVersion
from registry.status import in_force_on, status_on
from tests.factories import items, publish

D = datetime.date


@dataclasses.dataclass(frozen=True)
class V:
    name: str
    effective_from: datetime.date


V1, V2, V3 = V("v1", D(2024, 1, 1)), V("v2", D(2025, 1, 1)), V("v3", D(2026, 1, 1))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2023, 12, 31), ["pending", "pending", "pending"]),
        (D(2024, 1, 1), ["in_force", "pending", "pending"]),
        (D(2025, 6, 1), ["superseded", "in_force", "pending"]),
        (D(2026, 1, 1), ["superseded", "superseded", "in_force"]),
    ],
)
def test_status_on_any_order(on, expected):
    rows = status_on([V3, V1, V2], on)
    assert [r.version for r in rows] == [V1, V2, V3]
    assert [r.status for r in rows] == expected
    assert [r.superseded_by for r in rows] == [
        (V2 if expected[0] == "superseded" else None),
        (V3 if expected[1] == "superseded" else None),
        None,
    ]
    assert in_force_on([V3, V1, V2], on) == next(
        (r.version for r in rows if r.status == VersionStatus.IN_FORCE), None
    )


def test_nothing_in_force_without_versions():
    assert status_on([], D(2025, 1, 1)) == []
    assert in_force_on([], D(2025, 1, 1)) is None


@pytest.mark.django_db
def test_database_answers_agree_with_the_rule(tree):
    dates = [D(2024, 1, 1), D(2025, 1, 1), D(2026, 1, 1)]
    for i, day in enumerate(dates):
        publish(tree["town"], ListKind.TOWNSHIP_BASIC, day, items(f"事项{i}"))
    duty_list = ListVersion.objects.get(effective_from=dates[0]).duty_list
    versions = list(duty_list.versions.order_by("effective_from"))
    for on in [D(2023, 6, 1), *dates, D(2025, 6, 1), D(2030, 1, 1)]:
        expected = in_force_on(versions, on)
        assert list(ListVersion.objects.filter(duty_list=duty_list).in_force(on=on)) == (
            [expected] if expected else []
        )
        assert selectors.version_in_force(duty_list=duty_list, on=on) == expected
        rows = selectors.versions_with_status(duty_list=duty_list, on=on)
        assert [r.status for r in rows] == [r.status for r in status_on(versions, on)]
        for v, row in zip(versions, rows, strict=True):
            assert selectors.version_status(version=v, on=on) == row.status
