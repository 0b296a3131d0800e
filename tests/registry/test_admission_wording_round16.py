"""Round sixteen: the wording of seven blind formal-notice files (112–118), classes shared by several.

- Two characters of a longer word read as a hazard: 亮化工程, 强化工作 and 文化工作 hold 化工, and a
  village's 一事一议 road-lighting project was read as a chemical safety inspection (prohibited).
  化工 is now read only as a word of its own (化工企业, 化工门市, 化工原料 …).
- The township's own discipline body (纪工委, 纪（工）委) watching the villages' 小微权力; a road kept
  open in winter (扫雪除冰, 通村路); sowing as the grain task (春播, 播种任务); refuse collected by
  village and carried by the township (村收集、镇转运); retired volunteers (银龄).
- A campaign named like another: 便民办税春风行动 is the tax office's, no jobs campaign; 耕地占用税 is a
  tax, no 耕地保护 duty.
- Burdens in other words: an investment quota (引进…投资…项目), an audience (充场), paperwork as the
  measure of work (三套台账, 以台账完整度评分, 卷宗数量作为评先依据), work handed to a named community
  (下放至…社区), a village sent to check a petrol station's tanks (储罐); a department's own levy
  (征收…保障金) or its agreements with designated providers (定点医药机构协议) handed to the township.

Every sentence is written for the test; each case failed on the code before the fix. Pure: no
database.
"""

from __future__ import annotations

import pytest

from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import assert_never_allowed, demo_index, why


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
    ],
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
        pytest.param("请白桦村每周去村口加油站查看储罐和输油管线，有问题督促整改。", id="储罐"),
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
    ("level", "text", "verdict", "item"),
    [
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
            VILLAGE,
            "请各村把群众反映的供暖、停车等急难愁盼问题梳理出来，通过乡镇向县里反映。",
            "selfgov",
            "反映意见",
            id="急难愁盼",
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
    ],
)
def test_more_of_todays_words_for_a_listed_duty(level, text, verdict, item):
    res = check(demo_index(level), level, text)
    assert res.verdict == verdict, why(res)
    assert item in res.matches[0].item.name, why(res)


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


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "请松涛社区即日起受理辖区居民失业保险金申领并审核发放资格。", id="即日起受理并审核"
        ),
        pytest.param("请各社区代为受理居民异地就医备案申请。", id="代为受理"),
    ],
)
def test_a_departments_decision_taken_on_by_the_village_is_never_allowed(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert_never_allowed(res)
    assert "negative" in (res.verdict, res.suggested_verdict), why(res)


def test_helping_to_take_in_applications_from_today_stays_allowed():
    res = check(
        demo_index(VILLAGE),
        VILLAGE,
        "请各村即日起协助受理困难群众临时救助申请，配合乡镇入户调查。",
    )
    assert res.verdict == "assist", why(res)
