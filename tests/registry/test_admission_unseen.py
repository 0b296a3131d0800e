"""Classes of error found on unseen wording (issue 12, second round): each test is a sentence
written for it (not taken from an evaluation file) and failed on the code before the fix.

Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.admission import (
    PROHIBITED_VERDICTS,
    VERDICT_REVIEW,
    VERDICT_WITHDRAWN,
    check_task,
)
from registry.matching import MatchIndex
from tests.registry.test_admission_calibrated import ALLOWED, _items


@pytest.fixture(scope="module")
def township() -> MatchIndex:
    return MatchIndex.build(_items("township"))


@pytest.fixture(scope="module")
def village() -> MatchIndex:
    return MatchIndex.build(_items("village"))


# Selling a commercial product through the village, worded as "insurance" (which also reads
# as the allowed 协助城乡居民医疗保险参保): prohibited, or at least in doubt — never allowed.
COMMERCIAL_PRODUCT = [
    "请各社区帮助保险公司向居民推广家庭财产意外险，每个社区不少于50单，按月报送办理名单。",
    "请各村动员村民购买今年新推出的农房综合保险，完成情况纳入年底考核。",
    "请各村组织群众参加县里统一推出的商业补充养老保险，每村完成参保30户。",
]


@pytest.mark.parametrize("text", COMMERCIAL_PRODUCT)
def test_selling_insurance_through_the_village_is_never_an_allowed_duty(village, text):
    res = check_task(text=text, target_level="village", index=village)
    assert res.verdict not in ALLOWED, (res.verdict, [m.item.name for m in res.matches])
    assert res.verdict in PROHIBITED_VERDICTS or res.verdict == VERDICT_REVIEW


def test_a_burden_cue_without_a_cited_prohibited_item_goes_to_a_reviewer(village):
    # 购买…保险 marks a sale; the topic (防疫) reads as the allowed 传染病防控 duty.
    res = check_task(
        text="请各村（社区）动员居民购买防疫保险，每户一份。", target_level="village", index=village
    )
    assert res.verdict == VERDICT_REVIEW, res.verdict
    assert any("购买防疫保险" in r for r in res.review_reasons), res.review_reasons


# The task names an enforcement agency as a partner or as the recipient of reports; the
# township's part is checking for hazards (配合), not enforcement (收回).
AGENCY_NAMED = [
    "请各乡镇（街道）会同县综合执法局做好辖区燃气用户隐患排查，建立排查台账。",
    "请各乡镇（街道）与县城市管理执法大队一道，排查辖区瓶装液化气用户的安全隐患。",
]


@pytest.mark.parametrize("text", AGENCY_NAMED)
def test_an_enforcement_agency_named_in_the_task_does_not_make_it_enforcement(township, text):
    res = check_task(text=text, target_level="township", index=township)
    assert res.verdict != VERDICT_WITHDRAWN, [m.item.name for m in res.matches]
    assert res.matches and "执法" not in res.matches[0].item.name


# A certificate request that reads both as the generic certificate a village must refuse and as
# the listed exception it may issue (婚姻登记档案遗失): a doubt between prohibited and allowed, so a
# person decides, never an automatic verdict either way.
EXCEPTION_OR_GENERIC = [
    "民政部门查不到该村民早年的婚姻登记档案，要求村委会出具其婚姻状况证明，用于补领结婚证。",
    "婚姻登记处说档案找不到了，让村里给开个婚姻状况证明。",
]


@pytest.mark.parametrize("text", EXCEPTION_OR_GENERIC)
def test_a_close_call_between_a_forbidden_and_an_allowed_certificate_goes_to_review(village, text):
    res = check_task(text=text, target_level="village", index=village)
    assert res.verdict == VERDICT_REVIEW, (res.verdict, [m.item.name for m in res.matches])
    names = {c.match.item.name for c in res.review_candidates}
    assert {"婚姻状况证明", "婚姻登记档案遗失的婚姻状况证明"} <= names
