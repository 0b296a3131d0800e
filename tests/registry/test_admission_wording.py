"""How everyday wording of a task reads against the lists: the thesaurus (registry.thesaurus),
look-alike words (registry.text.plain), the cues (registry.admission_cues) and what a certificate
request names (registry.admission_cues.certified_objects).

Each case comes from a class of error that blind held-out files written independently of each
other share (where it was seen is said beside it); its sentence was written for the test (none is
taken from a file) and failed on the code before the fix. Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.kinds import (
    VERDICT_CERTIFICATE_ALLOWED,
    VERDICT_CERTIFICATE_FORBIDDEN,
    VERDICT_NEGATIVE,
    VERDICT_REVIEW,
)
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import demo_index, why
from tests.registry.test_admission_frames import assert_cites, assert_not_allowed, assert_reads
from tests.registry.test_admission_wording_burdens import CITES as BURDENS_CITES
from tests.registry.test_admission_wording_sources import CERTIFICATES_IN_OTHER_WORDS
from tests.registry.test_admission_wording_sources import CITES as SOURCES_CITES
from tests.registry.test_admission_wording_styles import EVERYDAY as STYLES_EVERYDAY

FORMS = "未经县级党委和政府统一部署，要求村（社区）填报表格、提供材料"
AUDIENCE = "要求村（社区）干部参加与本村（社区）工作无关的会议、活动或组织群众凑数"

# Decided alone as the verdict, citing the item first: (level, task, verdict, item, phrases).
# ``phrases``: the index carries the editors' 关键词 / 常见说法, as the database index does.
CITES = [
    # Eight development files: seasonal diseases as people name them (流感, 诺如, 水痘) went to review.
    pytest.param(
        VILLAGE,
        "近期诺如病毒进入高发期，请社区公共卫生委员会提醒居民注意饮食卫生，发现聚集性呕吐腹泻的及时报告。",
        "assist",
        "协助传染病防控和健康教育",
        False,
        id="seasonal-disease",
    ),
    # Five development files: 禁烧 with 秸秆还田 went to review.
    pytest.param(
        TOWNSHIP,
        "麦收时节，请各乡镇落实禁烧网格巡查，田间地头不准点火，同时联系农机把秸秆还田。",
        "basic",
        "秸秆禁烧和综合利用",
        False,
        id="burning-ban",
    ),
    # Held-out 21: 报送…统计表 (three forms listed with 、) was judged 清单外.
    pytest.param(
        VILLAGE,
        "县市场监管局：请社区后天中午前报送辖区餐饮店、理发店、洗车店三张统计表。",
        VERDICT_NEGATIVE,
        FORMS,
        False,
        id="statistics-sheets",
    ),
    # Held-out 21: the thing certified named before the verb (对…实际居住情况出具证明) was not seen,
    # so the papers the person lacks (房产证) kept the doubt of a property certificate.
    pytest.param(
        VILLAGE,
        "外来务工人员子女入学，家长没有房产证也没签租房合同的，请社区对其实际居住情况出具证明。",
        VERDICT_CERTIFICATE_ALLOWED,
        "居（租）住情况证明",
        False,
        id="certified-before-verb",
    ),
    # Held-out 21 and five development rows: 患病情况证明 went to review on a low likeness.
    pytest.param(
        VILLAGE,
        "居民申请慢性病门诊报销，请村委会给开一张患病情况证明。",
        VERDICT_CERTIFICATE_FORBIDDEN,
        "疾病状况证明",
        False,
        id="illness-certificate",
    ),
    # Held-out 21: 房建工地 and 质量安全监督 went to review on a low likeness.
    pytest.param(
        TOWNSHIP,
        "请镇里每季度对辖区房建工地开展一次质量安全监督检查，检查记录报住建局。",
        "withdrawn",
        "建筑施工安全和工程质量监督",
        False,
        id="building-site-supervision",
    ),
    # Held-out 22 and two development rows: villagers made an audience in uniform (组织…村民统一穿
    # 红色上衣到场) was judged 清单外 or went to review.
    pytest.param(
        VILLAGE,
        "周日上午县里开全民健身节，场面要热闹，请各村组织40名村民统一穿白色运动服，7点半到体育场看台。",
        VERDICT_NEGATIVE,
        AUDIENCE,
        False,
        id="audience-in-uniform",
    ),
    # Held-out 22 and four development rows: 创业担保贷款 is a named programme, not a guarantee
    # the village gives (为企业和个人提供担保).
    pytest.param(
        VILLAGE,
        "请社区把创业担保贷款贴息的新政策发到居民群，引导有需要的居民去人社所咨询。",
        "assist",
        "协助就业失业登记和政策宣传",
        False,
        id="start-up-loan-programme",
    ),
    # Held-out 22 and three development rows: the names a plaque carries ("人民调解工作室" 牌子)
    # brought in the allowed duty they name, and 加挂…牌子 went to review.
    pytest.param(
        VILLAGE,
        "请社区在服务大厅门口挂上“禁毒社工站”“家庭教育指导服务中心”两块牌子，下周一县局来验收。",
        VERDICT_NEGATIVE,
        "要求村（社区）悬挂标识牌目录以外的牌子",
        False,
        id="names-on-a-plaque",
    ),
    # … while a plaque the lists name (光荣之家) is the allowed duty, not a review on 牌子.
    pytest.param(
        VILLAGE,
        "请村里协助给今年新入伍的两户军属挂上“光荣之家”牌子，顺带走访慰问。",
        "assist",
        "协助退役军人服务保障",
        True,
        id="listed-honour-plaque",
    ),
    # Held-out 22: how an allowed certificate is issued (按式样如实出具，加盖公章后交申请人) was read
    # as a second certificate without a basis.
    pytest.param(
        VILLAGE,
        "居民张某夫妇申请收养，需要收养人婚姻状况和抚养教育能力证明。请居委会按我们给的格式如实出具，盖好公章交给本人。",
        VERDICT_CERTIFICATE_ALLOWED,
        "收养人婚姻状况和抚养教育能力证明",
        False,
        id="how-a-certificate-is-issued",
    ),
    # Held-out 24: a safety check of a filling station still reads as the dangerous-goods check
    # (the item's own 常见说法 name the place) now 加油站 alone no longer brings it in.
    pytest.param(
        TOWNSHIP,
        "请街道对辖区加油站、加气站的安全生产情况开展检查。",
        "withdrawn",
        "危险化学品经营单位安全检查",
        True,
        id="filling-station-safety",
    ),
    # Ten development files: wages owed on a building site (在建工地欠薪) went to review because the
    # site (a place) brought in the withdrawn building-site supervision …
    pytest.param(
        TOWNSHIP,
        "快过年了，请镇里把辖区几个在建工地的农民工工资发放情况摸一遍，有讨薪苗头先调处，人多的马上报人社局。",
        "cooperate",
        "欠薪问题治理",
        False,
        id="wages-on-a-building-site",
    ),
    # … while a safety and quality check of the site is still that supervision.
    pytest.param(
        TOWNSHIP,
        "请街道对辖区在建工地开展施工安全和工程质量检查，发现隐患下达整改通知。",
        "withdrawn",
        "建筑施工安全和工程质量监督",
        False,
        id="building-site-safety-check",
    ),
    # Held-out 26–28 and two development rows: visiting the firms (入企走访, 包联规上企业, 企业走访一遍)
    # was judged 清单外 or went to review.
    pytest.param(
        TOWNSHIP,
        "请镇里对辖区规上企业来一轮入企走访，把企业的用工、融资难处列个清单，能协调的先协调。",
        "basic",
        "企业服务和优化营商环境",
        False,
        id="visiting-the-firms",
    ),
    # Held-out 30: today's words of listed duties, 入矫 (社区矫正) and 村晚 (群众性文体活动).
    pytest.param(
        VILLAGE,
        "司法所电话：社区这周新入矫一人，请社区协助做好日常帮教，每月走访一次。",
        "assist",
        "协助社区矫正",
        False,
        id="newly-under-community-correction",
    ),
    pytest.param(
        VILLAGE,
        "今年的“村晚”请村里自己组织排练，县文化馆派老师来指导。",
        "selfgov",
        "群众性文体和爱国卫生活动",
        False,
        id="village-gala",
    ),
    # Held-out 23: 动员居民投保，每个社区不少于50份 was judged 清单外; every village task of the
    # development rows that says 投保 is this item.
    pytest.param(
        VILLAGE,
        "县工会：今年的“家庭综合意外保障”请各村动员村民投保，每村不少于30份，周五报进度。",
        VERDICT_NEGATIVE,
        "要求村（社区）推销商业保险、报刊或为企业和个人提供担保",
        False,
        id="insurance-by-quota",
    ),
    # Five development files: the flood season as the matter itself (入汛) is still flood duty.
    pytest.param(
        TOWNSHIP,
        "入汛前请镇里把辖区山塘和小水库逐一过一遍，危险区群众转移名单落到户。",
        "basic",
        "防汛抗旱",
        False,
        id="flood-season-itself",
    ),
    # Held-out 25 and four development rows: anti-theft publicity is the assist list's 治安防范宣传,
    # not the village's own 群防群治 (the patrols it organises).
    pytest.param(
        VILLAGE,
        "年关小偷多，请村里配合派出所搞一次防盗宣传，在村口和小卖部张贴提示，提醒村民锁好门。",
        "assist",
        "协助维护社会治安",
        False,
        id="anti-theft-publicity",
    ),
    # Held-out 26 and two development rows: the 村务公开栏 where an assist duty's result is posted
    # read as the village's own 村（居）务公开 …
    pytest.param(
        VILLAGE,
        "请村里协助核实今年耕地地力补贴的种植面积，核实结果在村务公开栏公示7天。",
        "assist",
        "协助耕地地力保护补贴面积核实",
        False,
        id="notice-board-is-a-place",
    ),
    # … while publishing the village's own accounts there is still that duty.
    pytest.param(
        VILLAGE,
        "请各村每季度把集体财务收支在村务公开栏公开，接受群众监督。",
        "selfgov",
        "村（居）务公开",
        False,
        id="village-accounts-on-the-board",
    ),
]


@pytest.mark.parametrize(
    ("level", "text", "verdict", "item", "phrases"),
    CITES + STYLES_EVERYDAY + CERTIFICATES_IN_OTHER_WORDS + SOURCES_CITES + BURDENS_CITES,
)
def test_everyday_wording_cites_the_item(level, text, verdict, item, phrases):
    assert_cites(check(demo_index(level, phrases=phrases), level, text), verdict, item)


# Prohibited tasks: never allowed, decided as negative or sent to a reviewer leaning to it.
NEGATIVE_READINGS = [
    # Held-out 22: collecting a company's fees door to door (上门收缴…供暖费) was judged 清单外. 收缴
    # was tried in the thesaurus and left out (it brought township fee tasks to 党费收缴, −8).
    pytest.param(
        "请社区配合自来水公司挨家挨户催缴拖欠的二次供水加压费。", True, id="collecting-fees"
    ),
    # Held-out 22: a guarantee asked of the village is still one (创业担保贷款 aside).
    pytest.param(
        "请村委会为本村养殖大户的银行贷款提供担保，并在担保书上盖章。", False, id="guarantee"
    ),
    # Held-out 22 and three development rows: a department's own 调查表 / 摸底表 went to review.
    pytest.param(
        "局里临时要一份《村级农家书屋使用情况摸底表》，请各村明天中午前填好发回。",
        False,
        id="survey-sheet",
    ),
    # Held-out 20 (two negative-list tasks judged 清单外): work handed over from a date on, named at
    # length before 由所在社区负责 …
    pytest.param(
        "县卫健局：自下季度起，辖区托育机构的日常情况登记、家长投诉的初步核实和每月运营情况的汇总，由所在社区负责。",
        False,
        id="handover-at-length",
    ),
    # … and new work named as such (各村新增“…”工作).
    pytest.param(
        "县商务局：今年起各社区新增“社区团购点备案登记”工作，每月统计一次报局里，作为日常工作长期开展。",
        False,
        id="new-work-named",
    ),
    # Held-out 24: supervision handed over in plain words (…监管交给所在村负责).
    pytest.param(
        "县水利局：今年起小型水库的日常巡查和闸门启闭监管交给所在村负责，局里不再安排专人。",
        False,
        id="plain-handover",
    ),
    # Held-out 25: villagers sent to fill a county show's seats were judged the village's own
    # 群众性文体活动 — a prohibited task judged allowed.
    pytest.param(
        "周日县里的广场舞大赛观众太少，请各村组织25名村民到场助威，穿统一服装。",
        False,
        id="filling-seats",
    ),
    # Held-out 26 and two development rows: the department saying it stops doing the work
    # (人社局不再设发放窗口, 局里不再单独派人) marks a handover of its own duty.
    pytest.param(
        "今年起农业保险理赔款的告知单由各村挨家挨户送达，保险公司和农业农村局不再设点发放。",
        False,
        id="department-stops-the-work",
    ),
    # Held-out 31 (a prohibited task judged allowed) and four development rows: work judged by its
    # paperwork (以台账为准，台账不全一律扣分) read as the allowed duty whose records it names
    # (“四议两公开”, 民主决策).
    pytest.param(
        "考核按台账打分：社区今年开展的“四议两公开”会议记录、照片汇编成册，台账越全分越高。",
        True,
        id="judged-by-paperwork",
    ),
    # Held-out 32: a sales quota by its number (每个社区完成…保险200份) was judged 清单外.
    pytest.param(
        "每个社区完成“家庭意外综合保险”120份，完成情况纳入年终考评。", False, id="sales-quota"
    ),
    # A plaque hung at a charging station is still a plaque (a vehicle's missing plate is not).
    pytest.param(
        "请各村在电动车充电站挂牌，标明管理责任人。", False, id="plaque-at-a-charging-station"
    ),
    # Clocking in is still clocking in, also at a 打卡点 on a patrol route.
    pytest.param("请各村干部每天到河道巡查打卡点打卡签到，截图发到群里。", False, id="clocking-in"),
    # Blind files 37–52 (other styles; test_admission_wording_speech has their other classes).
    # Held-out 37 and 38, each a prohibited task judged allowed (协助…补贴申请): a department's
    # own review handed over from a date on, in plain words (交给社区负责) or from a year
    # (今年起由各村负责).
    pytest.param(
        "从下个月起，残疾人两项补贴的材料审核交给社区负责，审核完再报残联。",
        False,
        id="handed-over-from-next-month",
    ),
    pytest.param(
        "今年起高龄津贴的资格审核由各村负责，审完直接报民政局。", False, id="handed-over-this-year"
    ),
    # Held-out 40: 挪到社区办 and 县里也没发文部署 (the county named before its silence).
    pytest.param(
        "社保卡补办的受理审核都挪到社区办，县里也没发文部署。", False, id="moved-without-a-notice"
    ),
    # Held-out 38: 签约腾退 (clearing residents for a redevelopment) was judged 清单外.
    pytest.param(
        "请社区配合做好老旧片区剩余住户的签约腾退，月底前完成。", False, id="relocation-clearance"
    ),
    # Held-out 52 (a prohibited task judged allowed): insurance sold by a product's name and
    # the short 险 (惠林保, 商业补充医疗险), its quota counted in people.
    pytest.param(
        "医保局：各村动员村民购买“惠乡保”商业补充医疗险，每村不少于100人。", False, id="insurance"
    ),
    # Held-out 51 (a prohibited task judged allowed): a station set up, its crew and equipment
    # left to the village (器材村里自己解决，大队不出钱).
    pytest.param(
        "应急局说要在村里建应急救援点，6名队员和器材村里自己解决，局里不出钱。",
        False,
        id="station-without-money",
    ),
    # Held-out 51, 52: costs advanced by the collective (先由村集体垫上), staff borrowed (借2个
    # 网格员), work handed to a named community to do first with no county paper (交给…社区
    # 先做，县里没发过文).
    pytest.param(
        "路灯电费先由村集体垫上，县里的钱啥时候到不好说。", False, id="advanced-by-the-collective"
    ),
    pytest.param("城管局要借松涛社区3个网格员用半年。", False, id="staff-borrowed"),
    pytest.param(
        "以后小作坊的登记核查交给站前社区先做，局里只做审核，县里没发过文。",
        False,
        id="handed-over-to-do-first",
    ),
]


@pytest.mark.parametrize(("text", "phrases"), NEGATIVE_READINGS)
def test_prohibited_wording_is_never_allowed(text, phrases):
    res = check(demo_index(VILLAGE, phrases=phrases), VILLAGE, text)
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)


@pytest.mark.parametrize(
    "text",
    [
        # Held-out 24: enforcement by its everyday acts (暂扣物品, 开罚单) was judged 清单外.
        pytest.param(
            "请社区对辖区乱停乱放的共享单车直接暂扣，拒不配合的开具罚单。", id="impounding"
        ),
        # Held-out 32: staff drawn off in so many words (从社区抽2名网格员到县专班) was judged 清单外.
        pytest.param(
            "县委办：从红松社区抽3名网格员到县里的专班帮忙两个月，工资还由社区发。",
            id="drawn-off-staff",
        ),
    ],
)
def test_everyday_burdens_go_at_least_to_a_reviewer(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert_not_allowed(res)
    assert res.verdict in (VERDICT_NEGATIVE, VERDICT_REVIEW), why(res)


# Look-alike words: the task is not read as the duty they resemble, nor flagged for it.
# (level, task, verdict it must not get, word no flag may rest on)
NOT_READ_AS = [
    # Held-out 21: a sight's 打卡点 read as 打卡签到 (指尖上的形式主义).
    pytest.param(
        VILLAGE,
        "县文旅局：请各村挑一处风景好的老宅，打造成网红打卡点，立好指示牌。",
        VERDICT_NEGATIVE,
        "打卡",
        id="photo-spot",
    ),
    # Held-out 22: an old building's 旧匾额 (a relic to be stored) read as a mechanism's plaque.
    pytest.param(
        VILLAGE,
        "祠堂修缮要先把门楣上的老匾额取下来，请村里找个干燥的屋子保管好。",
        VERDICT_NEGATIVE,
        "匾",
        id="old-plaque",
    ),
    # Held-out 24 and two development rows: the metrology of a filling station's pumps read as
    # the withdrawn dangerous-goods check (加油站 brought in 危险化学品).
    pytest.param(
        TOWNSHIP,
        "请街道组织对辖区加油站加油机、出租车计价器开展周期检定，检定不合格的停止使用。",
        "withdrawn",
        "",
        id="pump-metrology",
    ),
    # Held-out 32: a vehicle's plate (没挂牌的拖拉机, 集中上牌) read as a plaque of a mechanism.
    pytest.param(
        VILLAGE,
        "请村里通知没挂牌的电动三轮车车主，周六到乡里集中免费上牌。",
        VERDICT_NEGATIVE,
        "挂牌",
        id="vehicle-plate",
    ),
    # Held-out 11 and 34: an old tree tagged for protection (古树挂牌保护) read as a plaque.
    pytest.param(
        VILLAGE,
        "村口那棵两百年的老榆树已挂牌保护，请村里留意有没有人剥树皮、折树枝。",
        VERDICT_NEGATIVE,
        "挂牌",
        id="tree-tagged-for-protection",
    ),
    # Five development files: 汛期 as the time of a patrol read as 防汛抗旱.
    pytest.param(
        TOWNSHIP,
        "请镇里对辖区古民居和石刻等文物点加强看护巡查，汛期每半月一次，发现盗掘及时报文广旅局。",
        "basic",
        "",
        id="flood-season-as-a-time",
    ),
]


@pytest.mark.parametrize(("level", "text", "verdict", "word"), NOT_READ_AS)
def test_look_alike_words_are_not_the_duty(level, text, verdict, word):
    res = check(demo_index(level), level, text)
    assert res.verdict != verdict, why(res)
    assert not (word and [f for f in res.flags if word in f.evidence]), why(res)


def test_look_alike_words_are_blanked_in_place():
    from registry.text import normalize, plain

    assert plain(normalize("乡村旅游打卡点")) == "乡村旅游  点"
    assert plain(normalize("县综合执法局")) == "县综合  局"
    assert plain(normalize("每天打卡签到")) == "每天打卡签到"


def test_first_visits_and_a_person_to_watch_public_opinion_read_as_basic_duties():
    township = demo_index(TOWNSHIP)
    # Five development files: 初访/首次来访 (信访工作) went to review.
    visits = check(
        township, TOWNSHIP, "请各乡镇对首次来访的群众当场登记、按期答复，初访问题要在乡里化解。"
    )
    assert_reads(visits, "basic")
    # Held-out 18 and 20: 安排专人 brought in 专人专岗 (a village burden's words), which weighed
    # down the 舆情 reading of a township task until it read 清单外.
    opinion = check(
        township,
        TOWNSHIP,
        "请镇里安排专人盯住网上那条说征地补偿不公的帖子，及时回应引导，情况今晚报县委网信办。",
    )
    assert_reads(opinion, "basic")
