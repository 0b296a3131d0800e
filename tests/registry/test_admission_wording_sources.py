"""Round thirteen: blind files 54–65 (notices, work groups, a clerk's log, a 减负办 register,
work orders, a cadre retelling, one line or a long one, a campaign passed on from the city)
shared these classes (registry.text.plain, registry.admission_cues, registry.thesaurus); the
authority frames (按市里要求，) are in test_admission_wording_styles.FRAMED.

Every sentence is written for the test (none taken from a file), and each case failed on the code
before the fix. Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.admission_cues import (
    CERTIFICATE_CUE,
    SIGNED_OR_FILLED_CUE,
    STRONG_ENFORCEMENT_CUE,
)
from registry.text import expand_synonyms, normalize, plain
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.demo_match_index import demo_index, why
from tests.registry.test_admission_frames import assert_not_allowed


# Words the new cues and thesaurus entries must not read into other tasks (a review of the round).
@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        pytest.param(
            CERTIFICATE_CUE, "请各村协助税务部门征收养老保险费，做好政策宣传。", id="征收养老"
        ),
        pytest.param(CERTIFICATE_CUE, "请村委会召开村民会议说明征地补偿方案。", id="召开…说明"),
        pytest.param(CERTIFICATE_CUE, "请各村提供低保户名单并说明变动原因。", id="提供…说明"),
        pytest.param(
            CERTIFICATE_CUE, "请各村核实留守儿童监护人情况，指定专人负责联系。", id="指定专人"
        ),
        pytest.param(CERTIFICATE_CUE, "请各村每周把巡河次数反馈镇河长办。", id="巡河次数"),
        pytest.param(SIGNED_OR_FILLED_CUE, "请村里为应征青年填写政治考核表并盖章。", id="考核表"),
        pytest.param(STRONG_ENFORCEMENT_CUE, "请各乡镇为星级文明户颁发证书和奖牌。", id="颁发证书"),
    ],
)
def test_a_cue_does_not_fire_inside_other_words(pattern, text):
    assert not pattern.search(plain(normalize(text)))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        pytest.param("请各村在主干道拉了一个禁毒宣传横幅。", "微信工作群", id="a-banner"),
        pytest.param("请包村干部和村两委成员都进群众家里宣传参保政策。", "微信工作群", id="进群众"),
        pytest.param("请乡里调集挖掘机、推土机抢通塌方道路。", "违法用地", id="a-bulldozer"),
        pytest.param("请乡镇梳理基层治理中的堵点难点，形成报告。", "营商环境", id="堵点难点"),
        pytest.param(
            "请街道对垃圾中转站定期消杀，防止产生异味。", "环境污染", id="a-smell-kept-off"
        ),
        pytest.param("请社区在办公楼门口设法治宣传教育展板。", "私设聚会点", id="宣传教育"),
        pytest.param("请各乡镇讲经验、找差距，形成总结报告。", "私设聚会点", id="讲经验"),
    ],
)
def test_a_thesaurus_entry_does_not_read_into_other_tasks(text, canonical):
    assert canonical not in expand_synonyms(plain(normalize(text)))


def test_a_conscripts_political_review_form_is_still_a_certificate():
    """填写政治考核表 is the certificate the list allows, no form the village fills in for a
    department (the review found SIGNED_OR_FILLED_CUE firing on it)."""
    res = check(
        demo_index(VILLAGE, phrases=True), VILLAGE, "请村里为应征青年填写政治考核表并盖章。"
    )
    assert res.verdict == "certificate_allowed", why(res)


# A certificate the village may issue, asked for by what it does rather than by 证明: each went to
# an assist or self-government item (or 清单外), in four to six files each.
# Read by test_admission_wording.test_everyday_wording_cites_the_item (one test, one table each).
CERTIFICATES_IN_OTHER_WORDS = [
    # The guardian named first, the designation after (…谁当监护人…依法指定一个).
    pytest.param(
        VILLAGE,
        "柳河村五保户刘某的外甥和侄女都想当监护人，请村委会依法指定一人并书面告知。",
        "certificate_allowed",
        "指定监护人意见",
        False,
        id="guardian-designated",
    ),
    # A 来源说明 issued from the village's records.
    pytest.param(
        VILLAGE,
        "东岗村老屋补办不动产证，请村集体查档案后出具宅基地来源说明。",
        "certificate_allowed",
        "房屋权属来源情况证明",
        False,
        id="source-of-the-plot",
    ),
    # Held-out 50, 59, 61: adoption, the village's only part in it the certificate (收养).
    pytest.param(
        VILLAGE,
        "松涛社区居民赵某夫妇申请收养一名孤儿，请社区按民政部门给的样式写明其家庭和抚养条件。",
        "certificate_allowed",
        "收养人婚姻状况和抚养教育能力证明",
        False,
        id="adoption",
    ),
    # Held-out 62: a feedback or a letter in plain words (写个反馈, 回个函).
    pytest.param(
        VILLAGE,
        "县委组织部让社区给来报到的机关党员写个反馈，讲讲他们全年到社区服务了几回。",
        "certificate_allowed",
        "在职党员到居住地报到情况反馈",
        False,
        id="write-a-feedback",
    ),
    # A student's volunteering fed back by its hours or visits.
    pytest.param(
        VILLAGE,
        "县二中学生寒假在红松社区做志愿者，请社区把每人参加的次数如实反馈。",
        "certificate_allowed",
        "学生参加社区（村）活动情况反馈",
        False,
        id="volunteer-hours",
    ),
]


# (level, task, verdict, the item cited first, 常见说法 indexed); read by test_admission_wording.
CITES = [
    # Held-out 56, 57, 58, 59 and four development rows: collecting dead pigs is the township's
    # part of 动物防疫 (病死畜禽收集), not the mass prevention of 动物疫病.
    pytest.param(
        TOWNSHIP,
        "请白桦乡在各村设死猪收集桶，养殖户的死猪每天统一拉走处理。",
        "cooperate",
        "动物防疫和检疫",
        True,
        id="dead-pigs",
    ),
    # Held-out 54, 58, 59 and three development rows: companies visited in today's words.
    pytest.param(
        TOWNSHIP,
        "开展万人助万企活动，请林源镇干部每月走访辖区企业两次，企业反映的问题建账销号。",
        "basic",
        "企业服务和优化营商环境",
        True,
        id="companies-visited",
    ),
    # Held-out 55, 56, 59 and nine development rows: 初信初访, 接访, 越级上访 shared only 信访
    # with 信访工作 and went to a reviewer for a low score.
    pytest.param(
        TOWNSHIP,
        "国庆期间请白桦乡班子成员轮流接访，初信初访件当面接谈、按期答复。",
        "basic",
        "信访工作",
        True,
        id="petitions",
    ),
    # Ten files: land taken for a project in the words of the site (地上附着物, 补偿协议, 被征地)
    # shared too few words with 土地征收 and went to a reviewer.
    pytest.param(
        TOWNSHIP,
        "县城南物流园用地涉及红松街道，请街道配合清点地上附着物，逐户签订补偿协议。",
        "cooperate",
        "土地征收",
        True,
        id="land-taken",
    ),
    # Eight files: land occupied in plain words (推地盖房, 挖地基, 推土占田) was no 违法用地.
    pytest.param(
        TOWNSHIP,
        "有村民在承包田里打地基准备盖房，请林源镇巡查时当场劝停，并报县自然资源局。",
        "cooperate",
        "违法用地查处",
        True,
        id="land-occupied",
    ),
    # Eight files: a smell complained of (异味, 臭味, 味太大) named no 环境污染.
    pytest.param(
        TOWNSHIP,
        "群众反映东岗村一家鸭棚臭味熏人，请林源镇配合分局到现场核查，情况当天反馈。",
        "cooperate",
        "环境污染问题查处",
        True,
        id="a-smell",
    ),
    # Ten files: a new work group in plain words (新拉了个…群, 全员进群, 扫码入群).
    pytest.param(
        VILLAGE,
        "县统战部又新拉了个“村级联络员群”，要求各村两委全员进群，有事在群里通知。",
        "negative",
        "未经统一清理整合新建面向村（社区）的微信工作群、政务APP",
        True,
        id="a-new-work-group",
    ),
    # Held-out 53, 63: a video on a platform spreading (抖音上…, 不实视频, 转发量) is 舆情.
    pytest.param(
        TOWNSHIP,
        "抖音上有人发林源镇“垃圾堆成山”的不实视频，转发量很大，请镇里尽快核实并发布回应。",
        "basic",
        "意识形态和宣传思想工作",
        True,
        id="a-video-spreading",
    ),
    # Held-out 49, 61, 62 and a development row: 居民代表会, 村民代表会 are 代表会议.
    pytest.param(
        VILLAGE,
        "请东岗村下月开一次村民代表会，把今年集体收入和开支向代表们讲清楚。",
        "selfgov",
        "召开村（居）民会议和代表会议",
        True,
        id="representatives-meeting",
    ),
    # Held-out 54, 55, 56 and four development rows: 红白理事会 and 喜事新办 were read as the
    # assist item for a banquet's declaration (酒席 → 集体聚餐).
    pytest.param(
        VILLAGE,
        "请东岗村红白理事会劝导办酒席的人家喜事新办，不攀比排场。",
        "selfgov",
        "精神文明建设和移风易俗",
        True,
        id="weddings-simply",
    ),
]


def test_a_felling_licence_pre_reviewed_by_the_township_is_never_allowed():
    """Held-out 59: 自留山砍树的申请…镇里先受理审核，再报林草局发证 read as 森林资源保护 (砍树 is
    乱砍滥伐 in the thesaurus); it is the withdrawn 林木采伐许可证核发."""
    res = check(
        demo_index(TOWNSHIP),
        TOWNSHIP,
        "村民自家承包林地砍树的申请，还请镇林业站先受理审核，再报县林草局发证。",
    )
    assert_not_allowed(res)
    nearest = res.matches or [c.match for c in res.review_candidates]
    assert nearest[0].item.name == "林木采伐许可证核发", why(res)


@pytest.mark.parametrize(
    "text",
    [
        "请社区为申请小额贷款的居民出具“无不良嗜好”证明并盖章。",
        "劳务公司到县里招工，请白桦村给报名的村民出具“品行清白”的证明，用于企业录用审核。",
    ],
)
def test_a_certificate_of_conduct_is_decided_negative_not_sent_to_review(text):
    """Fifteen development rows in fourteen files: a certificate of conduct (品行良好, 无不良嗜好,
    品行清白) was sent to a reviewer leaning negative — its no-certificate siblings are as close,
    the negative item's words are few. The wording names no basis any list gives: decided."""
    res = check(demo_index(VILLAGE, phrases=True), VILLAGE, text)
    assert res.verdict == "negative", why(res)
    assert "证明" in res.matches[0].item.name, why(res)


@pytest.mark.parametrize(
    "text",
    [
        "县统战部：请各社区周四前填好《辖区社会组织情况统计表》，盖章后扫描发邮箱。",
        "@各村文书 请周五前填报《农村文化人才统计表》，电子版和盖章纸质版各交一份。",
    ],
)
def test_a_form_filled_in_and_stamped_is_no_certificate(text):
    """Six development rows in six files: a department's own form, filled in and stamped
    (盖章), was read as a certificate the village issues and sent to a reviewer; it is material
    asked of the village (the negative list), while a feedback form still is a certificate."""
    res = check(demo_index(VILLAGE, phrases=True), VILLAGE, text)
    assert res.verdict == "negative", why(res)
    assert "证明" not in res.matches[0].item.name, why(res)
    feedback = check(
        demo_index(VILLAGE, phrases=True),
        VILLAGE,
        "寒假社会实践结束后，请社区对来参加志愿服务的学生如实填写活动情况反馈表并盖章。",
    )
    assert feedback.verdict == "certificate_allowed", why(feedback)
