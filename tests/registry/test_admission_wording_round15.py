"""Round fifteen: the wording of seven more blind files (84–90), classes shared by several.

- A village asked to publicise a policy no list names (公积金缴存政策, 学前教育资助政策) shared only
  政策 / 政策宣传 with 协助就业失业登记和政策宣传 and went to a reviewer; 政策 says nothing of the
  topic (an action word now, like 宣传), so the task is 清单外. Publicising a listed policy
  (就业创业政策, 医保缴费) still cites its item.
- Today's words for listed duties: 一窗通办 / 综窗 (便民服务中心), "X好人" (身边好人推荐评选), 缓刑 /
  假释 (社区矫正), 卫星火点 (秸秆禁烧), 发帖 / 回应口径 (网络舆情), 砍树办证 (林木采伐许可证核发, taken back: never allowed).
- A department's own supervision or assessment handed to the township (商品房预售资金监管, an
  organisation's 年检 / 年度检查, 长护险's 失能评估, 医保结算审核) is 清单外.
- Publicising a price (水价收费标准, 按方收费) is no fee the village collects.

Every sentence is written for the test; each case failed on the code before the fix. Pure: no
database.
"""

from __future__ import annotations

import pytest

from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import assert_never_allowed, demo_index, why

# Today's words met in blind files 91–97 (the second set), checked by the same test.
MORE_TODAYS_WORDS = [
    pytest.param(
        VILLAGE,
        "请柳河村党支部组织党员学习今年中央一号文件，研究村里产业怎么发展。",
        "selfgov",
        "路线方针政策",
        id="一号文件",
    ),
    pytest.param(
        VILLAGE,
        "请东岗村把上半年的账目张榜上墙，接受村民监督。",
        "selfgov",
        "务公开",
        id="张榜上墙",
    ),
    pytest.param(
        TOWNSHIP,
        "县长信箱转来2件群众初次来信，请林源镇落实首办责任按时答复。",
        "basic",
        "信访",
        id="初次来信",
    ),
    pytest.param(
        TOWNSHIP,
        "麦收期间请白桦乡盯紧地头，严防烧秸秆，做到不冒一处烟。",
        "basic",
        "秸秆",
        id="烧秸秆",
    ),
    pytest.param(
        TOWNSHIP,
        "后山有人私挖矿石，请镇里加强巡查，发现了及时报告自然资源局。",
        "cooperate",
        "矿产",
        id="私挖矿",
    ),
    pytest.param(
        TOWNSHIP,
        "明天有暴雨预警，请林源镇把沿河低洼处的住户提前转移到安置点。",
        "basic",
        "防汛",
        id="沿河低洼",
    ),
    pytest.param(
        TOWNSHIP,
        "请白桦乡便民大厅推进窗口整合，群众办事只跑一个窗。",
        "basic",
        "便民服务中心",
        id="窗口整合",
    ),
    pytest.param(
        VILLAGE,
        "城乡居民医保缴费开始了，请村里用大喇叭提醒村民按时缴费，不代收现金。",
        "assist",
        "医疗保险",
        id="不代收",
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请村里协助宣传住房公积金灵活就业人员缴存政策。", id="公积金"),
        pytest.param("请各村协助宣传学前教育资助政策，困难家庭可向幼儿园申请。", id="学前资助"),
        pytest.param("请村里在村部门口摆放家电以旧换新政策宣传展板。", id="以旧换新"),
    ],
)
def test_publicising_a_policy_no_list_names_is_unlisted(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert res.verdict == "unlisted", why(res)


@pytest.mark.parametrize(
    ("text", "item"),
    [
        pytest.param("请各村协助宣传就业创业政策，登记就业困难人员信息。", "就业", id="就业创业"),
        pytest.param("请各村宣传城乡居民医保缴费政策，提醒群众按时缴费。", "医疗保险", id="医保"),
    ],
)
def test_publicising_a_listed_policy_still_cites_its_item(text, item):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert res.verdict == "assist", why(res)
    assert item in res.matches[0].item.name, why(res)


@pytest.mark.parametrize(
    ("level", "text", "verdict", "item"),
    [
        pytest.param(
            TOWNSHIP,
            "下月起镇便民大厅推行一窗通办，各业务窗口合并设置。",
            "basic",
            "便民服务中心",
            id="一窗通办",
        ),
        pytest.param(
            TOWNSHIP,
            "请白桦乡年底前推行综窗改革，高频事项进驻统一窗口。",
            "basic",
            "便民服务中心",
            id="综窗",
        ),
        pytest.param(
            TOWNSHIP,
            "“白桦好人”推选开始了，请乡里推荐2名人选报宣传部。",
            "basic",
            "精神文明",
            id="好人",
        ),
        pytest.param(
            VILLAGE,
            "司法所说村里新来一名缓刑人员，请村里帮着盯着点多教育。",
            "assist",
            "社区矫正",
            id="缓刑",
        ),
        pytest.param(
            TOWNSHIP,
            "秋收期间请林源镇盯紧地块，确保卫星火点零发生。",
            "basic",
            "秸秆",
            id="卫星火点",
        ),
        pytest.param(
            TOWNSHIP,
            "网上有人发帖骂街道办事拖拉，请街道两小时内拿出回应口径。",
            "basic",
            "意识形态",
            id="发帖",
        ),
    ]
    + MORE_TODAYS_WORDS,
)
def test_todays_words_for_a_listed_duty(level, text, verdict, item):
    res = check(demo_index(level), level, text)
    assert res.verdict == verdict, why(res)
    assert item in res.matches[0].item.name, why(res)


def test_a_tree_felling_permit_handed_back_to_the_township_is_withdrawn():
    res = check(
        demo_index(TOWNSHIP), TOWNSHIP, "林草局说砍树办证还是让乡里先受理审核，签了字报上来。"
    )
    assert_never_allowed(res)
    assert res.verdict in ("withdrawn", "review"), why(res)
    cited = res.matches or tuple(c.match for c in res.review_candidates)
    assert "林木采伐" in cited[0].item.name, why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请街道对辖区商品房预售资金的使用进行监管审核。", id="预售资金"),
        pytest.param("残联让镇里对辖区残疾人托养机构搞年检，出年检结论。", id="年检结论"),
        pytest.param("请白桦乡上门给长护险申请人做失能评估，结果报医保局。", id="失能评估"),
        pytest.param("请各乡镇对辖区村卫生室的医保费用结算单据开展审核。", id="结算审核"),
    ],
)
def test_a_departments_own_supervision_handed_to_the_township_is_unlisted(text):
    res = check(demo_index(TOWNSHIP), TOWNSHIP, text)
    assert res.verdict in ("unlisted", "review"), why(res)
    if res.verdict == "review":  # the item's name is half in the task: a reviewer, told why
        assert res.suggested_verdict == "unlisted", why(res)
        assert any("部门自身的职责" in r for r in res.review_reasons), why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请各乡镇宣传长护险政策，提醒失能老人家属了解待遇。", id="宣传长护险"),
        pytest.param("请各乡镇督促辖区企业按时参加年检。", id="督促年检"),
    ],
)
def test_publicising_or_reminding_is_no_devolved_act(text):
    res = check(demo_index(TOWNSHIP), TOWNSHIP, text)
    assert not any("部门自身的职责" in r for r in res.review_reasons), why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请各村协助宣传农业水价改革，讲清计量收费办法。", id="计量收费"),
        pytest.param("新水价下月执行，请村里帮着宣传一下收费标准。", id="收费标准"),
    ],
)
def test_publicising_a_price_is_no_fee_the_village_collects(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert res.verdict != "negative", why(res)
    assert not res.matches or "代收" not in res.matches[0].item.name, why(res)


def test_collecting_the_fee_still_is_one():
    res = check(
        demo_index(VILLAGE), VILLAGE, "请各村把今年的灌溉水费收齐，按方收费，月底交水利站。"
    )
    assert_never_allowed(res)
    assert res.verdict in ("negative", "review"), why(res)


# --- The second set (after blind files 91–97): burdens in plain words, today's words, paperwork.


@pytest.mark.parametrize(
    ("text", "item"),
    [
        pytest.param(
            "宣传部让社区今年订二十份《林源视点》周刊，钱社区自己出。", "报刊", id="订周刊"
        ),
        pytest.param(
            "市场监管所让村里去查小卖部的过期食品，有问题由村里下整改单。", "", id="下整改单"
        ),
        pytest.param(
            "网信办在群里甩了张表，让每个社区明天前报志愿者名单和身份证号。",
            "填报表格",
            id="甩表",
        ),
        pytest.param("自然资源局人手紧，让村文书去局里帮忙两个月。", "抽调", id="去局里帮忙"),
        pytest.param(
            "请松涛社区周五前报送近三年平安建设工作总结和佐证材料。", "填报表格", id="近三年总结"
        ),
    ],
)
def test_a_burden_in_plain_words_is_negative(text, item):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert res.verdict == "negative", why(res)
    assert item in res.matches[0].item.name, why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("即日起居民养犬登记由红松社区直接受理，公安局不再另设窗口。", id="不再另设"),
        pytest.param("县里新派的垃圾分类督导活交给社区，准入审批没报就先干着。", id="准入没报"),
    ],
)
def test_work_handed_down_without_admission_is_never_allowed(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert_never_allowed(res)
    assert "negative" in (res.verdict, res.suggested_verdict), why(res)


def test_a_pupil_talked_back_to_school_is_the_cooperation_item():
    res = check(
        demo_index(TOWNSHIP),
        TOWNSHIP,
        "开学两周了白桦乡还有1名初一学生没返校，请乡里配合学校劝回课堂。",
    )
    assert "cooperate" in (res.verdict, res.suggested_verdict), why(res)
    cited = res.matches or tuple(c.match for c in res.review_candidates)
    assert "控辍保学" in cited[0].item.name, why(res)


@pytest.mark.parametrize(
    ("level", "text", "verdict", "item"),
    [
        pytest.param(
            VILLAGE,
            "人社局说新招的协管员要政审，让村里出个没犯过罪的证明。",
            "certificate_forbidden",
            "无犯罪记录",
            id="没犯过罪",
        ),
        pytest.param(
            TOWNSHIP,
            "有群众举报柳河村有个土郎中给人扎针，请乡里去查处取缔。",
            "withdrawn",
            "非法行医",
            id="土郎中",
        ),
    ],
)
def test_a_prohibited_task_in_everyday_words_is_never_allowed(level, text, verdict, item):
    res = check(demo_index(level), level, text)
    assert_never_allowed(res)
    assert res.verdict == verdict, why(res)
    assert item in res.matches[0].item.name, why(res)


def test_a_metrological_verification_handed_down_is_unlisted():
    res = check(
        demo_index(TOWNSHIP), TOWNSHIP, "市场监管局让街道给加油机、菜市场电子秤做强制检定。"
    )
    assert res.verdict == "unlisted", why(res)


def test_documents_collected_for_the_police_are_no_fee():
    res = check(
        demo_index(VILLAGE), VILLAGE, "请社区为辖区流动人口代收居住证办理材料，统一送派出所。"
    )
    assert res.verdict != "negative" or "代收" not in res.matches[0].item.name, why(res)


# --- The third set (a review of the diff by a helper, and blind files 98–104): narrower cues.


@pytest.mark.parametrize(
    ("level", "text"),
    [
        pytest.param(VILLAGE, "利用身边典型案例开展反诈宣传", id="典型案例-宣传"),
        pytest.param(VILLAGE, "协助入户调查低保申请家庭近三年收入明细", id="近三年-调查"),
        pytest.param(VILLAGE, "调解人员自己出面化解邻里纠纷", id="自己出面"),
        pytest.param(VILLAGE, "宣传新农合政策，住院报销后群众基本不用自掏腰包", id="不用自掏腰包"),
        pytest.param(VILLAGE, "县应急局统一订购300份《防汛明白卡》发到各村", id="订购明白卡"),
        pytest.param(VILLAGE, "镇里下整改通知给村里，要求村里把村务公开栏更新", id="整改通知给村"),
        pytest.param(VILLAGE, "活动自愿报名，不凑人头", id="不凑人头"),
        pytest.param(VILLAGE, "各村已有党群服务中心，不再另设专门的调解室", id="村里不再另设"),
        pytest.param(
            VILLAGE, "县人社局要求各村推荐就业困难人员到局里上班的公益性岗位", id="到局里上班的岗位"
        ),
        pytest.param(VILLAGE, "村干部不能当老好人，对违建要及时劝阻上报", id="老好人"),
    ],
)
def test_words_near_a_burden_cue_are_no_burden(level, text):
    res = check(demo_index(level), level, text)
    assert "negative" not in (res.verdict, res.suggested_verdict), why(res)
    assert not res.matches or "普查" not in res.matches[0].item.name, why(res)


@pytest.mark.parametrize(
    ("level", "text"),
    [
        pytest.param(VILLAGE, "各村代收城乡居民医保费和参保材料", id="代收医保费和材料"),
        pytest.param(VILLAGE, "各村按方收费，收来的钱交县水务站", id="按方收费交水务站"),
        pytest.param(VILLAGE, "村里文书每周二到县医保局坐班", id="到局坐班"),
        pytest.param(
            VILLAGE, "林草局新拉了个护林防火工作群，各村书记、护林员今天都要进群", id="拉了个长名群"
        ),
    ],
)
def test_a_burden_the_narrower_cues_still_read_is_never_allowed(level, text):
    res = check(demo_index(level), level, text)
    assert_never_allowed(res)
    assert "negative" in (res.verdict, res.suggested_verdict), why(res)


@pytest.mark.parametrize(
    ("level", "text"),
    [
        pytest.param(
            VILLAGE, "按照一号文件要求，各村填报农村集体经济发展情况表", id="按照一号文件"
        ),
        pytest.param(VILLAGE, "县应急局要求各村将应急管理制度和应急预案张榜上墙", id="制度上墙"),
        pytest.param(TOWNSHIP, "镇里负责查处辖区网店刷单炒信", id="刷单炒信"),
    ],
)
def test_a_word_inside_a_longer_one_is_not_read_as_allowed(level, text):
    res = check(demo_index(level), level, text)
    assert not res.allowed, why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("组织开展农村公路年度检查", id="公路年度检查"),
        pytest.param("开展失能半失能老年人摸底评估", id="失能摸底"),
        pytest.param("调处因预售资金问题引发的购房户矛盾纠纷", id="预售资金纠纷"),
    ],
)
def test_a_townships_own_work_near_a_devolved_word_stays_allowed(text):
    res = check(demo_index(TOWNSHIP), TOWNSHIP, text)
    assert res.verdict == "basic", why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请各乡镇组织人员对辖区农房开展不动产权籍调查和宗地测绘。", id="权籍调查"),
        pytest.param("企业反映取水许可要跑县城，请镇里受理取水许可申请。", id="取水许可"),
        pytest.param("退役军人局让乡里负责零散烈士墓的日常看护和修缮。", id="烈士陵园"),
        pytest.param("请林源镇在国道设点开展货车超限超载检测，每周报检测数。", id="超限检测"),
    ],
)
def test_more_of_a_departments_own_work_handed_down_is_unlisted(text):
    res = check(demo_index(TOWNSHIP), TOWNSHIP, text)
    assert "unlisted" in (res.verdict, res.suggested_verdict), why(res)


def test_small_internet_cafes_among_the_nine_small_places_are_a_fire_round():
    res = check(
        demo_index(TOWNSHIP),
        TOWNSHIP,
        "请街道网格员每月把辖区小饭馆、小旅馆、小网吧走一遍，拒不整改的报消防大队。",
    )
    assert res.verdict == "cooperate", why(res)
    assert "消防" in res.matches[0].item.name, why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("政数局在社区放了台政务自助机，请社区帮着教老人怎么用。", id="自助机"),
        pytest.param("请社区协助指导老年人用手机办理公积金提取等一网通办业务。", id="一网通办"),
    ],
)
def test_helping_the_elderly_with_online_services_is_unlisted(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert res.verdict == "unlisted", why(res)


def test_visiting_old_people_living_alone_still_cites_the_assist_item():
    res = check(
        demo_index(VILLAGE), VILLAGE, "请各村协助民政局每月探访一次特殊困难老年人，做好记录。"
    )
    assert res.verdict == "assist", why(res)
    assert "老年人" in res.matches[0].item.name, why(res)


# --- The last set (blind files 105–111, scored once at 47ae6a9).


@pytest.mark.parametrize(
    ("level", "text", "verdict"),
    [
        pytest.param(
            TOWNSHIP,
            "请白桦乡对辖区货运物流企业开展安全生产监管检查，每月报检查台账。",
            "withdrawn",
            id="货运物流企业",
        ),
        pytest.param(
            TOWNSHIP,
            "林草局说以后村民伐树办证，先交到乡里审核，乡里签字后局里再批。",
            "withdrawn",
            id="伐树办证",
        ),
        pytest.param(
            VILLAGE,
            "请东岗村今年完成招引落地项目1个，协议投资额不低于300万元。",
            "negative",
            id="招引项目",
        ),
        pytest.param(
            VILLAGE,
            "人社局要从社区抽一个年轻人去局里帮忙三个月，工资社区照发。",
            "negative",
            id="抽人去局里",
        ),
    ],
)
def test_a_prohibited_task_of_the_last_files_is_read(level, text, verdict):
    res = check(demo_index(level), level, text)
    assert_never_allowed(res)
    assert verdict in (res.verdict, res.suggested_verdict), why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("养老补贴的申请受理今后交给社区办，局里不再受理。", id="局里不再受理"),
        pytest.param("局里临时加的一张表，各社区周五前报辖区独居老人情况。", id="临时加表"),
    ],
)
def test_the_department_stopping_its_own_work_reads_as_a_burden(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert_never_allowed(res)
    assert "negative" in (res.verdict, res.suggested_verdict), why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "群众举报柳河村有人无证在家给人打吊针，请乡里去查处，取缔后把结果报卫健局。",
            id="取缔后报结果",
        ),
        pytest.param("有个老中医无证给人挂吊瓶，请镇里立即查处。", id="挂吊瓶"),
    ],
)
def test_unlicensed_medicine_put_down_by_the_township_is_withdrawn(text):
    res = check(demo_index(TOWNSHIP), TOWNSHIP, text)
    assert_never_allowed(res)
    assert "withdrawn" in (res.verdict, res.suggested_verdict), why(res)
    cited = res.matches or tuple(c.match for c in res.review_candidates)
    assert "非法行医" in cited[0].item.name, why(res)
