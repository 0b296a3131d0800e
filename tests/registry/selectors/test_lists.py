"""registry.selectors.lists: which lists apply to a region."""

import datetime

from registry import selectors
from registry.enums import ListKind
from tests.factories import items, publish

D = datetime.date


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
