"""registry.codes: the one code minter (issue 13), for publishing and for admission drafts."""

import datetime

import pytest

from registry.codes import codes_mint, next_codes
from registry.enums import ListKind
from registry.services.versions import ItemData
from tests.factories import publish


def test_next_codes_follow_the_highest_of_the_prefix():
    taken = ["JB-007", "JB-012", "PH-099", "JB-x", "jb-050", "JB-1234567"]
    assert next_codes(prefix="JB", taken=taken, count=2) == ["JB-013", "JB-014"]
    assert next_codes(prefix="SH", taken=taken, count=1) == ["SH-001"]
    assert next_codes(prefix="JB", taken=[], count=0) == []


@pytest.mark.django_db
def test_a_new_item_never_takes_a_code_already_in_the_same_version(tree):
    """An item drafted with a fresh code (an admission decision gives one) beside a new item
    without a code: the minted code must come after it, not collide with it."""
    town = tree["town"]
    version = publish(
        town,
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2025, 1, 1),
        [ItemData(seq=1, name="准入事项", code="JB-001"), ItemData(seq=2, name="新事项")],
    )
    codes = sorted(version.items.values_list("code", flat=True))
    assert codes == ["JB-001", "JB-002"]
    assert codes_mint(region_id=town.pk, kind=ListKind.TOWNSHIP_BASIC, count=1) == ["JB-003"]
