"""How a task frames its ask (registry.admission_parts.unframed / frame_doubt) and the enforcement
acts a unit performs itself (registry.admission_cues._ENFORCEMENT_ACT).

An outsider's seventh probe (prohibited duties in allowed clothing: 150 prohibited tasks, 50
genuine) found 15 prohibited tasks judged allowed, most of them citing an allowed item or list
("根据协助事项第10项“…”，请社区承担…费用", "结合群众性文体活动，请村里承担公众号运营") or
doing enforcement and reporting it ("形成违法事实认定材料报我局立案"). Each sentence below was
written for these tests (none is taken from the probe) and failed on the code before the fix.

Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.kinds import VERDICT_CERTIFICATE_ALLOWED, VERDICT_NEGATIVE, VERDICT_REVIEW
from registry.matching import normalize
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import ALLOWED, demo_index, demo_index_fixture, why

township = demo_index_fixture("township")
village = demo_index_fixture("village")


def assert_not_allowed(res) -> None:
    """Prohibited, 清单外 (a new duty needs 准入), or a reviewer's — never an allowed duty, nor a
    review leaning to one."""
    assert res.verdict not in ALLOWED, why(res)
    assert res.verdict != VERDICT_REVIEW or res.suggested_verdict not in ALLOWED, why(res)


def assert_reads(res, verdict: str) -> None:
    """The verdict, decided alone or as the reading a reviewer is pointed to."""
    assert res.verdict == verdict or (
        res.verdict == VERDICT_REVIEW and res.suggested_verdict == verdict
    ), why(res)


def assert_cites(res, verdict: str, name: str) -> None:
    """Decided alone as ``verdict``, citing the item named ``name`` first."""
    assert res.verdict == verdict, why(res)
    assert res.matches[0].item.name == name, why(res)


# What the department says the work is proves nothing: the work asked must carry the reading.
FRAMED_AS_ALLOWED = [
    # A list cited by name and number, the work a new duty on the village.
    (VILLAGE, "依据依法协助事项第3项，请村委会负责辖区农家乐的食品经营备案，结果报我局。"),
    # The frame is the allowed item's own name; the ask is a new duty.
    (VILLAGE, "结合群众性文体活动，请社区从本月起负责县融媒体中心公众号社区栏目的更新，每周两期。"),
    # A claim of the kind of the work.
    (VILLAGE, "快递驿站属于社区的公共事务，请社区负责辖区快递驿站的日常管理和投诉受理。"),
    # A cooperation item cited; the work is the department's own inspection.
    (
        TOWNSHIP,
        "按配合履职事项“城镇燃气安全”开展排查，请乡镇对辖区瓶装液化气门店开展安全检查，"
        "核查经营许可，形成检查结论后报我局。",
    ),
]
# Enforcement acts the unit itself performs, whatever it reports afterwards.
ENFORCEMENT_ACTS = [
    (VILLAGE, "请社区对辖区违规占道的摊贩制作现场笔录，并下达限期改正通知书。"),
    # Already caught before the fix (kept as a guard): the finding made, then reported.
    (
        TOWNSHIP,
        "请各乡镇统计站对辖区规上企业年报数据开展核查，对查实虚报瞒报的形成违法事实认定材料报县统计局。",
    ),
]


@pytest.mark.parametrize(("level", "text"), FRAMED_AS_ALLOWED + ENFORCEMENT_ACTS)
def test_allowed_clothing_does_not_make_a_prohibited_task_allowed(village, township, level, text):
    assert_not_allowed(check(village if level == VILLAGE else township, level, text))


@pytest.mark.parametrize(("level", "text"), FRAMED_AS_ALLOWED[1:3])
def test_a_claimed_item_the_work_does_not_carry_goes_to_a_reviewer(village, level, text):
    res = check(village, level, text)
    assert res.verdict == VERDICT_REVIEW, why(res)
    assert res.suggested_verdict not in ALLOWED, why(res)
    # The reviewer is told which clause framed the ask.
    assert any("援引" in r or "为由" in r for r in res.review_reasons), res.review_reasons


# A frame on an allowed ask changes nothing.
FRAMED_AND_ALLOWED = [
    (VILLAGE, "根据依法协助事项，请各村协助做好今年城乡居民医保参保缴费的宣传动员。"),
    (TOWNSHIP, "结合“5·12”防灾减灾日，请各乡镇修订本级自然灾害应急预案并组织一次避险转移演练。"),
    (TOWNSHIP, "根据配合履职事项，请各乡镇配合县人社局做好辖区欠薪线索排查，发现问题及时报告。"),
]


@pytest.mark.parametrize(("level", "text"), FRAMED_AND_ALLOWED)
def test_a_frame_on_an_allowed_ask_keeps_the_allowed_duty(village, township, level, text):
    res = check(village if level == VILLAGE else township, level, text)
    assert res.verdict in ALLOWED, why(res)


def test_frames_are_the_clauses_that_cite_a_basis_before_the_ask_or_claim_a_list():
    from registry.admission_parts import unframed

    f = unframed(normalize("结合群众性文体活动，请社区负责公众号更新。"))
    assert f is not None and f.frame == "结合群众性文体活动" and not f.claims
    assert f.rest == "请社区负责公众号更新"
    f = unframed(normalize("快递驿站属于社区的公共事务，请社区负责日常管理。"))
    assert f is not None and f.claims
    # After the ask, a basis is how the work is done, not a frame.
    assert unframed(normalize("请村集体作为发包方，依据承包合同出具变更情况证明。")) is None
    assert unframed(normalize("请各村做好秋季征兵宣传。")) is None


def test_an_enforcement_act_is_the_units_own_even_when_reported():
    from registry.admission_cues import ENFORCEMENT_ACT_CUE, HELPING_CUE

    text = normalize("对查实虚报的形成违法事实认定材料报我局立案。")
    assert HELPING_CUE.search(text)  # 报我局 alone would read as help
    assert ENFORCEMENT_ACT_CUE.search(text)
    assert ENFORCEMENT_ACT_CUE.search(normalize("逾期未改的下达停工整改通知书。"))
    assert ENFORCEMENT_ACT_CUE.search(normalize("检查后出具检查意见。"))
    # Being ordered into community rehabilitation is not an order the unit gives.
    assert not ENFORCEMENT_ACT_CUE.search(normalize("对被责令社区康复的人员做好帮扶。"))


# Held-out 13: a burden cue (坐满) on a village task no negative item scored high enough for was
# judged 清单外 automatically. It went to a reviewer, the negative item shown first; since
# held-out 35–42 it is decided negative when a negative item can be cited (test_admission_wording_
# styles: the item the cue names), and still goes to a reviewer when none can.
BURDEN_CUE_ON_AN_UNLISTED_READING = [
    "县里推介会现场人少，请社区组织二十名居民过去坐满。",
    "消杀药品请村里先垫钱买，年后再结。",
]


@pytest.mark.parametrize("text", BURDEN_CUE_ON_AN_UNLISTED_READING)
def test_a_burden_cue_on_an_unlisted_reading_goes_to_a_reviewer(village, text):
    res = check(village, VILLAGE, text)
    assert res.verdict in {VERDICT_REVIEW, VERDICT_NEGATIVE}, why(res)
    if res.verdict == VERDICT_NEGATIVE:
        assert res.matches[0].item.list_kind == "village_negative", why(res)
        return
    # With a negative item among the candidates, the reviewer is pointed to it first.
    if any(c.verdict == VERDICT_NEGATIVE for c in res.review_candidates):
        assert res.suggested_verdict == VERDICT_NEGATIVE, why(res)
        assert res.review_candidates[0].verdict == VERDICT_NEGATIVE


def test_a_pledge_signed_and_stamped_is_no_certificate(village):
    # Held-out 13 and probe 9: 签订…责任书…盖章 had been read as a not-to-be-issued certificate.
    res = check(village, VILLAGE, "请村两委与县应急局签订年度防汛目标责任书，盖章后交回。")
    assert res.verdict == VERDICT_NEGATIVE, why(res)
    assert res.matches[0].item.list_kind == "village_negative", why(res)


def test_filling_the_hall_is_making_up_numbers():
    from registry.admission_cues import STRONG_NEGATIVE_CUE

    assert STRONG_NEGATIVE_CUE.search(normalize("顺便带几名居民来，把会场坐满。"))


# Certificate requests worded without 证明: a 情况说明, and feedback on a person to their unit
# (held-out 12: a 报到党员 feedback worded without 情况 was read as 自治).
CERTIFICATE_REQUESTS = [
    "村民办理老宅的不动产登记，请村委会出具一份宅基地取得情况的情况说明。",
    "在职党员到社区报到满半年，请社区把他们参加服务的次数和表现反馈给所在单位。",
]


@pytest.mark.parametrize("text", CERTIFICATE_REQUESTS)
def test_a_statement_or_feedback_on_a_person_is_a_certificate_request(village, text):
    assert_reads(check(village, VILLAGE, text), VERDICT_CERTIFICATE_ALLOWED)


# Held-out 12 (blind) judged two 清单外 township tasks basic: a department's own duty handed to
# the township (改由乡镇审核, 受县税务局委托代征). Sentences written for these tests.
DEVOLVED = [
    "县农业农村局决定将农机购置补贴的机具核验下放到各乡镇，请乡镇逐台核验后签署意见。",
    "受县医保局委托，请各乡镇对辖区城乡居民大病保险二次报销申请进行初审并拨付。",
    # Probe 8 (清单外 in the lists' own domains) found 23 of 120 such tasks judged allowed, 16 of
    # them township: the department's own means of doing its work put on the township.
    "县水利局请各乡镇作为项目业主，负责小型农田水利设施维修工程的施工管理和工程款结算。",
    "县卫健局：村医补助资金未到位，请各乡镇先用乡本级财政资金垫发，到位后再归垫。",
    "县文广旅局请各乡镇编制本乡镇全域旅游发展规划，年底前报局审定。",
    "县市场监管局请各乡镇对辖区小餐饮店现场核查后直接核发食品经营登记证。",
    # Probe 9 (a fresh probe of the same kind): taxes collected for the department, the township
    # as the department's implementing body.
    "县税务局请各街道对辖区出租房屋的房产税实行代征，每季度解缴入库。",
    "县交通运输局请乡镇作为农村公路桥梁加固工程的实施单位，负责施工组织和工程结算。",
]


@pytest.mark.parametrize("text", DEVOLVED)
def test_a_departments_own_duty_handed_to_the_township_is_not_a_basic_duty(township, text):
    assert_not_allowed(check(township, TOWNSHIP, text))


def test_the_township_entrusting_village_accounts_is_no_devolved_duty(township):
    res = check(township, TOWNSHIP, "请各乡镇加强村级集体资金监管，全面推行村级会计委托代理服务。")
    assert res.verdict in ALLOWED, why(res)


def test_county_and_township_roads_are_rural_roads(township):
    # Held-out 14: 乡道 and 路长 had no word in common with 农村公路管理养护 / 路长制 (thesaurus:
    # 县道 and 乡道 are 农村公路 — 村道 is left out, it would cut 乡村道路 wrongly).
    res = check(
        township, TOWNSHIP, "请各乡镇组织人手对辖区乡道的坑槽和塌方抓紧修补，路长要定期上路巡查。"
    )
    assert_reads(res, "basic")
    assert res.matches and res.matches[0].item.name == "农村公路管理养护", why(res)


def test_a_departments_own_duty_handed_to_the_village_is_negative(village):
    # Held-out 14: 管护职责…交由沿线社区负责 (派交自身权责事项, negative item 1) was judged 清单外.
    res = check(
        village, VILLAGE, "经局务会研究，全县健身路径器材的日常巡检职责自下月起交由所在社区负责。"
    )
    assert_reads(res, VERDICT_NEGATIVE)


# A plaque by another of its names, named after an allowed duty (an outsider's tenth probe: a
# 调处中心 铜牌 hung at the village office was judged 调解民间纠纷). Written for this test.
PLAQUES = [
    "县司法局统一制作了“人民调解工作室”铭牌，请各村下周一前挂到村委会门口。",
    "镇里订做的“网格化服务站”铜牌已经送到，各社区务必挂在办公楼醒目位置。",
]


@pytest.mark.parametrize("text", PLAQUES)
def test_a_plaque_named_after_an_allowed_duty_is_still_a_plaque(village, text):
    res = check(village, VILLAGE, text)
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)


# Held-out 16 (blind, scored once) judged two negative-list tasks allowed: new work whose sender
# says it has not been through admission (此项尚未走准入程序，手续后补), and a 工作室 whose rooms,
# equipment and staff the village must find itself. Sentences written for these tests: the first
# failed before the fix; the unfunded ones are guards (the older cost cue already held on them).
NOT_ADMITTED_OR_UNFUNDED = [
    "从本周起请各村每天上门给辖区孕产妇测一次血压，这项工作还没走准入，先做起来，手续后面补。",
    "请社区新增一项“电动车入户充电劝导”工作，每晚巡查一次；准入手续正在补办，不影响先执行。",
    "各村要设立“乡村振兴服务站”，站内设备和驻站人员由村里自行解决，县里不另行安排经费。",
    "每个社区都要办起“老年助餐点”，用房和厨师由社区自行解决，县里不再下拨资金。",
]


@pytest.mark.parametrize("text", NOT_ADMITTED_OR_UNFUNDED)
def test_work_said_to_lack_admission_or_funding_is_not_an_allowed_duty(village, text):
    assert_not_allowed(check(village, VILLAGE, text))
    # With the editors' 常见说法, as the database index has them, the negative item is found.
    assert_reads(check(demo_index("village", phrases=True), VILLAGE, text), VERDICT_NEGATIVE)


def test_a_residents_ability_to_look_after_themselves_is_no_cost_put_on_the_village(village):
    # 生活自理能力 is what a 复核 looks at, not 经费自理 (a development row read it so in a draft).
    res = check(
        village,
        VILLAGE,
        "请村里协助民政所对本村特困供养人员逐户了解生活自理能力有无变化，如实反馈。",
    )
    assert_reads(res, "assist")


# Held-out 18 (blind, scored once): public-opinion work said the way a phone call says it (盯住
# 舆情, 回应引导) was judged 清单外 — 舆情 alone weighed too little against 网络舆情监测引导和处置.
# Sentences written for this test.
PUBLIC_OPINION = [
    "本地论坛上一篇说镇卫生院收费乱的热帖在发酵，请镇里盯紧，做好回应和引导。",
    "网上有条说镇里征地补偿的帖子转发很多，请镇里盯住舆情，及时回应引导。",
]


@pytest.mark.parametrize("text", PUBLIC_OPINION)
def test_public_opinion_work_in_plain_words_is_the_basic_duty(township, text):
    res = check(township, TOWNSHIP, text)
    assert_reads(res, "basic")
    first = res.matches[0].item if res.matches else res.review_candidates[0].match.item
    assert first.name == "意识形态和宣传思想工作", why(res)


def test_a_workstation_in_an_item_is_not_a_post_asked_of_the_unit(township):
    # Held-out 18: 安排专人 matched 未成年人保护 (its 工作站 was read as 专人专岗 工作机制, a
    # negative-list burden of villages): the thesaurus maps what tasks say, not an item's own
    # wording onto a burden.
    res = check(township, TOWNSHIP, "请镇里安排专人负责本次会议的签到和会场布置。")
    assert all(m.item.name != "未成年人保护" for m in res.matches), why(res)
    assert all(c.item.name != "未成年人保护" for c in res.candidates[:1]), why(res)


def test_tending_martyrs_graves_at_qingming_is_no_fire_prevention(township, village):
    # Held-out 18 (and six development rows): 祭扫 alone brought in 森林草原防灭火, so looking
    # after martyrs' graves read as the fire-prevention item. Fire prevention is said by its own
    # words (带火种, 设卡, 上坟烧纸), which still find it. Sentences written for this test.
    for index, level in ((township, TOWNSHIP), (village, VILLAGE)):
        res = check(
            index, level, "请把辖区散葬烈士墓周边杂草清理干净，清明前后安排人员做好祭扫服务。"
        )
        shown = [m.item.name for m in res.matches] + [
            c.match.item.name for c in res.review_candidates
        ]
        assert not any("防灭火" in n or "防火" in n for n in shown[:1]), why(res)
    guard = check(township, TOWNSHIP, "清明期间请各乡镇在进山路口设卡，劝阻上山祭扫群众携带火种。")
    assert_reads(guard, "cooperate")
    assert guard.matches[0].item.name == "森林草原防灭火", why(guard)


# Development rows of six files (held-out 18 among them): an application dossier (申报材料, to win
# a title or a listing) read as 报材料 → 填报表格, and so matched 统计工作 by its 常见说法 统计报表报送.
# Sentences written for this test, checked with the editors' 常见说法 as the database has them.
DOSSIERS = [
    "请各乡镇组织本地老字号企业整理申报材料，争创省级“老字号”称号。",
    "请各乡镇帮助辖区农业合作社准备申报材料，争取列入省级示范社名单。",
    "请各乡镇整理本地传统村落的申报材料，争取列入中国传统村落名录。",
]


@pytest.mark.parametrize("text", DOSSIERS)
def test_an_application_dossier_is_no_statistical_return(text):
    res = check(demo_index("township", phrases=True), TOWNSHIP, text)
    shown = [m.item.name for m in res.matches] + [c.match.item.name for c in res.review_candidates]
    assert "统计工作" not in shown[:1], why(res)


# Development rows of twelve files: a village party branch asked to pass on and study a plenum's or
# a meeting's spirit (传达学习…全会精神, 文件精神) and to decide its own affairs in that light
# (研究部署, 研究讨论) was judged 清单外, sent to review or cited 党组织自身建设 — the list says
# 宣传贯彻执行党的路线方针政策和上级党组织决议，讨论决定本村…重要问题. Sentences written for this test.
PARTY_LINE = [
    "请各村党支部召开支委会传达学习县委经济工作会议精神，结合本村情况研究部署明年集体经济发展。",
    "省委全会精神下来了，请各社区党组织组织党员认真学一学，结合社区实际研究讨论下一步打算。",
]


@pytest.mark.parametrize("text", PARTY_LINE)
def test_passing_on_a_plenums_spirit_is_the_party_line_item(village, text):
    res = check(village, VILLAGE, text)
    assert_cites(res, "selfgov", "宣传贯彻党的路线方针政策")


# Development rows of ten files: a 居住情况证明 asked for a person who lacks the papers (无租赁合同和
# 房产证明，请社区出具实际居住证明 — the allowed item's own case, 无其他材料可证明时) went to review
# because the papers lacked named the forbidden 居民财产证明. What the task asks to be certified is
# the allowed item's, and has no word of the other's. Sentences written for this test.
def test_papers_a_person_lacks_are_not_the_certificate_asked_for(village):
    res = check(
        village,
        VILLAGE,
        "新搬来的租户既没有购房合同也没有房产证明，请社区按掌握的实际情况出具居住情况证明，用于办理居住证。",
    )
    assert_cites(res, VERDICT_CERTIFICATE_ALLOWED, "居（租）住情况证明")


@pytest.mark.parametrize(
    "text",
    [
        "请社区给申请人出具居住情况证明，证明其名下有两套房产。",
        "请社区为申请人出具居住证明和房产证明，用于办理居住证。",
    ],
)
def test_a_property_certificate_asked_beside_residence_stays_in_doubt(village, text):
    assert_not_allowed(check(village, VILLAGE, text))


# Development rows of six files: listed township duties said in today's words were judged 清单外
# (联谊交友 with 网络人士 for 统一战线工作; 纳入监测 for 防返贫动态监测; 减税降费, 纳税申报 for 税费
# 宣传). Thesaurus entries from the general wording of these duties; sentences written for this
# test (the second held before, a guard).
TODAYS_WORDS = [
    ("请镇党委梳理辖区网络人士和自由职业者名单，逢年过节走访联络，听取意见建议。", "统一战线工作"),
    (
        "请各乡镇对家中有人大病住院、收入骤减的脱贫户逐户排查，该纳入监测的纳入监测，帮扶措施跟上。",
        "巩固拓展脱贫攻坚成果",
    ),
    (
        "增值税小规模纳税人减免政策延续，请街道配合把税收优惠政策宣传到辖区商户，提醒按期纳税申报。",
        "税费宣传",
    ),
]


@pytest.mark.parametrize(("text", "name"), TODAYS_WORDS)
def test_a_listed_township_duty_in_todays_words(text, name):
    res = check(demo_index("township", phrases=True), TOWNSHIP, text)
    assert res.verdict in ("basic", "cooperate"), why(res)
    assert res.matches[0].item.name == name, why(res)


# Held-out 19 (blind, scored once) and development rows: 帮忙 alone read as 抽调 借调 (请村里帮忙看护
# 界桩 was a secondment) and 门牌 (house numbers) as a 机制牌子. Sentences written for this test; the
# last is a guard (a cadre sent to help at the county is still a secondment).
def test_helping_to_look_after_something_is_no_secondment(village):
    for text in (
        "村口那座老石桥是县级文保单位，请村里平时帮忙照看一下，发现有人破坏及时告诉乡里。",
        "县民政局：请社区帮忙把辖区新更换的门牌号核对一遍，门牌缺损的登记后报街道。",
    ):
        res = check(village, VILLAGE, text)
        assert res.verdict != VERDICT_NEGATIVE, why(res)
    guard = check(
        village,
        VILLAGE,
        "县信访局春节期间人手紧，请各村抽一名村干部到县里帮忙接待来访群众，为期半个月。",
    )
    assert guard.verdict == VERDICT_NEGATIVE, why(guard)
    assert guard.matches[0].item.name.startswith("抽调、借调"), why(guard)


# Held-out 19: a department's work handed to the community from a date on (即日起…由所在社区负责)
# was judged 清单外. The handover is the burden (派交权责事项) whatever the work; a village deciding
# who among its own pays (由村集体负责) is not. Sentences written for this test.
HANDED_OVER_FROM_A_DATE = [
    "县市场监管局：自12月1日起，辖区小餐饮店的日常巡查由所在社区负责，发现问题社区先行处理。",
    "县城管局通知：从下个月起，背街小巷共享单车的清理由各村承担，局里不再安排人员。",
]


@pytest.mark.parametrize("text", HANDED_OVER_FROM_A_DATE)
def test_work_handed_over_from_a_date_is_not_allowed(village, text):
    res = check(village, VILLAGE, text)
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)


def test_the_village_deciding_who_pays_is_its_own_affair(village):
    res = check(
        village,
        VILLAGE,
        "请各村在村民大会上讨论，今后村道路灯的电费由村集体负责，还是由受益农户分摊。",
    )
    assert res.verdict == "selfgov", why(res)


# Development rows of six files: women the village looks after named as people say it (留守妇女,
# 困难妇女, 单亲母亲, 家暴) went to review or to an elderly-care item; the list says 妇女…权益保护
# 和关爱服务 (特殊群体关爱). Sentences written for this test.
@pytest.mark.parametrize(
    "text",
    [
        "请各村摸一摸本村留守妇女的生产生活情况，逢年过节上门看望，有困难的帮助解决。",
        "请社区对辖区单亲妈妈家庭建立联系，遇到家暴求助的及时帮助并报告妇联。",
    ],
)
def test_women_the_village_looks_after_are_its_special_groups(village, text):
    res = check(village, VILLAGE, text)
    assert_cites(res, "selfgov", "特殊群体关爱")


# Development rows of six files: hanging a 光荣牌 (a plaque the assist list itself names) read as
# the 机制牌子 burden cue (挂上, 挂牌) and went to review. A plaque of the negative list beside it,
# or a 光荣之家 service station's sign, keeps the doubt. Sentences written for this test.
def test_hanging_the_listed_honour_plaque_is_the_assist_duty():
    index = demo_index("village", phrases=True)
    res = check(
        index, VILLAGE, "光荣牌到了，请村里协助给今年新退役的军人家里挂上，春节前一起走访慰问。"
    )
    assert_cites(res, "assist", "协助退役军人服务保障")
    for text in (
        "请各村协助给军属家庭挂上光荣牌，同时在村部加挂“双拥工作站”牌子。",
        "请各村在村部悬挂“光荣之家服务站”牌子，统一制作，月底前挂好拍照上报。",
    ):
        assert_not_allowed(check(index, VILLAGE, text))


# Development rows of six files: a form a department made up itself, outside the county's plan
# (自己设计的调查表, 没有经过县里统一部署), is 未经统一部署要求填报表格; one was judged 清单外.
# Sentence written for this test.
def test_a_form_made_up_outside_the_countys_plan_is_the_forms_burden(village):
    res = check(
        village,
        VILLAGE,
        "这张《村级文体设施使用情况表》是我们科室自己设计的，没有经过县里统一部署，请各村周五前填好报送。",
    )
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)
