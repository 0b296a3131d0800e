"""Round sixteen: the wording of twenty-one blind formal-notice files (112–132), in three sets.

- Two characters of a longer word read as a hazard: 亮化工程, 强化工作 and 文化工作 hold 化工, and a
  village's 一事一议 road-lighting project was read as a chemical safety inspection (prohibited).
  化工 is not read inside X化 + 工程 / 工作 (NOT_INSIDE).
- Today's words for listed duties: 纪工委 / 小微权力, 扫雪除冰 / 通村路, 抢抓春播 / 播种任务, 镇转运,
  银龄志愿 / 帮帮团, 人代会 (not a budget laid before it), 班子集中学习, 村级代理记账, 步行街业态 / 首店,
  零火点, 税收宣传, 病死畜禽收集 (the cooperation item 动物防疫).
- A campaign, a tax, a board or a company named like a duty: 办税春风行动, 耕地占用税, a department's
  publicity pinned to the 公开栏, the 燃气公司 the township helps, 供暖温度不达标.
- Burdens in other words: an investment quota put on each village, an audience (充场, 需要观众 …
  入场), paperwork as the measure of work (三套台账, 台账完整度, 卷宗数量), work handed to a named
  community (下放至…社区), a department's intake and decision from a date (即日起受理…审核) or its
  registration done in its stead (代为办理…设立登记), cadres sent to a fire station; a department's
  own acts handed to the township (残保金, 医保基金检查, 定点医药机构协议).
- A helper's review of the first versions: variants that made prohibited tasks allowed (急难愁盼,
  银龄, 秋播前, 步行街, 各村收集, 化工仓储) and cues that made allowed tasks prohibited (代为初审,
  社区康复, 公开村干部电话, 台账合并, 光储充场站) — each narrowed, with the review's sentence.

Every sentence is written for the test; each fix case failed on the code before its fix (guards,
marked as such, pass on both). Pure: no database.
"""

from __future__ import annotations

import pytest

from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import assert_never_allowed, demo_index, why

# Today's words met in the second set (blind files 119–125) and the third (126–132), checked by
# the same test as the first set's.
SECOND_SET_WORDS = [
    pytest.param(
        TOWNSHIP,
        "林源镇人代会定于1月中旬召开，请镇里做好会务筹备，议程报县里。",
        "basic",
        "人大",
        id="人代会",
    ),
    # (a guard: the budget laid before the congress stays the budget item)
    pytest.param(
        TOWNSHIP,
        "请林源镇编制2027年本级预算草案，按时提交镇人代会审议。",
        "basic",
        "预算",
        id="预算提交人代会",
    ),
    pytest.param(
        TOWNSHIP,
        "请各乡镇党委本月组织一次班子集中学习，交流研讨最新讲话精神。",
        "basic",
        "理论武装",
        id="班子集中学习",
    ),
    pytest.param(
        TOWNSHIP,
        "各村在村级代理记账中发现的问题，请乡镇督促整改到位。",
        "basic",
        "三资",
        id="村级代理记账",
    ),
    pytest.param(
        TOWNSHIP,
        "请红松街道抓好商业步行街业态提升，打造夜间消费集聚区。",
        "basic",
        "商贸",
        id="步行街",
    ),
    pytest.param(
        TOWNSHIP,
        "请白桦乡组织做好秋季口蹄疫强制免疫，病死畜禽统一收集处理。",
        "cooperate",
        "动物防疫",
        id="口蹄疫强免",
    ),
    # (a guard: the village's own accounts on the board stay 村（居）务公开)
    pytest.param(
        VILLAGE,
        "请各村每季度在公开栏张贴财务收支明细，接受村民监督。",
        "selfgov",
        "务公开",
        id="公开栏上的账",
    ),
]

THIRD_SET_WORDS = [
    pytest.param(
        VILLAGE,
        "请各社区收集居民对供暖温度不达标的意见，汇总后向街道反映。",
        "selfgov",
        "反映意见",
        id="不达标",
    ),
    pytest.param(
        TOWNSHIP,
        "秋收后请各乡镇盯紧田间焚烧，确保卫星监测零火点。",
        "basic",
        "秸秆",
        id="零火点",
    ),
    pytest.param(
        TOWNSHIP,
        "税收宣传月期间请各乡镇利用赶集日设点宣传小微企业减税政策。",
        "cooperate",
        "税费",
        id="税收宣传月",
    ),
    pytest.param(
        TOWNSHIP,
        "请各街道配合燃气公司开展居民用户安全宣传，隐患及时报县住建局。",
        "cooperate",
        "燃气",
        id="配合燃气公司宣传",
    ),
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请村里按“一事一议”组织实施村道亮化工程。", id="亮化工程"),
        pytest.param("请各村用好一事一议奖补资金，实施村内主干道绿化工程。", id="绿化工程"),
    ],
)
def test_a_lighting_or_greening_project_is_no_chemical_inspection(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert res.verdict == "selfgov", why(res)
    assert "公共事务" in res.matches[0].item.name, why(res)


def test_a_chemical_shop_still_reads_as_hazardous_chemicals():
    res = check(demo_index(TOWNSHIP), TOWNSHIP, "请各乡镇对辖区化工门市的稀料储存开展安全检查。")
    assert res.verdict == "withdrawn", why(res)
    assert "危险化学品" in res.matches[0].item.name, why(res)


@pytest.mark.parametrize(
    ("level", "text", "verdict", "item"),
    [
        pytest.param(
            TOWNSHIP,
            "请林源镇纪工委本季度对各村小微权力运行情况开展一次监督检查。",
            "basic",
            "党风廉政",
            id="纪工委",
        ),
        pytest.param(
            TOWNSHIP,
            "下雪后请白桦乡组织扫雪除冰，保障通村路畅通。",
            "basic",
            "农村公路",
            id="扫雪除冰",
        ),
        pytest.param(
            TOWNSHIP,
            "请林源镇抓住墒情抓紧春播，5月10日前完成大豆播种任务1.8万亩。",
            "basic",
            "粮食生产",
            id="春播",
        ),
        pytest.param(
            TOWNSHIP,
            "请白桦乡完善农村垃圾村收集、镇转运体系，年底前添置两辆压缩车。",
            "basic",
            "人居环境",
            id="村收集镇转运",
        ),
        pytest.param(
            VILLAGE,
            "请柳河村把退休老干部组织起来，成立“银龄”帮帮团，常态化为独居老人上门服务。",
            "selfgov",
            "志愿服务",
            id="银龄",
        ),
    ]
    + SECOND_SET_WORDS
    + THIRD_SET_WORDS,
)
def test_todays_words_for_a_listed_duty(level, text, verdict, item):
    res = check(demo_index(level), level, text)
    assert res.verdict == verdict, why(res)
    assert item in res.matches[0].item.name, why(res)


@pytest.mark.parametrize(
    ("level", "text"),
    [
        pytest.param(VILLAGE, "请各村在村务公开栏张贴便民办税春风行动的海报。", id="办税春风行动"),
        pytest.param(VILLAGE, "请柳河村宣传农村居民建房耕地占用税的减免政策。", id="耕地占用税"),
    ],
)
def test_a_campaign_or_tax_named_like_a_listed_duty_is_not_that_duty(level, text):
    res = check(demo_index(level), level, text)
    assert res.verdict != "assist", why(res)
    assert not res.allowed, why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "今年每个村至少引进1个投资300万元以上的项目，11月底前报送签约情况。", id="引进投资"
        ),
        pytest.param("请柳河村组织30名村民周末到县城广场的招聘会现场充场。", id="充场"),
        pytest.param(
            "留守儿童关爱要建齐走访记录、签字表、登记卡3套台账，检查时以台账完整度评分。",
            id="三套台账",
        ),
        pytest.param("请各社区规范调解卷宗，卷宗数量多少作为年底评先依据。", id="卷宗数量"),
        pytest.param("自下月起老年人优待证办理初审下放至松涛社区受理。", id="下放至某社区"),
        # (the second and third sets: a department's decision or registration taken on by the
        # village, an audience, cadres sent to a fire station)
        pytest.param(
            "请松涛社区即日起受理辖区居民失业保险金申领并审核发放资格。", id="即日起受理并审核"
        ),
        pytest.param("请各社区代为受理居民异地就医备案申请。", id="代为受理"),
        # (the third set)
        pytest.param(
            "县里文艺汇演需要观众，请各村组织30名村民于周六晚到县剧院入场。", id="需要观众"
        ),
        pytest.param("国庆期间请各村每天派1名干部到消防站协助值守。", id="派干部到消防站"),
        pytest.param(
            "请各社区代为办理辖区个体工商户设立登记，负责审核材料和发放营业执照。",
            id="代为办理设立登记",
        ),
    ],
)
def test_a_burden_in_other_words_is_never_allowed(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert_never_allowed(res)
    assert "negative" in (res.verdict, res.suggested_verdict), why(res)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请各乡镇代县残联向辖区企业征收残疾人就业保障金。", id="征收保障金"),
        pytest.param(
            "请各乡镇（街道）负责辖区定点医疗机构的医保协议签订和年度考核。", id="定点药店"
        ),
        # (the third set)
        pytest.param("请各乡镇审核辖区用人单位安排残疾人就业情况，督促缴纳残保金。", id="残保金"),
        pytest.param("请各乡镇对辖区定点医院开展医保基金使用专项检查。", id="医保基金检查"),
    ],
)
def test_a_departments_levy_or_provider_agreement_handed_down_is_not_allowed(text):
    res = check(demo_index(TOWNSHIP), TOWNSHIP, text)
    assert not res.allowed, why(res)
    assert "unlisted" in (res.verdict, res.suggested_verdict), why(res)


@pytest.mark.parametrize(
    ("level", "text"),
    [
        # (扩充场地 is no audience; 强化工作 / 文化工作 no chemicals; 引进人才 no investment quota;
        # a collection point in each village no refuse round; 春播前 a time, not the sowing task)
        pytest.param(VILLAGE, "请各村扩充场地，办好村史馆和农家书屋等文化工作。", id="扩充场地"),
        pytest.param(
            VILLAGE, "请各村强化工作措施，协助做好留守儿童摸排和关爱服务。", id="强化工作"
        ),
        pytest.param(TOWNSHIP, "请各乡镇引进急需紧缺人才，做好项目落地服务保障。", id="引进人才"),
    ],
)
def test_words_near_the_new_cues_are_no_burden(level, text):
    res = check(demo_index(level), level, text)
    assert res.verdict not in ("negative", "withdrawn"), why(res)


# The second set: blind files 119–125.


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("请各村在公开栏张贴个人所得税汇算指引和咨询电话。", id="个税指引"),
        pytest.param("请各村在公开栏张贴县纪委监委的举报电话和二维码。", id="举报电话"),
    ],
)
def test_a_departments_publicity_on_the_board_is_no_village_affairs_disclosure(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert res.verdict != "selfgov", why(res)


def test_helping_the_gas_company_is_no_inspection_of_it():
    res = check(
        demo_index(TOWNSHIP),
        TOWNSHIP,
        "请红松街道配合燃气公司入户安检，宣传报警器安装，发现隐患报县住建局。",
    )
    # (the test index carries no department_duty, where 入户安检 is named: no item is cited here)
    assert "withdrawn" not in (res.verdict, res.suggested_verdict), why(res)


def test_bookkeeping_firms_a_bureau_supervises_are_no_village_accounts():
    res = check(demo_index(TOWNSHIP), TOWNSHIP, "请各乡镇对辖区代理记账机构开展执业质量检查。")
    assert res.verdict != "basic", why(res)


def test_helping_to_take_in_applications_from_today_stays_allowed():
    res = check(
        demo_index(VILLAGE),
        VILLAGE,
        "请各村即日起协助受理困难群众临时救助申请，配合乡镇入户调查。",
    )
    assert res.verdict == "assist", why(res)


# A review of the change by a helper (~320 sentences, old and new code): the first versions of
# several variants were too broad. Each sentence here failed on the version it names.


@pytest.mark.parametrize(
    ("level", "text"),
    [
        # 急难愁盼 is a framing phrase, no duty of its own (it outranked the negative item).
        pytest.param(VILLAGE, "聚焦群众急难愁盼，请各村对辖区电梯开展安全检查。", id="急难愁盼"),
        # 银龄安康 is an accident insurance for the old, no volunteers.
        pytest.param(VILLAGE, "请各村组织60岁以上村民投保银龄安康保险。", id="银龄安康"),
        pytest.param(TOWNSHIP, "秋播前，请各乡镇对辖区种子门店开展质量抽检。", id="秋播前"),
        pytest.param(TOWNSHIP, "请红松街道对步行街内的电梯开展安全检查。", id="步行街内"),
        pytest.param(
            TOWNSHIP, "请各乡镇督促各村收集辖区特种设备使用信息，报县市场监管局。", id="各村收集"
        ),
        pytest.param(TOWNSHIP, "请各乡镇对辖区化工仓储企业开展安全隐患排查。", id="化工仓储"),
    ],
)
def test_a_broad_variant_no_longer_makes_a_prohibited_task_allowed(level, text):
    res = check(demo_index(level), level, text)
    assert not res.allowed, why(res)


@pytest.mark.parametrize(
    ("level", "text", "verdict"),
    [
        pytest.param(
            VILLAGE, "请村委会代为初审农村危房改造申请，并在村内公示。", "assist", id="代为初审"
        ),
        pytest.param(
            VILLAGE,
            "请各村协助做好解除强制隔离戒毒后移交至户籍地社区康复人员的帮扶。",
            "assist",
            id="社区康复",
        ),
        pytest.param(
            VILLAGE, "请各村在公开栏公开村干部联系电话和服务承诺。", "selfgov", id="公开村干部电话"
        ),
        pytest.param(
            VILLAGE,
            "请各村将低保、特困、临时救助三套台账合并为一本，减轻负担。",
            "assist",
            id="台账合并",
        ),
        pytest.param(
            TOWNSHIP,
            "请各乡镇宣传医保定点医药机构协议管理政策，动员群众参保。",
            "cooperate",
            id="宣传定点协议政策",
        ),
    ],
)
def test_an_allowed_task_near_a_narrowed_cue_stays_allowed(level, text, verdict):
    res = check(demo_index(level), level, text)
    assert res.verdict == verdict, why(res)


@pytest.mark.parametrize(
    ("level", "text"),
    [
        pytest.param(
            VILLAGE, "请各村做好新引进投资项目周边群众的矛盾纠纷排查化解。", id="引进项目周边"
        ),
        pytest.param(VILLAGE, "请各村协助宣传光储充场站建设的好处。", id="光储充场站"),
        pytest.param(
            TOWNSHIP, "请各乡镇对辖区代理记账服务机构开展执业检查。", id="代理记账服务机构"
        ),
    ],
)
def test_words_near_a_narrowed_cue_are_no_burden_and_no_duty(level, text):
    res = check(demo_index(level), level, text)
    assert not {"negative", "basic"} & {res.verdict, res.suggested_verdict}, why(res)
