"""The calibrated check (registry/admission.py): 需人工研判, grounded explanations, precedents.

Each test here states a finding of issue 12 ("What goes wrong") and failed on the code before it.
Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.admission import Precedent, highlights
from registry.admission_cues import CODE_LABELS
from registry.kinds import VERDICT_REVIEW, VERDICT_UNLISTED
from registry.matching import IndexItem
from registry.text import normalize
from tests.registry.admission_items import check
from tests.registry.demo_match_index import (
    assert_never_allowed,
    demo_index,
    demo_index_fixture,
)

township = demo_index_fixture("township")
village = demo_index_fixture("village")


# Tasks whose wording reads both as a prohibited item and as an allowed duty (written for this
# test, not taken from the dev file).
PROHIBITED_OR_DOUBT = [
    ("village", "请各社区对辖区电梯、锅炉逐台开展安全检查并填写检查记录。"),
    ("village", "请各村代收本村群众的有线电视费和卫生费，月底前交到镇上。"),
    ("village", "请各村与镇政府签订森林防火目标责任状，发生火情追究村干部责任。"),
    ("village", "请社区为辖区居民出具无犯罪记录证明，用于入职审查。"),
    ("township", "请各乡镇对辖区加油站开展危险化学品经营安全执法检查，发现问题直接处罚。"),
    ("township", "请各乡镇核发林木采伐许可证，并对采伐现场进行检查。"),
]


@pytest.mark.parametrize("level, text", PROHIBITED_OR_DOUBT)
def test_a_prohibited_task_is_never_judged_an_allowed_duty(level, text):
    result = check(demo_index(level), level, text)
    assert_never_allowed(result)


def test_review_comes_with_three_candidates_and_reasons(township):
    # Weak overlap: one generic word in common with several items.
    result = check(township, "township", "请各乡镇配合做好辖区有关情况的排查和报告工作。")
    assert result.verdict in (VERDICT_REVIEW, VERDICT_UNLISTED)
    if result.verdict == VERDICT_REVIEW:
        assert 1 <= len(result.review_candidates) <= 3
        assert result.review_reasons
        assert result.confidence < result.threshold
        assert result.suggested_verdict


def test_confidence_is_reported_for_every_verdict(township):
    sure = check(township, "township", "请各乡镇组织辖区适龄男性公民完成兵役登记。")
    assert sure.verdict == "basic"
    assert 0.5 <= sure.confidence <= 1.0


@pytest.mark.parametrize(
    "level, text",
    [
        ("township", "请各乡镇汛期加强地灾隐患点巡查，发现险情及时报告。"),
        ("township", "请各乡镇做好节日期间上访人员的劝返和化解工作。"),
        ("village", "请各村配合做好低保户入户调查和民主评议。"),
        ("village", "请社区给居民开一张单身证明。"),
    ],
)
def test_explanations_only_show_words_present_in_both_texts(level, text):
    result = check(demo_index(level), level, text)
    shown = [*zip(result.matches, result.highlights, strict=True)]
    shown += [(c.match, c.highlights) for c in result.review_candidates]
    assert shown, "the task should cite or offer an item"
    task = normalize(text)
    for match, hs in shown:
        item_text = normalize(f"{match.item.name} {match.item.content} {match.item.aliases}")
        for h in hs:
            assert h.task in task
            assert h.item in item_text
            assert h.synonym == (h.task != h.item)


def test_abbreviation_is_matched_and_shown_as_synonym(township):
    result = check(township, "township", "请各乡镇汛期加强地灾隐患点巡查，发现险情及时报告。")
    top = result.matches[0] if result.matches else result.review_candidates[0].match
    assert "地质灾害" in top.item.name
    hs = result.highlights[0] if result.matches else result.review_candidates[0].highlights
    assert any(h.synonym and h.task == "地灾" and h.item == "地质灾害" for h in hs)


def test_highlights_drop_words_only_the_thesaurus_put_on_both_sides():
    item = IndexItem(list_kind="township_basic", code="x", seq=1, name="信访工作")
    # 截图 expands to "截图 录制视频 上传" in both, but the item never says any of it.
    assert highlights("要求上传截图", item, ["截图", "上传", "信访"]) == ()


def test_highlights_show_each_word_once_and_no_fragments():
    """An outsider's walk: 共同用语 listed 成年、成年人、未成、未成年 for one word, and 照片 four times."""
    item = IndexItem(
        list_kind="township_basic",
        code="x",
        seq=1,
        name="未成年人保护",
        content="做好未成年人保护工作，上传照片留档。",
    )
    shown = highlights(
        "请对未成年人上网场所开展检查，附照片。",
        item,
        ["成年", "成年人", "未成", "未成年", "未成年人", "照片", "照片", "上传"],
    )
    words = [h.task for h in shown]
    assert words == ["未成年人", "照片"], words
    # Overlapping pieces of one word (the walk after the first fix: 成年人、未成年) are that word.
    shown = highlights("请对网吧开展未成年人上网专项检查。", item, ["成年人", "未成年", "上网"])
    assert [h.task for h in shown] == ["未成年人"], shown


def test_every_code_shown_is_explained():
    for code in ("WZRTP", "QDWSX", "ZMSX", "TBBS", "SDZR", "ZJXS", "JDGB", "JZPZ"):
        assert CODE_LABELS[code]
        assert not CODE_LABELS[code].isascii()


def test_a_precedent_of_the_same_level_counts(township):
    text = "请各乡镇组织人员对辖区公共充电桩开展日常巡检和故障报修。"
    before = check(township, "township", text)
    decided = Precedent(
        text="请各乡镇组织人员对辖区公共充电桩开展日常巡检和维修。",
        verdict="unlisted",
        target_level="township",
        source="correction",
    )
    after = check(township, "township", text, precedents=[decided])
    assert after.precedents and after.precedents[0].precedent is decided
    assert after.verdict == "unlisted"
    assert after.confidence >= before.confidence or before.verdict != "unlisted"
    other_level = Precedent(decided.text, "unlisted", target_level="village")
    assert not check(township, "township", text, precedents=[other_level]).precedents


def test_a_precedent_never_turns_a_prohibited_reading_into_an_allowed_one(township):
    text = "请各乡镇对辖区电梯、锅炉等特种设备逐台开展安全监督检查。"
    assert check(township, "township", text).verdict == "withdrawn"
    allowed = Precedent(
        text=text,
        verdict="basic",
        target_level="township",
        item_code="township_basic-0033",
    )
    result = check(township, "township", text, precedents=[allowed])
    assert result.verdict == VERDICT_REVIEW


def test_a_similar_allowed_decision_never_clears_a_prohibited_doubt(village):
    """A lost-document certificate (not to be issued) beside the allowed 承包经营权变更证明: the
    rules are in doubt between the two. A similar task someone decided as the allowed
    certificate may count as evidence, but the doubt stays and a person decides (the replay of
    decisions had judged such a task allowed)."""
    text = "承包户的土地承包经营权证书遗失了，补办前请村委会开具一份遗失证明。"
    before = check(village, "village", text)
    assert before.verdict == VERDICT_REVIEW and "禁止" in "".join(before.review_reasons)
    decided = Precedent(
        text="村民的承包地要变更到儿子名下，请村委会作为发包方开一份承包经营权变更的证明。",
        verdict="certificate_allowed",
        target_level="village",
        item_code="village_certificates-0010",
    )
    after = check(village, "village", text, precedents=[decided])
    assert after.precedents, "the decided task must count as similar"
    assert after.verdict == VERDICT_REVIEW, after.verdict
    assert any("禁止事项" in r for r in after.review_reasons)
