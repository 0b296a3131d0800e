"""Round fourteen: village burdens in the words of work groups and notebooks (blind files 66–71).

Two prohibited tasks were judged allowed: photos taken and posted to the group as the proof of
work, written with spaces for commas (拍…照…发群里), read as the village's own 爱国卫生; and a
department's post paid from the village's own income (补贴从村集体经济收入中列支) read as its
集体财产管理. Beside them, burdens the cues missed: 一分钱不给, 自己想辙, a form sent 没经县里统一安排
or with 没有红头文件, a new group named in quotes (拉了个“…”群). Every sentence is written for the
test; each case failed on the code before the fix. Pure: no database.

``CITES`` (a listed duty in other words: a home gathering for worship, 聚会礼拜 / 传教 / 讲经 → 私设
聚会点 of 宗教事务管理; five development rows in five files) joins the one "cites the item" test in
test_admission_wording.
"""

from __future__ import annotations

import pytest

from registry.admission_cues import CERTIFICATE_CUE, STRONG_NEGATIVE_CUE
from registry.text import expand_synonyms, normalize, plain
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import demo_index, why
from tests.registry.test_admission_frames import assert_not_allowed, assert_reads


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "柳河村爱国卫生运动搞完了 每个点拍前后对比照片发工作群 作为评分依据", id="photos"
        ),
        pytest.param(
            "请白桦村配备一名集体资产管理专干，工资从村集体收入中列支。", id="village-pays"
        ),
    ],
)
def test_a_burden_in_work_group_words_is_never_allowed(text):
    assert_not_allowed(check(demo_index(VILLAGE, phrases=True), VILLAGE, text))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "司法局让村里弄个法律服务点天天有人守着，一分钱不给，人手村里自己想辙", id="想辙"
        ),
        pytest.param("请白桦村配备一名禁毒宣传专干，工资从村集体收入中列支。", id="列支"),
        pytest.param("每个村订《林源晚报》15份，钱年底交宣传部", id="订报"),
        pytest.param("住建局又拉了个物业群，网格员都得进", id="拉了个…群"),
        pytest.param("县里让社区设个助残专干岗，人和钱都不给", id="钱都不给"),
        # The replay of decisions (decide half the rows, measure the other) had one prohibited
        # task judged allowed: the rules leaned to an assist item (no cue read 自行筹措 or a
        # closing 不另行安排) and a loosely alike decided task of that item confirmed the lean.
        pytest.param(
            "村禁毒协会的办公经费和专干补贴由各村集体自行筹措，县公安局不另行安排。", id="自行筹措"
        ),
        pytest.param(
            "社区老年协会的场地和人员补贴由社区自行筹措，县民政局不另行安排。", id="不另行安排"
        ),
        pytest.param("应急局又新拉了个“森林防火”群，要求每个村进两个人", id="quoted-group"),
        pytest.param("民政局一个股室自己发了张表让社区填独居老人情况，没有红头文件", id="红头文件"),
        pytest.param("卫健局没经县里统一安排，让各村周五前报一份家庭医生签约材料", id="没经"),
    ],
)
def test_a_burden_the_cues_missed_reads_negative(text):
    assert_reads(check(demo_index(VILLAGE, phrases=True), VILLAGE, text), "negative")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("东岗村组织村民篮球赛，活动经费从村集体公益金列支。", id="own-activity"),
        pytest.param("请村里把防汛安全宣传视频转发到各村民群。", id="video-passed-on"),
        pytest.param("请社区拍摄一段垃圾分类宣传片，在社区活动中播放。", id="a-film"),
        pytest.param("村民反映包工头拖欠工钱不给，请村里协助调解。", id="wages-unpaid"),
        pytest.param(
            "请各村组织村民自行筹集资金修建村内便道，县里以奖代补。", id="villagers-raise"
        ),
        pytest.param("请社区引导居民关注订阅“林源发布”公众号。", id="a-public-account"),
    ],
)
def test_the_villages_own_spending_and_publicity_are_no_burden(text):
    assert not STRONG_NEGATIVE_CUE.search(plain(normalize(text)))


CITES = [
    pytest.param(
        TOWNSHIP,
        "群众反映东岗村有外地人在村民家里传教，请林源镇核实后报县委统战部。",
        "cooperate",
        "宗教事务管理",
        False,
        id="传教",
    ),
    pytest.param(
        TOWNSHIP,
        "请白桦乡留意辖区有无私自在民房里聚会做礼拜的，发现后报统战部。",
        "cooperate",
        "宗教事务管理",
        False,
        id="做礼拜",
    ),
    # Blind file 83 and three development rows: a bathhouse is a public place (浴池, 澡堂).
    pytest.param(
        TOWNSHIP,
        "请镇里去辖区两家澡堂查查卫生许可和消毒记录",
        "withdrawn",
        "公共场所卫生监督检查",
        False,
        id="澡堂",
    ),
    pytest.param(
        VILLAGE,
        "在职党员到社区报到满半年，请社区向其所在单位党支部反馈一下表现",
        "certificate_allowed",
        "在职党员到居住地报到情况反馈",
        True,
        id="党员报到-反馈单位",
    ),
    pytest.param(
        VILLAGE,
        "县直机关来问在职党员到社区报到后干得怎么样，社区如实反馈一下",
        "certificate_allowed",
        "在职党员到居住地报到情况反馈",
        True,
        id="党员报到-如实反馈",
    ),
]


def test_a_single_mother_in_hardship_is_a_woman_cared_for():
    """Four development rows in four files (三八节…单亲困难妈妈): 特殊群体关爱 names 妇女."""
    assert "妇女" in expand_synonyms(plain(normalize("三八节请社区看望辖区单亲困难妈妈")))


# A review of the round's diff (a helper trying sentences on every new pattern): each of these
# fired (or, for the misses, did not) on the code before the fix.
@pytest.mark.parametrize(
    "text",
    [
        "请各村按照县里制订的方案每日报送秸秆禁烧巡查情况。",
        "请各村制订防汛值班日报制度。",
        "请各村签订协议后将名单在报纸上公示。",
        "请各村修订村规民约后在县日报上公示。",
        "请各村把村务公开的内容拍照后发到村民群，方便外出群众查看。",
        "请各村做好困难群众参保资助工作，确保参保经费不给困难群众增加负担。",
        "请各村对老板一分钱不给的农民工及时登记上报。",
        "请各村修路事项由村民自行发起并提交村民代表会议讨论。",
        "保洁员工资经村民代表会议决定从村集体收入中列支。",
        "村民代表误工补贴从村集体收入中列支。",
        "请各村开展结对帮扶，拉近干群关系。",
    ],
)
def test_the_reviews_sentences_are_no_burden(text):
    assert not STRONG_NEGATIVE_CUE.search(plain(normalize(text)))


@pytest.mark.parametrize(
    "text",
    [
        "宣传部要求每个村订《求是》10份。",
        "每个社区订两份报，钱社区出。",
        "人社局一个股室要社区报辖区失业人员名单，无红头文件。",
        "活动结束后各村拍张合影发在群里。",
        "设个调解专干，既不给人也不给钱。",
        "设个助餐点，一分钱也不给。",
    ],
)
def test_the_reviews_missed_burdens_are_read(text):
    assert STRONG_NEGATIVE_CUE.search(plain(normalize(text)))


@pytest.mark.parametrize(
    "text",
    [
        "请各村党组织每天在工作群反馈党员学习打卡截图。",
        "请各社区每月将在职党员报到打卡截图反馈街道，纳入考核排名。",
        "劝返结果由学校反馈县教育局。",
        "组织在职党员参与志愿服务，收集群众意见后及时向街道反馈。",
    ],
)
def test_a_report_sent_up_is_no_party_members_certificate(text):
    assert not CERTIFICATE_CUE.search(plain(normalize(text)))


@pytest.mark.parametrize(
    ("text", "worship"),
    [
        ("请各乡镇组织讲经验交流会。", False),
        ("请社区设立老年人聚会点，方便老人活动。", False),
        ("群众反映有人上门传教，请乡里核实。", True),
        ("请乡里摸排有无家庭教会、聚众礼拜。", True),
    ],
)
def test_worship_in_other_words_and_its_look_alikes(text, worship):
    assert ("私设聚会点" in expand_synonyms(plain(normalize(text)))) is worship


def test_a_rooftop_steel_shed_is_illegal_building():
    """Ten development rows in ten files (楼顶新搭彩钢棚/彩钢房…劝阻…报执法局) were 清单外 or a
    reviewer's: the rooftop steel shed is the everyday name of a 违建 (违法建设)."""
    res = check(
        demo_index(TOWNSHIP),
        TOWNSHIP,
        "请林源镇巡查镇区沿街楼顶新搭的彩钢棚，发现一处劝停一处并报县综合执法局查处",
    )
    assert_reads(res, "cooperate")
    nearest = res.matches or [c.match for c in res.review_candidates]
    assert nearest[0].item.name == "违法建设治理", why(res)
