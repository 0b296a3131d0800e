"""Tasks as they reach a township or a village in other styles than a notice: a phone call's
write-up, a meeting minute, a work-group message, everyday speech (registry.text.plain,
registry.thesaurus, registry.admission_cues).

Blind files 35, 37 and 38 (written in those styles) scored far under the notice-style files; each
case below is a class they share, its sentence written for the test (none taken from a file), and
it failed on the code before the fix. Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.kinds import VERDICT_NEGATIVE, VERDICT_REVIEW, VERDICT_UNLISTED
from registry.text import normalize, plain
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import demo_index, why
from tests.registry.test_admission_frames import assert_cites, assert_not_allowed, assert_reads

# (task passed on in a frame, the same task bare)
FRAMED = [
    # Held-out 37 (a secretary's write-ups): the frame's words diluted a short task.
    pytest.param(
        "下午三点接县卫健局疾控科张科长电话记录：镇里组织适龄儿童家长带孩子按时接种疫苗。",
        "镇里组织适龄儿童家长带孩子按时接种疫苗。",
        id="call-record",
    ),
    pytest.param(
        "县司法局周科长今天上午打电话要求：镇里把人民调解委员会的调解卷宗整理规范。",
        "镇里把人民调解委员会的调解卷宗整理规范。",
        id="call",
    ),
    pytest.param(
        "镇里王主任在村干部会上转达县妇联要求：村里对留守妇女开展一次走访。",
        "村里对留守妇女开展一次走访。",
        id="meeting",
    ),
    # Held-out 38: a work group's message.
    pytest.param(
        "@全体成员 县住建局工作群消息：街道把辖区老旧小区改造的居民意见征集上来。",
        "街道把辖区老旧小区改造的居民意见征集上来。",
        id="work-group",
    ),
    # Held-out 43: a hotline work order's channel (12345工单转办：).
    pytest.param(
        "12345工单转办：群众反映小区路灯不亮，请街道协调修复。",
        "群众反映小区路灯不亮，请街道协调修复。",
        id="work-order",
    ),
    # Held-out 59 (every second row) and a development row: the authority a task is passed on
    # under (按市里要求，根据省厅部署，按县委要求，) says who asked, not what; 会议精神 even read as
    # the party's study of a meeting (党的理论武装).
    pytest.param(
        "按市里会议精神，请林源镇把辖区养殖场的病死畜禽统一收集，交无害化处理厂。",
        "请林源镇把辖区养殖场的病死畜禽统一收集，交无害化处理厂。",
        id="meeting-spirit",
    ),
    pytest.param(
        "根据省厅统一部署，村里把今年的村规民约修订稿交村民会议表决。",
        "村里把今年的村规民约修订稿交村民会议表决。",
        id="province-department",
    ),
    pytest.param(
        "按照县委要求，请红松街道对辖区两新组织党组织开展一次组织生活检查。",
        "请红松街道对辖区两新组织党组织开展一次组织生活检查。",
        id="county-committee",
    ),
]


@pytest.mark.parametrize(("framed", "bare"), FRAMED)
def test_a_task_passed_on_in_a_frame_reads_as_the_task_itself(framed, bare):
    level = VILLAGE if "村里" in bare else TOWNSHIP
    index = demo_index(level)
    got, want = check(index, level, framed), check(index, level, bare)
    assert (got.verdict, got.suggested_verdict) == (want.verdict, want.suggested_verdict), why(got)
    top = [(m.item.code, m.score) for m in (got.matches or got.candidates)[:3]]
    assert top == [(m.item.code, m.score) for m in (want.matches or want.candidates)[:3]]


def test_the_frame_is_blanked_in_place_and_only_the_frame():
    for frame in ("县农业农村局来电：", "按市里要求，"):
        framed = normalize(frame + "请乡里组织春防。")
        assert plain(framed) == " " * len(normalize(frame)) + "请乡里组织春防."
    # An addressee (红松社区：) and a notice's title (关于…的通知：) say what, not who: kept.
    for kept in (
        "红松社区:请社区组织演练.",
        "关于开展秸秆禁烧巡查的通知:请各乡镇落实网格.",
        # Held-out 36: a department's notice named by its title (县民政局关于…低保…的通知：).
        "县民政局关于做好低保扩围的通知:请乡里走访核实.",
        # Held-out 43: a title without 关于 (统计执法检查通知：) says what, too.
        "统计执法检查通知:请乡里开展检查.",
        # A law cited is what the task rests on, whatever authority its name holds (省, 国家).
        "根据<省森林防火条例>要求,请乡里落实野外用火管理.",
        # A topic in the opening clause names no authority (按防汛要求, a market, a county town,
        # 关于…的要求), nor does the work itself (落实…整改要求).
        "按防汛抗旱工作要求,请乡里转移危险区群众.",
        "按照农贸市场疫情防控要求,请街道对摊贩开展核酸检测.",
        "按照国家卫生县城复审要求,请街道清理卫生死角.",
        "按照市里关于做好防汛工作的要求,请乡里转移群众.",
        "落实市委巡察整改要求,请各村本月底前完成.",
    ):
        assert plain(kept) == kept


# Everyday words of a listed duty: decided alone as the verdict, citing the item first.
# Read by test_admission_wording.test_everyday_wording_cites_the_item (one test, one table each).
EVERYDAY = [
    # Held-out 35, 37, 38: refuse collection and toilets in plain words went to 清单外.
    pytest.param(
        TOWNSHIP,
        "镇上的垃圾清运车停了三天，请镇里尽快恢复日清日运。",
        "basic",
        "农村人居环境整治",
        False,
        id="refuse-collection",
    ),
    # Held-out 35, 37: straw named by the crop (玉米秆, 苞米秆) was no 秸秆禁烧.
    pytest.param(
        TOWNSHIP,
        "请乡里盯紧地里的玉米秆，谁家点火当场制止。",
        "basic",
        "秸秆禁烧和综合利用",
        False,
        id="straw-by-its-crop",
    ),
    # Held-out 37: registering the young men of age is 兵役登记.
    pytest.param(
        TOWNSHIP,
        "请街道把今年满18周岁的男青年名单摸清，通知他们上网登记。",
        "basic",
        "兵役登记和民兵工作",
        False,
        id="military-registration",
    ),
    # Held-out 35, 37, 38: a roof extension (楼顶加盖, 阳光房) is 违法建设.
    pytest.param(
        TOWNSHIP,
        "有居民在楼顶加盖阳光房，请街道先劝停并报执法局。",
        "cooperate",
        "违法建设治理",
        False,
        id="roof-extension",
    ),
    # Held-out 37: office towers and a pedestrian street's shops are 楼宇经济和商贸服务.
    pytest.param(
        TOWNSHIP,
        "请街道把步行街和写字楼的商户服务抓起来，培育夜经济。",
        "basic",
        "楼宇经济和商贸服务",
        False,
        id="office-towers",
    ),
    # Held-out 36, 37, 38: a farmer's house by its application (建房申请, 翻建住房) and the checks
    # on the site (放线, 开工前丈量) went to review or 清单外.
    pytest.param(
        TOWNSHIP,
        "柳河村两户农户建房申请已报到乡里，请乡里按时审批，放线时派人到场。",
        "basic",
        "农村宅基地审批管理",
        False,
        id="house-building",
    ),
    pytest.param(
        TOWNSHIP,
        "县自然资源局关于做好农户翻建住房审批的通知：请镇里按期办结，开工前丈量到位。",
        "basic",
        "农村宅基地审批管理",
        False,
        id="house-rebuilding-notice",
    ),
    # Held-out 36, 38 (four rows): a family's banquet by its occasion (婚宴, 寿宴, 办席) went to
    # review or 清单外.
    pytest.param(
        VILLAGE,
        "下月村里有两户办婚宴，请村委会提醒他们提前报备，做好食材留样。",
        "assist",
        "协助农村集体聚餐申报",
        False,
        id="wedding-banquet",
    ),
    pytest.param(
        TOWNSHIP,
        "国庆前后乡村婚宴多，请乡里督促办席户提前报备，发现问题告诉市场监管所。",
        "cooperate",
        "食品安全监管",
        False,
        id="banquet-season",
    ),
    # Held-out 37, 38 and three development rows: children whose parents work away
    # (父母都在外打工的孩子) are 留守儿童.
    pytest.param(
        VILLAGE,
        "请村儿童主任把父母外出务工的孩子挨家看一遍，有困难的报乡里。",
        "assist",
        "协助困境儿童和留守儿童关爱",
        False,
        id="left-behind-children",
    ),
    # Held-out 37: a volunteer team by its everyday name (义工队) went to 清单外.
    pytest.param(
        VILLAGE,
        "请社区把退休的热心居民组织成一支义工队，周末在小区里开展义务服务。",
        "selfgov",
        "志愿服务",
        False,
        id="volunteer-team",
    ),
    # Held-out 38: stalls on the road (占道, 摆摊) went to 清单外.
    pytest.param(
        TOWNSHIP,
        "请街道安排人员清理菜市场门口的占道摆摊。",
        "basic",
        "市容环境秩序管理",
        False,
        id="stalls-on-the-road",
    ),
    # Held-out 35: the village's supervisory committee by its short name (监委会).
    pytest.param(
        VILLAGE,
        "请村监委会对今年修路工程的每笔开支审核把关。",
        "selfgov",
        "村（居）务监督",
        False,
        id="supervisory-committee",
    ),
    # Held-out 35: a drill by its kind (疏散演练).
    pytest.param(
        VILLAGE,
        "请社区组织居民开展一次地震疏散演练。",
        "selfgov",
        "应急知识普及和自救互救",
        False,
        id="evacuation-drill",
    ),
    # Held-out 35, 42: the school gate (学校门口, 校门口) is 校园周边.
    pytest.param(
        TOWNSHIP,
        "请镇里放学时段在学校门口安排人员维持秩序，疏导接送车辆。",
        "cooperate",
        "校园周边安全",
        False,
        id="school-gate",
    ),
    # Held-out 42: people just out of prison in plain words (刚出狱, 刚放出来).
    pytest.param(
        VILLAGE,
        "司法局让村里把上个月刚出狱的人接上头，帮他落户找活。",
        "assist",
        "协助刑满释放人员安置帮教",
        False,
        id="released-prisoners",
    ),
    # Held-out 37, 41 and three development rows: a programme by its current name (春风行动).
    pytest.param(
        VILLAGE,
        "县人社局春风行动开始了，请村里把想在家门口打工的人登记一下。",
        "assist",
        "协助就业失业登记和政策宣传",
        False,
        id="spring-breeze",
    ),
    # Held-out 41: the animal by its name (黑熊) was no 野生动物致害.
    pytest.param(
        TOWNSHIP,
        "最近黑熊下山啃了玉米地，请乡里会同林草站现场核实受损面积。",
        "cooperate",
        "野生动物保护",
        False,
        id="bear-damage",
    ),
    # Held-out 44 (a southern county's words): a typhoon and the 三防 command are 防汛抗旱.
    pytest.param(
        TOWNSHIP,
        "台风今晚登陆，请镇里把低洼地带和危房里的群众全部转移到安置点。",
        "basic",
        "防汛抗旱",
        False,
        id="typhoon",
    ),
    pytest.param(
        TOWNSHIP,
        "三防指挥部：请街道检查辖区易涝点，落实巡查责任人。",
        "basic",
        "防汛抗旱",
        False,
        id="three-defences",
    ),
    # Held-out 44: a disease by its name (登革热) and burning paper at graves (烧纸).
    pytest.param(
        TOWNSHIP,
        "近期登革热病例增多，请街道配合开展蚊媒孳生地清理和健康提醒。",
        "cooperate",
        "传染病防控",
        False,
        id="dengue",
    ),
    pytest.param(
        VILLAGE,
        "清明快到了，请村里劝导上山扫墓的村民不要烧纸、放鞭炮。",
        "assist",
        "协助森林防火",
        False,
        id="burning-paper",
    ),
    # Held-out 37, 44 and a development row: a felling licence by the hill (砍自留山的树要办证).
    pytest.param(
        TOWNSHIP,
        "以后村民砍自留山的树要办证的，由镇里受理审核。",
        "withdrawn",
        "林木采伐许可证核发",
        False,
        id="felling-on-ones-own-hill",
    ),
    # Held-out 43, 44 and two development rows: posters in a lift hall (电梯间, 电梯口) read as
    # special equipment.
    pytest.param(
        VILLAGE,
        "请社区在各楼栋电梯间张贴防范电信诈骗的提示海报。",
        "assist",
        "协助维护社会治安",
        False,
        id="lift-hall",
    ),
    # Held-out 35, 38: felling trees on the sly (偷砍, 偷伐) is 乱砍滥伐.
    pytest.param(
        TOWNSHIP,
        "护林员发现有人偷伐集体林的树，请乡里先制止，再报林草局处理。",
        "cooperate",
        "森林资源保护",
        False,
        id="illegal-felling",
    ),
]


def test_a_lift_added_to_an_old_block_is_no_special_equipment():
    """Held-out 37 and a development row: publicising the 加装电梯 subsidy was judged the negative
    list's special-equipment inspection (电梯)."""
    res = check(
        demo_index(VILLAGE), VILLAGE, "加装电梯补贴今年继续实行，请社区把政策告诉各楼栋长。"
    )
    assert res.verdict != VERDICT_NEGATIVE, why(res)
    assert not [f for f in res.flags if "电梯" in f.evidence], why(res)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # Held-out 35, 36, 38 and eight development rows: a licence the withdrawn list does not name
        # (取水许可, 苗木检疫证, 农机牌证) read as the one licence it names (林木采伐许可证核发) on
        # the generic words 许可证 and 核发, automatically or for review.
        pytest.param(
            "请街道受理辖区养犬登记申请并核发养犬许可证。", VERDICT_UNLISTED, id="dog-licence"
        ),
        pytest.param(
            "请乡里负责辖区客栈的特种行业许可证审批。", VERDICT_UNLISTED, id="trade-licence"
        ),
        # … while the licence it names is still withdrawn.
        pytest.param(
            "请乡里受理辖区集体林木采伐许可申请并核发采伐证。", "withdrawn", id="felling-licence"
        ),
    ],
)
def test_a_licence_is_withdrawn_only_when_the_list_names_it(text, verdict):
    res = check(demo_index(TOWNSHIP), TOWNSHIP, text)
    assert res.verdict == verdict, why(res)


@pytest.mark.parametrize(
    "text",
    [
        # Held-out 37 (two negative-list tasks judged 清单外): fees collected and costs advanced,
        # in plain words.
        pytest.param("县供电公司：请村里把各户欠的电费收上来，月底统一交到供电所。", id="fees"),
        pytest.param("局里的防汛沙袋请社区先垫上钱买好，年底再结。", id="advancing-costs"),
        # Held-out 35: people sent to stand a department's watch (每天派2人到…值守).
        pytest.param("请社区每天派3人到高铁站出站口帮忙值守，为期一周。", id="standing-watch"),
        # Held-out 41: work handed over to a village by its name (由站前社区负责) was judged 清单外.
        pytest.param(
            "从明年起，辖区老年助餐补贴的资格审核由松涛社区负责，审完报民政局备案。",
            id="handed-to-a-named-community",
        ),
        # Held-out 42 (a worker retelling what was pushed down; four prohibited tasks judged
        # 清单外): work thrown at the village (推给我们社区), material asked with no county notice
        # (也没见县里统一发文), a clerk drawn off (抽到县里…大厅), money advanced (先垫10万).
        pytest.param(
            "住建局把物业企业的年度考评直接推给我们社区打分，这本来是局里的事。", id="thrown-at-us"
        ),
        pytest.param(
            "县里要写年度总结，让每个社区交一份亮点材料，两千字，也没见县里统一发文。",
            id="material-without-a-notice",
        ),
        pytest.param("县信访局把我们村的报账员抽到县里接访大厅帮忙半年。", id="clerk-drawn-off"),
        pytest.param("水利局修渠的配套资金让村里先垫10万，说年底拨付。", id="money-advanced"),
        # Held-out 43, 44: work handed to each community this year (今年交由各社区), the department
        # no longer doing it (不再另行), material asked on the spot (临时通知…报送…材料).
        pytest.param("物业企业考评今年交由各社区组织打分，局里不再另行考评。", id="handed-to-each"),
        pytest.param(
            "局里临时通知：请村里明天中午前报送近三年的产业发展材料。", id="asked-on-the-spot"
        ),
    ],
)
def test_money_people_or_work_asked_in_plain_words_is_never_allowed(text):
    res = check(demo_index(VILLAGE), VILLAGE, text)
    assert_not_allowed(res)
    assert res.verdict in (VERDICT_NEGATIVE, VERDICT_REVIEW), why(res)


def test_statistics_fraud_to_be_prosecuted_is_never_the_townships_statistics_duty():
    """Held-out 45 (a prohibited task judged allowed) and 36–43: 虚报瞒报 to be prosecuted read as
    the township's own 统计工作; 虚报瞒报 / 统计造假 are what 统计执法 pursues."""
    res = check(
        demo_index(TOWNSHIP), TOWNSHIP, "请镇里查一查几家企业的报表有没有虚报瞒报，发现的立案处理。"
    )
    assert_not_allowed(res)
    assert_reads(res, "withdrawn")


def test_a_good_conduct_certificate_has_no_basis_rather_than_being_a_criminal_record():
    """Six blind files (36, 38, 42, 43, 44, 45) and eight development rows: 品行良好证明 is a
    certificate with no legal basis (negative list), not the 无犯罪记录证明 the police issue; the
    demo list had it among that item's 常见说法."""
    res = check(
        demo_index(VILLAGE, phrases=True), VILLAGE, "请社区给外出求职的居民开一份品行良好证明。"
    )
    assert_not_allowed(res)
    assert_reads(res, VERDICT_NEGATIVE)
    first = (list(res.matches) or [c.match for c in res.review_candidates])[0]
    assert "无法律法规依据" in first.item.name, why(res)


def test_a_swindlers_sales_pitch_is_no_selling_asked_of_the_village():
    """Held-out 46: 推销团…高价推销保健品 (swindlers the village is to warn about) was judged the
    negative list's 推销 automatically; selling asked of the village still is (test_admission_
    wording: sales-quota)."""
    res = check(
        demo_index(VILLAGE),
        VILLAGE,
        "最近有推销团借免费讲座向老人高价推销保健品，请社区提醒老人别上当，发现线索告知市场监管所。",
    )
    assert res.verdict != VERDICT_NEGATIVE, why(res)


def test_a_result_reported_back_to_a_department_is_no_certificate():
    """Held-out 46: 劝返情况反馈县教育局 (the result reported to the department) read as the
    allowed 学生参加活动情况反馈; a 情况反馈 the village fills in for a student still is one."""
    village = demo_index(VILLAGE)
    back = check(village, VILLAGE, "请村里配合学校把辍学的孩子劝回来，劝返情况反馈县教育局。")
    assert_cites(back, "assist", "协助控辍保学")
    issued = check(village, VILLAGE, "请社区对来参加志愿服务的学生如实填写活动情况反馈。")
    assert_cites(issued, "certificate_allowed", "学生参加社区（村）活动情况反馈")


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # Held-out 46 and eleven development rows: a department's own duty handed to the township
        # (核发, 改由乡镇审核, 代征) went to review leaning 清单外 when an allowed item was loosely
        # near; the task names under half of that item's name, so 清单外 is decided.
        pytest.param("请街道受理辖区网约车驾驶员从业资格证申请并核发。", "unlisted", id="licence"),
        pytest.param(
            "职业技能培训补贴今年改由乡镇审核，请镇里逐人核对后拨付。", "unlisted", id="subsidy"
        ),
        # … while a listed duty devolved by law, named by its item, still goes to a reviewer.
        pytest.param(
            "宅基地审批权限下放乡镇后，请镇里依法受理审批村民建房申请，落实三到场。",
            "review",
            id="devolved-by-law",
        ),
    ],
)
def test_a_departments_duty_handed_down_is_decided_unlisted(text, verdict):
    res = check(demo_index(TOWNSHIP, phrases=True), TOWNSHIP, text)
    assert res.verdict == verdict, why(res)
