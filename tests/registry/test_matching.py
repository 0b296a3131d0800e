"""Normalisation, synonyms and the match index (registry/matching.py).  Pure: no database."""

from __future__ import annotations

import dataclasses

import jieba
import pytest

from registry.matching import (
    IndexItem,
    Match,
    MatchIndex,
    normalize,
    prepare,
)
from registry.text import THESAURUS as SYNONYMS
from registry.text import expand_synonyms


def _item(kind: str, seq: int, name: str, content: str = "", **fields: str) -> IndexItem:
    return IndexItem(
        list_kind=kind, code=f"{kind}-{seq:04d}", seq=seq, name=name, content=content, **fields
    )


ITEMS = (
    _item(
        "township_cooperate",
        1,
        "消防安全监督检查",
        "组织开展“九小场所”日常巡查，发现火灾隐患督促整改。",
    ),
    _item(
        "township_cooperate",
        12,
        "违法用地查处",
        "开展日常巡查，对发现的违法占地行为及时劝阻、制止并报告。",
    ),
    _item(
        "township_cooperate",
        15,
        "违法建设治理",
        "开展违法建设日常巡查，发现新增违建及时劝阻、制止并报告。",
    ),
    _item(
        "township_basic", 20, "社会救助申请受理和审核", "受理最低生活保障、特困人员救助供养申请。"
    ),
    _item("township_basic", 40, "河湖长制", "落实乡级河湖长制，组织河湖日常巡查。"),
    _item(
        "township_withdrawn", 2, "特种设备安全监督检查", "电梯、锅炉等特种设备由县市场监管局检查。"
    ),
    _item("village_assist", 5, "协助城乡居民医疗保险参保", "协助开展参保宣传和缴费提醒。"),
    _item("village_assist", 25, "协助耕地地力保护补贴面积核实", "协助核实种植面积并在村内公示。"),
    _item("village_negative", 7, "要求村（社区）与上级部门签订目标责任书、责任状、承诺书"),
    _item("village_no_certificates", 8, "婚姻状况证明", alternative="由当事人书面声明"),
    _item("village_selfgov", 12, "调解民间纠纷", "设立人民调解委员会，调解民间纠纷。"),
)


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(ITEMS)


# --- normalisation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＰＰ打卡", "app打卡"),
        ("村（社区）", "村(社区)"),
        ("“九小场所”", '"九小场所"'),
        ("  多个   空格\t和\n换行 ", "多个 空格 和 换行"),
        ("１２３４５", "12345"),
        ("《消防法》第三十二条", "<消防法>第三十二条"),
        ("", ""),
    ],
)
def test_normalize(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("两违整治", "违法用地 违法建设"),
        ("低保申请", "最低生活保障"),
        ("医保缴费", "医疗保险"),
        ("小饭店、小旅馆", "九小场所"),
        ("小区电梯", "特种设备"),
        ("开单身证明", "婚姻状况证明"),
        ("签订军令状", "目标责任书 责任状"),
        ("抽调一名干部", "抽调 借调"),
        ("反诈宣传", "电信网络诈骗"),
        ("环评审批", "环境影响评价"),
    ],
)
def test_synonyms_append_the_canonical_wording(text, canonical):
    expanded = expand_synonyms(normalize(text))
    assert expanded.startswith(normalize(text)), "the original words are kept"
    assert canonical in expanded


def test_synonyms_are_not_duplicated_when_canonical_present():
    text = normalize("最低生活保障（低保）")
    assert expand_synonyms(text) == text


def test_synonym_table_is_well_formed():
    for canonical, variants in SYNONYMS:
        assert canonical.strip() and variants
        for variant in variants:
            assert variant.strip()
            assert normalize(variant) != normalize(canonical)


def test_prepare_is_normalize_then_expand():
    assert prepare("ＡＰＰ 两违") == expand_synonyms(normalize("ＡＰＰ 两违"))


# --- index --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("请对辖区小饭店、小旅馆开展消防巡查", "township_cooperate-0001"),  # 九小场所 synonym
        ("请开展两违日常巡查，发现违法占地及时报告", "township_cooperate-0012"),
        ("请对小区电梯开展安全检查", "township_withdrawn-0002"),
        ("请受理低保申请", "township_basic-0020"),
        ("请提醒群众按时缴纳医保费", "village_assist-0005"),
        ("请村委会出具未婚证明", "village_no_certificates-0008"),
        ("请村党支部书记签订森林防火责任状", "village_negative-0007"),
        ("请村调委会调解邻里纠纷", "village_selfgov-0012"),
        ("请乡级河长每月巡河", "township_basic-0040"),
    ],
)
def test_search_finds_the_item(index, query, code):
    hits = index.search(query)
    assert hits and hits[0].item.code == code
    assert hits[0].matched_terms, "every hit explains itself"
    assert 0 < hits[0].score <= 1


def test_char_bigrams_survive_a_different_segmentation(index):
    # "地力补贴" is not a word anywhere; its bigrams still reach the item.
    hits = index.search("地力补贴面积")
    assert hits[0].item.code == "village_assist-0025"


def test_name_weighs_more_than_content():
    items = (
        _item("township_basic", 1, "秸秆禁烧", "组织开展网格化巡查和宣传。"),
        _item("township_basic", 2, "网格化服务管理", "统筹推进秸秆禁烧以外的各项工作。"),
    )
    hits = MatchIndex.build(items).search("秸秆禁烧")
    assert [h.item.seq for h in hits[:2]] == [1, 2]


def test_kinds_filter(index):
    hits = index.search("巡查", kinds={"township_basic"})
    assert hits and {h.item.list_kind for h in hits} == {"township_basic"}


def test_limit(index):
    assert len(index.search("协助 巡查 报告 宣传", limit=2)) <= 2


@pytest.mark.parametrize("query", ["", "   ", "。，、", "请 各 的"])
def test_empty_or_stopword_queries_find_nothing(index, query):
    assert index.search(query) == []


def test_unrelated_text_scores_lower_than_related(index):
    related = index.search("请受理最低生活保障申请")[0].score
    unrelated = index.search("请负责辖区通信铁塔的故障报修")
    assert not unrelated or unrelated[0].score < related / 2


def test_build_on_no_items():
    assert MatchIndex.build([]).search("任何事项") == []


def test_results_are_frozen(index):
    hit = index.search("低保")[0]
    assert isinstance(hit, Match)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.score = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.item.name = "x"  # type: ignore[misc]


def test_build_does_not_touch_the_global_jieba_dictionary():
    jieba.dt.initialize()  # jieba's own dictionary, shipped with the package
    MatchIndex.build([_item("township_basic", 99, "林长制巡护", "“清四乱”专项行动")])
    assert "清四乱" not in jieba.dt.FREQ
    assert "林长制巡护" not in jieba.dt.FREQ


def test_deterministic(index):
    a = index.search("请对小区电梯开展安全检查")
    b = index.search("请对小区电梯开展安全检查")
    assert a == b
