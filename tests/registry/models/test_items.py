"""registry.models.items: 限定承接单位 (``targets``) is one rule, in Python and in SQL."""

import datetime

import pytest

from registry.enums import ListKind
from registry.models import ListItem, ListVersion
from registry.models.items import targets_cover, targets_q
from tests.factories import items, publish

UNIT = "990123101201"
# (targets, whether an item with them applies to UNIT)
CASES = [
    ("", True),  # no restriction
    (f"东岗村（{UNIT}）", True),
    (f"西岗村（990123101202）、东岗村（{UNIT}）", True),
    ("西岗村（990123101202）", False),  # another unit only
    (
        "东岗村",
        False,
    ),  # no code names nobody (the item checks refuse it; Python once took it for all)
    (" ", False),
]


@pytest.mark.parametrize(("targets", "covered"), CASES)
def test_targets_cover(targets, covered):
    assert targets_cover(targets, UNIT) is covered


def test_targets_q_selects_exactly_the_rows_targets_cover_accepts(tree):
    version = publish(
        tree["county"], ListKind.TOWNSHIP_BASIC, datetime.date(2025, 1, 1), items("甲")
    )
    for n, (targets, _) in enumerate(CASES, start=2):
        ListItem.objects.create(
            version=version, seq=n, code=f"JB-{n:03d}", name=f"事项{n}", targets=targets
        )
    rows = ListItem.objects.filter(version=version, seq__gt=1)
    in_sql = set(rows.filter(targets_q(UNIT)).values_list("targets", flat=True))
    assert in_sql == {t for t, covered in CASES if covered}
    # ``prefix`` reaches the items from a related row.
    assert ListVersion.objects.filter(targets_q(UNIT, prefix="items__")).exists()
