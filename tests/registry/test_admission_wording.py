"""How everyday wording of a task reads against the lists: the thesaurus (registry.thesaurus),
look-alike words (registry.text.plain) and what a certificate request names
(registry.admission_cues.certified_objects).

Each test comes from a class of error that blind held-out files written independently of each
other share; its sentences were written for the test (none is taken from a file) and failed on
the code before the fix. Pure: no database.
"""

from __future__ import annotations

from registry.kinds import (
    VERDICT_CERTIFICATE_ALLOWED,
    VERDICT_CERTIFICATE_FORBIDDEN,
    VERDICT_NEGATIVE,
    VERDICT_REVIEW,
)
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import demo_index, demo_index_fixture, why
from tests.registry.test_admission_frames import assert_cites, assert_not_allowed, assert_reads

township = demo_index_fixture("township")
village = demo_index_fixture("village")


# Development rows of eight files: seasonal diseases named as people name them (流感, 诺如, 水痘)
# went to review; the lists say 传染病防控. Sentence written for this test.
def test_a_seasonal_disease_by_its_name_is_infectious_disease_control(village):
    res = check(
        village,
        VILLAGE,
        "近期诺如病毒进入高发期，请社区公共卫生委员会提醒居民注意饮食卫生，发现聚集性呕吐腹泻的及时报告。",
    )
    assert_cites(res, "assist", "协助传染病防控和健康教育")


# Development rows of five files: 禁烧 with 秸秆还田 (秸秆禁烧和综合利用) and 初访/首次来访 (信访工作)
# went to review. Sentences written for this test.
def test_burning_bans_and_first_visits_by_their_everyday_names(township):
    burn = check(
        township,
        TOWNSHIP,
        "麦收时节，请各乡镇落实禁烧网格巡查，田间地头不准点火，同时联系农机把秸秆还田。",
    )
    assert_cites(burn, "basic", "秸秆禁烧和综合利用")
    visits = check(
        township, TOWNSHIP, "请各乡镇对首次来访的群众当场登记、按期答复，初访问题要在乡里化解。"
    )
    assert_reads(visits, "basic")


def test_a_person_to_watch_public_opinion_is_no_post_of_the_negative_list(township):
    # Held-out 18 and 20: 安排专人 brought in 专人专岗 工作机制 (a village burden's words), which
    # weighed down the 舆情 reading of a township task until it read 清单外. Sentence written anew.
    res = check(
        township,
        TOWNSHIP,
        "请镇里安排专人盯住网上那条说征地补偿不公的帖子，及时回应引导，情况今晚报县委网信办。",
    )
    assert_reads(res, "basic")


# Held-out 21: a sight's 打卡点 (where visitors take photos) read as 打卡签到, the negative list's
# 指尖上的形式主义, and the task was judged prohibited. Sentences written for this test.
def test_a_sights_photo_spot_is_no_clocking_in(village):
    res = check(
        village, VILLAGE, "县文旅局：请各村挑一处风景好的老宅，打造成网红打卡点，立好指示牌。"
    )
    assert res.verdict != VERDICT_NEGATIVE, why(res)
    assert not [f for f in res.flags if "打卡" in f.evidence], why(res)
    # Clocking in is still clocking in, also at a 打卡点 on a patrol route.
    clocking = check(village, VILLAGE, "请各村干部每天到河道巡查打卡点打卡签到，截图发到群里。")
    assert_reads(clocking, VERDICT_NEGATIVE)


def test_look_alike_words_are_blanked_in_place():
    from registry.text import normalize, plain

    assert plain(normalize("乡村旅游打卡点")) == "乡村旅游  点"
    assert plain(normalize("县综合执法局")) == "县综合  局"
    assert plain(normalize("每天打卡签到")) == "每天打卡签到"


# Held-out 21: 报送…统计表 (three forms listed with 、) was not read as filling in forms, and the
# task was judged 清单外. Sentence written for this test.
def test_reporting_statistics_sheets_is_the_forms_burden(village):
    res = check(
        village,
        VILLAGE,
        "县市场监管局：请社区后天中午前报送辖区餐饮店、理发店、洗车店三张统计表。",
    )
    assert_cites(
        res, VERDICT_NEGATIVE, "未经县级党委和政府统一部署，要求村（社区）填报表格、提供材料"
    )


# Held-out 21: the thing to be certified named before the verb (对…实际居住情况出具证明) was not
# seen, so the papers the person lacks (房产证) kept the doubt of a property certificate.
def test_the_thing_certified_may_stand_before_the_verb(village):
    res = check(
        village,
        VILLAGE,
        "外来务工人员子女入学，家长没有房产证也没签租房合同的，请社区对其实际居住情况出具证明。",
    )
    assert_cites(res, VERDICT_CERTIFICATE_ALLOWED, "居（租）住情况证明")


# Held-out 21 and five development rows: 患病情况证明 is the 疾病状况证明 the village must not
# issue, and went to review on a low likeness. Sentence written for this test.
def test_a_certificate_of_illness_by_its_everyday_name(village):
    res = check(village, VILLAGE, "居民申请慢性病门诊报销，请村委会给开一张患病情况证明。")
    assert_cites(res, VERDICT_CERTIFICATE_FORBIDDEN, "疾病状况证明")
    assert_not_allowed(res)


# Held-out 21: 房建工地 and 质量安全监督 are building-site supervision, withdrawn from townships;
# the task went to review on a low likeness. Sentence written for this test.
def test_building_site_quality_supervision_by_its_everyday_name(township):
    res = check(
        township, TOWNSHIP, "请镇里每季度对辖区房建工地开展一次质量安全监督检查，检查记录报住建局。"
    )
    assert_cites(res, "withdrawn", "建筑施工安全和工程质量监督")


# Held-out 22 and two development rows: villagers made an audience in uniform (组织…村民统一穿
# 红色上衣到场) is 组织群众凑数; the task was judged 清单外 or went to review. Sentence written anew.
def test_villagers_in_uniform_as_an_audience_is_making_up_numbers(village):
    res = check(
        village,
        VILLAGE,
        "周日上午县里开全民健身节，场面要热闹，请各村组织40名村民统一穿白色运动服，7点半到体育场看台。",
    )
    assert_cites(
        res,
        VERDICT_NEGATIVE,
        "要求村（社区）干部参加与本村（社区）工作无关的会议、活动或组织群众凑数",
    )


# Held-out 22: collecting a company's fees door to door (上门收缴…供暖费) was judged 清单外; it is
# at least a question of 代收代缴 for a reviewer. 收缴 was tried in the thesaurus and left out (it
# brought township fee tasks to 党费收缴, −8). Sentence written anew.
def test_collecting_a_companys_fees_is_no_unlisted_duty():
    res = check(
        demo_index("village", phrases=True),
        VILLAGE,
        "请社区配合自来水公司挨家挨户催缴拖欠的二次供水加压费。",
    )
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)


# Held-out 22 and four development rows: 创业担保贷款 is a named employment programme, not a
# guarantee the village gives (为企业和个人提供担保); the tasks went to review. Sentence written anew.
def test_the_business_start_up_loan_programme_is_no_guarantee(village):
    res = check(
        village,
        VILLAGE,
        "请社区把创业担保贷款贴息的新政策发到居民群，引导有需要的居民去人社所咨询。",
    )
    assert_cites(res, "assist", "协助就业失业登记和政策宣传")
    # A guarantee asked of the village is still one.
    asked = check(village, VILLAGE, "请村委会为本村养殖大户的银行贷款提供担保，并在担保书上盖章。")
    assert_not_allowed(asked)
    assert_reads(asked, VERDICT_NEGATIVE)


# Held-out 22: an old building's 旧匾额 (a relic to be stored) read as a plaque of a mechanism.
def test_an_old_buildings_plaque_is_no_mechanism_plaque(village):
    res = check(
        village, VILLAGE, "祠堂修缮要先把门楣上的老匾额取下来，请村里找个干燥的屋子保管好。"
    )
    assert res.verdict != VERDICT_NEGATIVE, why(res)
    assert not [f for f in res.flags if "匾" in f.evidence], why(res)


# Held-out 22 and three development rows: the names a plaque carries ("人民调解工作室" 牌子) brought
# in the allowed duty they name, and a plain 加挂…牌子 went to review. A plaque the lists name
# (光荣之家) stays the allowed duty. Sentences written anew.
def test_the_names_on_a_plaque_are_not_the_duty(village):
    res = check(
        village,
        VILLAGE,
        "请社区在服务大厅门口挂上“禁毒社工站”“家庭教育指导服务中心”两块牌子，下周一县局来验收。",
    )
    assert_cites(res, VERDICT_NEGATIVE, "要求村（社区）悬挂标识牌目录以外的牌子")
    honour = check(
        demo_index("village", phrases=True),
        VILLAGE,
        "请村里协助给今年新入伍的两户军属挂上“光荣之家”牌子，顺带走访慰问。",
    )
    assert_cites(honour, "assist", "协助退役军人服务保障")


# Held-out 22: the sentence that says how an allowed certificate is issued (请社区按我处提供的式样
# 如实出具，加盖公章后交申请人) was read as a certificate of its own, without a basis.
def test_how_an_allowed_certificate_is_issued_is_no_second_certificate(village):
    res = check(
        village,
        VILLAGE,
        "居民张某夫妇申请收养，需要收养人婚姻状况和抚养教育能力证明。请居委会按我们给的格式如实出具，盖好公章交给本人。",
    )
    assert_cites(res, VERDICT_CERTIFICATE_ALLOWED, "收养人婚姻状况和抚养教育能力证明")


# Held-out 22 and three development rows: a department's own 调查表 / 摸底表 to fill in is the forms
# burden; the tasks went to review. Sentence written anew.
def test_a_departments_own_survey_sheet_is_the_forms_burden(village):
    res = check(
        village, VILLAGE, "局里临时要一份《村级农家书屋使用情况摸底表》，请各村明天中午前填好发回。"
    )
    assert_not_allowed(res)
    assert res.verdict == VERDICT_NEGATIVE, why(res)


# Held-out 20 (two negative-list tasks judged 清单外): a department's work handed over from a date
# on, the work named at length before 统一交由各社区; new work named as such (各村新增“…”工作).
# Sentences written anew.
def test_work_handed_over_at_length_and_new_work_named_are_not_unlisted(village):
    handed = check(
        village,
        VILLAGE,
        "县卫健局：自下季度起，辖区托育机构的日常情况登记、家长投诉的初步核实和每月运营情况的汇总，由所在社区负责。",
    )
    assert_not_allowed(handed)
    assert_reads(handed, VERDICT_NEGATIVE)
    new_work = check(
        village,
        VILLAGE,
        "县商务局：今年起各社区新增“社区团购点备案登记”工作，每月统计一次报局里，作为日常工作长期开展。",
    )
    assert_not_allowed(new_work)
    assert_reads(new_work, VERDICT_NEGATIVE)


# Held-out 24 (two negative-list tasks judged 清单外): a department's supervision handed to the
# village in plain words (…监管交给各村负责, no 工作/职责 before it) and enforcement by its everyday
# acts (暂扣物品, 开罚单). Sentences written anew: each at least goes to a reviewer now.
def test_plain_handovers_and_everyday_enforcement_are_not_unlisted(village):
    handed = check(
        village,
        VILLAGE,
        "县水利局：今年起小型水库的日常巡查和闸门启闭监管交给所在村负责，局里不再安排专人。",
    )
    assert_not_allowed(handed)
    assert_reads(handed, VERDICT_NEGATIVE)
    enforce = check(
        village, VILLAGE, "请社区对辖区乱停乱放的共享单车直接暂扣，拒不配合的开具罚单。"
    )
    assert_not_allowed(enforce)
    assert enforce.verdict in (VERDICT_NEGATIVE, VERDICT_REVIEW), why(enforce)


# Held-out 24 and two development rows: 加油站 (a place) brought in 危险化学品, and the metrology of
# its pumps (计量检定) was judged the withdrawn dangerous-goods check. A safety check of a filling
# station is still read against it (the item's own 常见说法 name the place). Sentence written anew.
def test_a_filling_station_is_a_place_not_a_dangerous_goods_check(township):
    res = check(
        township,
        TOWNSHIP,
        "请街道组织对辖区加油站加油机、出租车计价器开展周期检定，检定不合格的停止使用。",
    )
    assert res.verdict != "withdrawn", why(res)
    safety = check(
        demo_index("township", phrases=True),
        TOWNSHIP,
        "请街道对辖区加油站、加气站的安全生产情况开展检查。",
    )
    assert_cites(safety, "withdrawn", "危险化学品经营单位安全检查")


# Held-out 23: insurance sold through the village by its everyday verb (动员居民投保，每个社区不少于
# 50份) was judged 清单外; every village task of the development rows that says 投保 is the negative
# list's 推销商业保险. Sentence written anew.
def test_insurance_taken_out_by_quota_is_selling_insurance(village):
    res = check(
        village,
        VILLAGE,
        "县工会：今年的“家庭综合意外保障”请各村动员村民投保，每村不少于30份，周五报进度。",
    )
    assert_cites(res, VERDICT_NEGATIVE, "要求村（社区）推销商业保险、报刊或为企业和个人提供担保")


# Development rows of five files: 汛期 named when a patrol is done (汛期每周一次) read as 防汛抗旱;
# the flood season as the matter itself (入汛, 主汛期, 汛情) still is. Sentences written anew.
def test_the_flood_season_as_a_time_is_no_flood_duty(township):
    res = check(
        township,
        TOWNSHIP,
        "请镇里对辖区古民居和石刻等文物点加强看护巡查，汛期每半月一次，发现盗掘及时报文广旅局。",
    )
    assert res.verdict != "basic", why(res)
    flood = check(
        township, TOWNSHIP, "入汛前请镇里把辖区山塘和小水库逐一过一遍，危险区群众转移名单落到户。"
    )
    assert_cites(flood, "basic", "防汛抗旱")


# Held-out 25: villagers sent to fill a county show's seats (观众不够，组织30名居民到场，穿统一服装)
# were judged the village's own 群众性文体活动 — a prohibited task judged allowed. Every village task
# of the development rows that organises a number of villagers to an event is 组织群众凑数.
# Sentence written anew.
def test_villagers_sent_to_fill_seats_are_never_the_villages_own_activity(village):
    res = check(
        village,
        VILLAGE,
        "周日县里的广场舞大赛观众太少，请各村组织25名村民到场助威，穿统一服装。",
    )
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)


# Held-out 26 (a negative-list task judged 清单外) and two development rows: the department saying
# it stops doing the work the village is given (人社局不再设发放窗口, 局里不再单独派人) marks a
# handover of its own duty. Sentence written anew.
def test_a_department_that_stops_doing_the_work_hands_it_over(village):
    res = check(
        village,
        VILLAGE,
        "今年起农业保险理赔款的告知单由各村挨家挨户送达，保险公司和农业农村局不再设点发放。",
    )
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)


# Held-out 25 and four development rows: anti-theft publicity (防盗宣传, 入室盗窃) is the assist
# list's 治安防范宣传, not the village's own 群防群治 (patrols it organises). Sentence written anew.
def test_anti_theft_publicity_is_assisting_public_order(village):
    res = check(
        village,
        VILLAGE,
        "年关小偷多，请村里配合派出所搞一次防盗宣传，在村口和小卖部张贴提示，提醒村民锁好门。",
    )
    assert_cites(res, "assist", "协助维护社会治安")


# Held-out 26 and two development rows: the 村务公开栏 where an assist duty's result is posted
# (核实结果在村务公开栏公示) read as the village's own 村（居）务公开; the board is a place. Publishing
# the village's own accounts there is still that duty. Sentences written anew.
def test_the_village_notice_board_is_a_place_not_the_openness_duty(village):
    res = check(
        village,
        VILLAGE,
        "请村里协助核实今年耕地地力补贴的种植面积，核实结果在村务公开栏公示7天。",
    )
    assert_cites(res, "assist", "协助耕地地力保护补贴面积核实")
    own = check(village, VILLAGE, "请各村每季度把集体财务收支在村务公开栏公开，接受群众监督。")
    assert_cites(own, "selfgov", "村（居）务公开")
