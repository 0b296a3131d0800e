"""registry.kinds is the one home of the list-kind, verdict and level codes; the Django choices
in registry.enums carry the same values with their labels."""

from registry import kinds
from registry.enums import CheckVerdict, ListKind, RegionLevel, kinds_for_level


def test_list_kinds_agree():
    assert set(ListKind.values) == set(kinds.KIND_TO_VERDICT)
    for level in (kinds.LEVEL_TOWNSHIP, kinds.LEVEL_VILLAGE):
        assert tuple(kinds_for_level(level)) == kinds.LEVEL_KINDS[level]


def test_verdicts_agree():
    pure = {v for k, v in vars(kinds).items() if k.startswith("VERDICT_")}
    assert set(CheckVerdict.values) == pure


def test_levels_agree():
    assert {kinds.LEVEL_TOWNSHIP, kinds.LEVEL_VILLAGE} <= set(RegionLevel.values)


def test_prohibited_kinds_give_prohibited_verdicts():
    assert {kinds.KIND_TO_VERDICT[k] for k in kinds.PROHIBITED_KINDS} == kinds.PROHIBITED_VERDICTS
