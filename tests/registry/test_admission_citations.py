"""Admission check citations and result shape (registry/admission.py): which items are cited,
in what order, and the frozen result.

Pure tests: no database, no Django settings.  The items are in tests/registry/admission_items/.
"""

from __future__ import annotations

import dataclasses

import pytest

from registry.kinds import LEVEL_KINDS
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.admission_items import index as index  # noqa: F401 (the fixture)


@pytest.mark.parametrize("level", [TOWNSHIP, VILLAGE])
def test_only_kinds_of_the_target_level_are_cited(index, level):
    result = check(index, level, "请协助做好城乡居民医疗保险参保宣传和缴费提醒。")
    assert result.matches
    assert {m.item.list_kind for m in result.matches} <= set(LEVEL_KINDS[level])


def test_cited_items_are_ordered_and_explained(index):
    result = check(index, VILLAGE, "请社区为居民出具一份无犯罪记录证明。")
    top = result.matches[0]
    assert top.item.code == "village_no_certificates-0005"
    assert "犯罪" in "".join(top.matched_terms)
    codes = [m.item.code for m in result.matches]
    assert len(codes) == len(set(codes))


def test_unknown_level_is_rejected(index):
    with pytest.raises(ValueError):
        check(index, "county", "任意事项")


def test_result_is_frozen(index):
    result = check(index, TOWNSHIP, "请各乡镇组织开展汛前检查。")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.verdict = "basic"  # type: ignore[misc]


def test_cited_items_drop_weak_hits_beside_a_strong_one():
    from registry.admission import CITE_RELATIVE, _cited
    from registry.matching import IndexItem, Match

    def m(score):
        return Match(
            item=IndexItem(list_kind="village_negative", code=f"FM-{score}", seq=1, name="x"),
            score=score,
            matched_terms=(),
        )

    cited = _cited([m(0.53), m(0.2), m(0.03), m(0.02)])
    assert [c.score for c in cited] == [0.53, 0.2]
    assert all(c.score >= 0.53 * CITE_RELATIVE for c in cited)
    assert _cited([m(0.01)])[0].score == 0.01  # the best item is always cited
    assert _cited([]) == ()
