"""Classes of error found on unseen wording (issue 12, second and third rounds): each test is a
sentence written for it (not taken from an evaluation file) and failed on the code before the fix.

Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.kinds import VERDICT_REVIEW, VERDICT_WITHDRAWN
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import (
    ALLOWED,
    assert_never_allowed,
    demo_index,
    demo_index_fixture,
    why,
)

township = demo_index_fixture("township")
village = demo_index_fixture("village")

# Burdens put on the village that must never pass as an allowed duty: prohibited, or at least
# in doubt.
NEVER_ALLOWED = [
    # Selling a commercial product through the village, worded as "insurance" (which also reads
    # as the allowed 协助城乡居民医疗保险参保).
    "请各社区帮助保险公司向居民推广家庭财产意外险，每个社区不少于50单，按月报送办理名单。",
    "请各村动员村民购买今年新推出的农房综合保险，完成情况纳入年底考核。",
    "请各村组织群众参加县里统一推出的商业补充养老保险，每村完成参保30户。",
    # Third round: quotas for subscriptions and new work groups are burdens by themselves.
    "请各村认购县文旅公司发行的景区年卡，每村不少于20张。",
    "请各社区完成今年党报党刊征订任务，年底前报订阅数。",
    "我局组建了“全县消防安全网格群”，请各村网格员下周前全部拉进群并改好备注。",
    # Third round: the two certificate lists name siblings; a not-to-be-issued certificate near
    # an allowed one is a doubt (Tuning.certificate_doubt, chosen by cross-validation).
    "村民的林权证找不到了，补办前请村委会出具一份证件遗失的证明。",
    "请村委会给本组一位行动不便的村民开个证明，证明他属于残疾人，方便申请补贴。",
    # Near 农村土地承包经营权变更事项证明 (allowed): judged allowed before certificate_doubt.
    "承包地的经营权证书弄丢了，请村委会开一个遗失证明以便补办。",
    # Sixth round: context words of an allowed certificate (低保; 不动产登记), the certified fact
    # a forbidden one's.
    "请村里给本村享受低保的一位腿脚不便的村民开一份残疾证明，用于申请补助。",
    "村民办理父子间房屋赠与过户，不动产登记窗口要求村委会出具父子关系证明。",
    # Found by an outsider's probe of the first build: the allowed item's 常见说法 (补领结婚证村委证明)
    # carry the context, but the task does not name the narrow case (婚姻登记档案遗失).
    "村民到婚姻登记机关补领结婚证，请村委会出具其婚姻状况证明。",
    "村民在婚姻登记处补办结婚证，需村委盖章的婚姻状况证明。",
    # Found by a review: the thesaurus, not the task, had supplied the narrow case's words.
    "社员身份核实，村委会出具居民身份证明",
]


@pytest.mark.parametrize("text", NEVER_ALLOWED)
def test_a_burden_on_the_village_is_never_an_allowed_duty(village, text):
    assert_never_allowed(check(village, VILLAGE, text))


def test_a_burden_cue_without_a_cited_prohibited_item_goes_to_a_reviewer(village):
    # 购买…保险 marks a sale; the topic (防疫) reads as the allowed 传染病防控 duty.
    res = check(village, VILLAGE, "请各村（社区）动员居民购买防疫保险，每户一份。")
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
    res = check(township, TOWNSHIP, text)
    assert res.verdict != VERDICT_WITHDRAWN, [m.item.name for m in res.matches]
    assert res.suggested_verdict != VERDICT_WITHDRAWN
    # The cited item, or the first candidate a reviewer is shown.
    leading = res.matches or [c.match for c in res.review_candidates]
    assert leading and "执法" not in leading[0].item.name


# A certificate request that reads both as the generic certificate a village must refuse and as
# the listed exception it may issue (婚姻登记档案遗失): a doubt between prohibited and allowed, so a
# person decides, never an automatic verdict either way.
EXCEPTION_OR_GENERIC = [
    "民政部门查不到该村民早年的婚姻登记档案，要求村委会出具其婚姻状况证明，用于补领结婚证。",
    "婚姻登记处说档案找不到了，让村里给开个婚姻状况证明。",
]


@pytest.mark.parametrize("text", EXCEPTION_OR_GENERIC)
def test_a_close_call_between_a_forbidden_and_an_allowed_certificate_goes_to_review(village, text):
    res = check(village, VILLAGE, text)
    assert res.verdict == VERDICT_REVIEW, why(res)
    names = {c.match.item.name for c in res.review_candidates}
    assert {"婚姻状况证明", "婚姻登记档案遗失的婚姻状况证明"} <= names


# --- third round (issue 12): classes of error seen on the second held-out file, each tested on
# sentences written for the test, not taken from any evaluation file. -------------------------

# Sending cadres to sit in a county office is a secondment (借调), whatever the topic: never an
# allowed duty, and flagged JDGB.
SECONDMENT = [
    "春运期间，请各村每天派2名干部到县交通运输局协助值守。",
    "请各社区轮流派一名工作人员去县政务服务中心窗口帮忙，为期三个月。",
]


@pytest.mark.parametrize("text", SECONDMENT)
def test_sending_cadres_to_a_county_office_is_a_secondment(village, text):
    res = check(village, VILLAGE, text)
    assert res.verdict not in ALLOWED, why(res)
    assert "JDGB" in {f.code for f in res.flags}


def _reading(res) -> str:
    """The verdict, or the one suggested to the reviewer when a person is to decide."""
    return res.suggested_verdict if res.verdict == VERDICT_REVIEW else res.verdict


# A certificate request may name what is to be reported before asking for it, across a comma.
FEEDBACK_REQUESTS = [
    "在职党员到社区报到参加活动的情况，请社区党组织每半年向其单位书面反馈。",
    "学生暑期在社区参加志愿活动的表现情况，请社区如实反馈给学校。",
]


@pytest.mark.parametrize("text", FEEDBACK_REQUESTS)
def test_feedback_asked_after_the_subject_is_a_certificate_request(village, text):
    res = check(village, VILLAGE, text)
    assert _reading(res) == "certificate_allowed", why(res)


def test_political_review_form_is_a_certificate_request(village):
    res = check(village, VILLAGE, "请村委会在今年入伍青年的政审材料上签署意见。")
    assert _reading(res) in ("certificate_allowed", "certificate_forbidden"), _reading(res)


# --- sixth round (issue 12): an allowed certificate is a narrow case of a generic one a village
# must refuse (收养 → 婚姻状况; 集体经济组织成员 → 身份). When every topic word the task shares with
# the generic certificate it also shares with the narrow one, and the narrow one holds much more,
# the generic sibling is no doubt (Tuning.certificate_dominance). A word of the generic one's
# own (残疾, 关系) keeps the doubt. Sentences written for the test.
NARROW_CASE_NAMED = [
    "村民王某夫妇拟收养一名孤儿，请村委会按登记机关式样出具收养人婚姻状况和抚养教育能力证明。",
    "年底集体收益分红前，请村集体经济组织依据成员名册为本村成员出具集体经济组织成员身份证明。",
    # What the allowed item certifies, in the task's own words (no object doubt either).
    "外来人员办理居住证，没有租房合同的，请社区出具实际居住情况证明。",
    "村民申请收养子女，请村委会出具收养人婚姻状况和抚养教育能力证明。",
]


@pytest.mark.parametrize("text", NARROW_CASE_NAMED)
def test_a_named_narrow_case_outweighs_its_generic_forbidden_sibling(village, text):
    res = check(village, VILLAGE, text)
    doubts = [r for r in res.review_reasons if "禁止事项" in r or "所证明的内容" in r]
    assert not doubts, res.review_reasons
    assert _reading(res) == "certificate_allowed", why(res)


def test_outweighed_needs_every_shared_word_of_the_generic_sibling():
    from registry.admission import DEFAULT_TUNING
    from registry.admission_certificates import outweighed
    from registry.matching import IndexItem, Match

    allowed = IndexItem(list_kind="village_certificates", code="c-1", seq=1, name="收养证明")
    generic = IndexItem(list_kind="village_no_certificates", code="n-8", seq=8, name="婚姻状况证明")
    top = Match(allowed, 0.7, (), evidence=7.0, topic=(("收养", 4.0), ("婚姻", 2.0), ("状况", 1.0)))
    covered = Match(generic, 0.5, (), evidence=3.0, topic=(("婚姻", 2.0), ("状况", 1.0)))
    own_word = Match(generic, 0.5, (), evidence=3.0, topic=(("婚姻", 2.0), ("残疾", 1.0)))
    DOM = DEFAULT_TUNING.certificate_dominance
    named = {("c-1", "n-8")}
    assert outweighed(top, covered, DOM, named)
    assert not outweighed(top, own_word, DOM, named)
    # The task does not name the narrow case itself (its own name words): the doubt stays.
    assert not outweighed(top, covered, DOM, ())
    # Off, or the allowed one holding too little of its own: the doubt stays.
    assert not outweighed(top, covered, 0.0, named)
    thin = Match(allowed, 0.7, (), evidence=2.0, topic=(("婚姻", 1.0), ("状况", 1.0)))
    assert not outweighed(thin, covered, DOM, named)


def test_the_narrow_case_is_named_by_the_allowed_names_own_words(village):
    lost = village.item("village_certificates-0011")
    generic = village.item("village_no_certificates-0008")
    assert lost is not None and generic is not None
    named = "补领结婚证时婚姻登记档案遗失，请村委会出具婚姻状况证明。"
    context_only = "村民到婚姻登记机关补领结婚证，请村委会出具其婚姻状况证明。"
    from registry.admission_certificates import own_name_share

    assert own_name_share(village, village.plain_words(named), lost, generic) >= 0.5
    assert own_name_share(village, village.plain_words(context_only), lost, generic) < 0.5


# A certificate the lists do not name, asked for inside an allowed procedure (政审, 征兵政治考核,
# 低保评议): the procedure matches the allowed item, the thing to certify does not. Never an
# automatic allowed verdict (an outsider's probe found eight such requests judged allowed).
# A not-to-be-issued certificate's 常见说法 word for word (无房证明 under 居民财产证明; 证明我是我
# under 居民身份信息证明; the index with the editors' phrases) is the same doubt (a second probe).
UNNAMED_CERTIFICATE_IN_ALLOWED_PROCEDURE = [
    ("征兵政治考核时，请村委会出具应征青年的学历证明。", False),
    ("发展党员政审时，请村党组织出具发展对象父母的职业证明。", False),
    ("低保申请民主评议后，请村委会为申请人出具家庭存款情况证明。", False),
    # Found by a review: the procedure's words before the certificate, 证明 used as a verb.
    ("开展低保民主评议并出具申请人离婚情况证明。", False),
    ("提交低保民主评议意见和申请人离婚情况证明。", False),
    ("低保评议时请村委会给申请人开个证明，证明他已经离婚。", False),
    # The house's safety is not its title, though both say 房屋 (a third probe).
    ("不动产登记时请村委会出具房屋安全证明。", False),
    # A fourth probe: 出个/写个/附上 …的证明, 证明说…, things listed with 、 (sentences written anew).
    ("征兵政审时，村里出个他家是低收入户的证明。", False),
    ("宅基地审查意见签好后，再请村里写个“申请人无不良嗜好”的证明。", False),
    ("入党政审回函里，请村党组织附上一份其家庭收入情况的证明。", False),
    ("低保民主评议前，村里先开个证明说我家没有营运车辆。", False),
    ("村民申请宅基地建房，请村委会给他开一份无房证明。", True),
    ("办理林木采伐许可时，林业站让村里开个证明我是我的证明。", True),
    # A fifth probe, scored before any change (sentences written anew). A second person's
    # certificate beside the allowed one: the allowed wording (收养人婚姻状况证明) holds only where
    # it stands, not wherever its words recur.
    ("办理收养登记，请社区按式样出具收养人婚姻状况证明，送养人的婚姻状况证明也由社区出具。", True),
    # A forbidden certificate named with a bracketed alternative: 住所（经营场所）证明.
    ("个体户用自家住宅登记的，请社区开具居住证明，作为住所（经营场所）证明材料。", True),
    # The narrow case itself denied: 档案没有遗失.
    ("婚姻登记档案没有遗失的，当事人急需时也请村委会先出具婚姻状况证明。", True),
    ("结婚证补领时婚姻档案并未遗失，仍请村委会出具婚姻登记档案遗失的婚姻状况证明。", True),
]


@pytest.mark.parametrize(("text", "phrases"), UNNAMED_CERTIFICATE_IN_ALLOWED_PROCEDURE)
def test_a_certificate_the_allowed_item_does_not_certify_goes_to_a_reviewer(text, phrases):
    res = check(demo_index("village", phrases=phrases), VILLAGE, text)
    assert_never_allowed(res)
    # The reviewer is shown the prohibited reading (a not-to-be-issued certificate, or the
    # negative-list item on certificates without a basis), not the allowed procedure.
    assert _reading(res) in {"certificate_forbidden", "negative"}, why(res)


@pytest.mark.parametrize(
    ("text", "objects"),
    [
        ("请村委会出具分户家庭成员的家庭关系证明。", ("家庭关系",)),
        ("请村委会为收养人出具“系合法继承人”的证明。", ("系合法继承人",)),
        ("请村委会按式样出具其婚姻状况和抚养教育能力证明", ("抚养教育能力",)),
        ("开展低保民主评议并出具申请人离婚的情况证明", ("离婚",)),
        ("请村委会给申请人开个证明，证明他已经离婚", ("离婚",)),
        ("请村委会盖章证明我家的房子没有违章搭建", ("房子没有违章搭建",)),
        ("请村里再开个房屋没有抵押、没有纠纷的证明", ("没有纠纷",)),
        ("村里出个他家是贫困户的证明", ("家是贫困户",)),
        ("开个证明说我家没有小汽车", ("没有小汽车",)),
        ("社区出具居住证明及其残疾情况证明", ("居住", "残疾")),
        ("请村里给他开个证明", ()),
        ("请村委会签署意见", ()),
    ],
)
def test_certified_objects_are_the_words_before_the_certificate(text, objects):
    from registry.admission_cues import certified_objects
    from registry.matching import normalize

    assert certified_objects(normalize(text)) == objects


# Seventh round: a burden added after an allowed duty (an outsider's sixth probe found 27 of 150
# such tasks judged allowed). Read as a whole the allowed duty outweighs the burden; read part by
# part (registry.admission_parts) the burden is what it is. Sentences written for these tests.
BURDEN_AFTER_AN_ALLOWED_DUTY = [
    (
        VILLAGE,
        "请各村协助做好秋季征兵宣传，动员适龄青年踊跃报名。另外，县里给每个村摊了20份党报订阅任务，麻烦村里完成。",
    ),
    (
        VILLAGE,
        "请社区继续做好独居老人探访关爱。探访时每户拍两张照片发到工作群，照片数量作为季度考核依据。",
    ),
    (
        VILLAGE,
        "请各村协助开展农村集体聚餐申报登记。辖区饭店的锅炉和压力容器请村干部每月开展一次安全检查。",
    ),
    (
        TOWNSHIP,
        "请各乡镇做好农村人居环境整治和垃圾清运。辖区几家小型加工厂的工业固废堆放，也请乡镇负责监管，违规的依法处理。",
    ),
]
# … and the same shape with a second sentence that asks nothing prohibited, or nothing at all.
ALLOWED_WITH_A_SECOND_SENTENCE = [
    (VILLAGE, "请各村协助做好秋季征兵宣传，动员适龄青年踊跃报名。宣传资料由县人武部统一印发。"),
    (VILLAGE, "请社区继续做好独居老人探访关爱。相关工作经费由县民政局保障。"),
]


@pytest.mark.parametrize(("level", "text"), BURDEN_AFTER_AN_ALLOWED_DUTY)
def test_a_burden_added_after_an_allowed_duty_is_never_allowed(village, township, level, text):
    res = check(village if level == VILLAGE else township, level, text)
    assert_never_allowed(res)
    assert res.verdict == VERDICT_REVIEW, why(res)
    # The reviewer is told which sentence (or, when a burden cue reads the whole task, that a
    # prohibited and an allowed reading compete) and shown the prohibited reading first.
    assert any("一句" in r or "禁止与允许之间" in r for r in res.review_reasons), res.review_reasons
    assert res.review_candidates[0].verdict in {"negative", "withdrawn", "unlisted"}, why(res)
    assert res.suggested_verdict in {"negative", "withdrawn", "unlisted"}, why(res)
    codes = [c.match.item.code for c in res.review_candidates]
    assert len(codes) == len(set(codes)), codes  # each item once, the part's reading first


@pytest.mark.parametrize(("level", "text"), ALLOWED_WITH_A_SECOND_SENTENCE)
def test_a_second_sentence_that_asks_nothing_prohibited_keeps_the_allowed_duty(
    village, level, text
):
    res = check(village, level, text)
    assert res.verdict in ALLOWED, why(res)


def test_the_parts_of_a_task_and_which_of_them_ask():
    from registry.admission_parts import is_ask, parts
    from registry.matching import normalize

    assert parts(normalize("请各村做好宣传。")) == ()
    assert len(parts(normalize("请各村做好宣传，动员报名。另外麻烦村里完成订阅任务。"))) == 2
    assert is_ask("麻烦村里完成订阅任务")
    assert is_ask("所需物资由村里自行购买")
    assert not is_ask("县气象台发布暴雨橙色预警")
    assert not is_ask("相关工作经费由县民政局保障")
    assert not is_ask("请于每周五前报送工作进展")


# Held-out 11 (blind) found two prohibited tasks judged allowed: a department's costs put on the
# village in a clause (经费由村里自筹解决), and an enforcement measure (责令停产整顿) in a township safety
# check. Sentences written for these tests.
COSTS_AND_ENFORCEMENT = [
    (VILLAGE, "请各村建好村级应急物资储备点，配齐雨衣、手电和救生衣，所需经费由村里自行解决。"),
    (VILLAGE, "防疫用的消毒液和喷雾器请村里先垫钱买上。"),
    (TOWNSHIP, "请各乡镇对辖区砖瓦窑厂开展安全检查，发现重大隐患的当场责令停产整顿。"),
]


@pytest.mark.parametrize(("level", "text"), COSTS_AND_ENFORCEMENT)
def test_costs_put_on_the_village_and_enforcement_are_never_allowed(village, township, level, text):
    res = check(village if level == VILLAGE else township, level, text)
    # Never an automatic allowed verdict (清单外 needs 准入; a burden cue with no item cited is a
    # firm doubt for a reviewer).
    assert res.verdict not in ALLOWED, why(res)


def test_costs_the_villagers_raise_themselves_are_no_burden_cue():
    from registry.admission_cues import STRONG_NEGATIVE_CUE
    from registry.matching import normalize

    assert STRONG_NEGATIVE_CUE.search(normalize("所需经费由村里自筹解决。"))
    # 一事一议: what villagers decide to raise is their own (依法自治), not a department's cost.
    assert not STRONG_NEGATIVE_CUE.search(normalize("一事一议修路，所需资金由村民自筹。"))
    assert not STRONG_NEGATIVE_CUE.search(normalize("费用由受益群众自筹。"))
