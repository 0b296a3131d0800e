"""Admission check verdicts (registry/admission.py): the verdict and the item it cites, per level.

Pure tests: no database, no Django settings.  The items are in tests/registry/admission_items/.
"""

from __future__ import annotations

import pytest

from registry.kinds import KIND_TO_VERDICT, VERDICT_REVIEW, VERDICT_UNLISTED
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.admission_items import index as index  # noqa: F401 (the fixture)

# (level, assigning department, task text, verdict, expected top item code or None)
CASES = [
    # --- township: basic --------------------------------------------------------------------
    (
        TOWNSHIP,
        "县民政局",
        "请各乡镇做好农村低保对象的入户核查和评议公示工作。",
        "basic",
        "township_basic-0020",
    ),
    (
        TOWNSHIP,
        "县水利局",
        "请各乡镇组织开展汛前检查，汛期做好危险区群众转移避险。",
        "basic",
        "township_basic-0035",
    ),
    (
        TOWNSHIP,
        "县委组织部",
        "请各镇对软弱涣散的村党组织逐一排查，限期整顿。",
        "basic",
        "township_basic-0003",
    ),
    # --- township: cooperate vs withdrawn (patrol-and-report vs professional enforcement) ----
    (
        TOWNSHIP,
        "县消防救援大队",
        "请各乡镇对辖区小饭馆、小旅馆开展消防日常巡查，发现隐患督促整改，拒不整改的报告消防救援大队。",
        "cooperate",
        "township_cooperate-0001",
    ),
    (
        TOWNSHIP,
        "县市场监管局",
        "请各乡镇对辖区商场的电梯、锅炉开展安全监督检查。",
        "withdrawn",
        "township_withdrawn-0002",
    ),
    (
        TOWNSHIP,
        "县住建局",
        "请各乡镇入户宣传燃气安全，提醒居民更换老化胶管，发现隐患报县住建局。",
        "cooperate",
        "township_cooperate-0007",
    ),
    (
        TOWNSHIP,
        "县住建局",
        "请各乡镇对辖区液化气供应站的经营安全开展检查。",
        "withdrawn",
        "township_withdrawn-0009",
    ),
    (
        TOWNSHIP,
        "市生态环境局林源分局",
        "请各乡镇发现环境污染问题及时报告生态环境分局，并配合做好信访件现场核查。",
        "cooperate",
        "township_cooperate-0020",
    ),
    (
        TOWNSHIP,
        "市生态环境局林源分局",
        "各乡镇要组织人员对辖区企业排放的污水取样监测，超标的依法处罚。",
        "withdrawn",
        "township_withdrawn-0004",
    ),
    (
        TOWNSHIP,
        "县林草局",
        "请各乡镇发现乱砍滥伐的及时制止，并报告县林草局查处。",
        "cooperate",
        "township_cooperate-0022",
    ),
    (
        TOWNSHIP,
        "县林草局",
        "今后村民的采伐申请由乡镇林业站直接审核并发放采伐证。",
        "withdrawn",
        "township_withdrawn-0015",
    ),
    (
        TOWNSHIP,
        "县应急管理局",
        "请各乡镇对辖区采石场开展安全生产执法检查。",
        "withdrawn",
        "township_withdrawn-0006",
    ),
    (
        TOWNSHIP,
        "县卫健局",
        "请各乡镇对辖区美容美发店、宾馆的卫生状况开展监督检查。",
        "withdrawn",
        "township_withdrawn-0013",
    ),
    (
        TOWNSHIP,
        "县教育局",
        "请各街道对辖区课外辅导机构开展日常监管，查处无证办学。",
        "withdrawn",
        "township_withdrawn-0016",
    ),
    (
        TOWNSHIP,
        "县自然资源局",
        "麻烦各镇对非法采矿点进行巡查，发现线索第一时间向县自然资源局报告。",
        "cooperate",
        "township_cooperate-0014",
    ),
    # --- township: unlisted ----------------------------------------------------------------
    (TOWNSHIP, "县工信局", "请各乡镇负责辖区通信铁塔的日常看护和故障报修。", "unlisted", None),
    (
        TOWNSHIP,
        "县体育中心",
        "请各乡镇组织居民参加县里的马拉松比赛，每个乡镇不少于100人。",
        "unlisted",
        None,
    ),
    # --- village: assist vs negative (helping a department vs carrying its job) --------------
    (
        VILLAGE,
        "县医保局",
        "请各村用大喇叭提醒群众按时缴纳城乡居民医保费。",
        "assist",
        "village_assist-0005",
    ),
    (
        VILLAGE,
        "县医保局",
        "请各村代收今年的城乡居民医保费，统一上交县医保局。",
        "negative",
        "village_negative-0021",
    ),
    (
        VILLAGE,
        "县公安局",
        "请各村（社区）协助开展防范电信诈骗宣传。",
        "assist",
        "village_assist-0016",
    ),
    (
        VILLAGE,
        "县应急管理局",
        "各村要对本村范围内的安全生产负总责，县里每季度考核。",
        "negative",
        "village_negative-0005",
    ),
    (
        VILLAGE,
        "县住建局",
        "请各村（社区）协助做好辖区加油站、液化气站的安全检查。",
        "negative",
        "village_negative-0006",
    ),
    (
        VILLAGE,
        "县应急管理局",
        "请各村明确一名灾害信息员，汛期及时传递预警、报告灾情。",
        "assist",
        "village_assist-0018",
    ),
    (VILLAGE, "县妇联", "请各村建立妇女之家，配备专职妇联干部，并挂牌运行。", "negative", None),
    (
        VILLAGE,
        "县退役军人事务局",
        "请各村为新退役军人家庭悬挂光荣牌，并上门慰问。",
        "assist",
        "village_assist-0008",
    ),
    (
        VILLAGE,
        "县委政法委",
        "请每个村挂上综治中心、调解室等7块牌子，下月检查。",
        "negative",
        "village_negative-0015",
    ),
    (
        VILLAGE,
        "县综合执法局",
        "请各村（社区）对辖区餐馆油烟直排行为进行处罚。",
        "negative",
        "village_negative-0002",
    ),
    (
        VILLAGE,
        "县综合执法局",
        "请各村负责本村违法建筑的拆除，拆除不力的追究村干部责任。",
        "negative",
        "village_negative-0003",
    ),
    (
        VILLAGE,
        "县城管局",
        "请每个社区派一名干部到县城管局跟班三个月。",
        "negative",
        "village_negative-0020",
    ),
    (
        VILLAGE,
        "县商务局",
        "请各村为县里的招商推介会落实2个签约项目。",
        "negative",
        "village_negative-0004",
    ),
    (
        VILLAGE,
        "县某公司",
        "请各村向村民推销本年度的家庭财产保险，每村完成50户。",
        "negative",
        "village_negative-0023",
    ),
    (
        VILLAGE,
        "县司法局",
        "请各村（社区）配合司法所做好社区服刑人员的日常监管和教育帮扶。",
        "assist",
        "village_assist-0012",
    ),
    (
        VILLAGE,
        "县自然资源局",
        "请各村协助宣传耕地保护，发现有人在承包地上违规建房的及时报告乡镇。",
        "assist",
        "village_assist-0022",
    ),
    # --- village: self-government ----------------------------------------------------------
    (
        VILLAGE,
        "",
        "请各村组织治保会成员在节日期间开展夜间巡逻。",
        "selfgov",
        "village_selfgov-0013",
    ),
    (
        VILLAGE,
        "",
        "村里两户人家因为宅基地边界吵架，请村调委会上门调解。",
        "selfgov",
        "village_selfgov-0012",
    ),
    # --- village: certificates, allowed vs forbidden --------------------------------------------
    (
        VILLAGE,
        "",
        "居民再婚前，有关部门要求社区开具单身证明。",
        "certificate_forbidden",
        "village_no_certificates-0008",
    ),
    (
        VILLAGE,
        "",
        "当事人补领离婚证时婚姻登记档案已经遗失，请居委会出具其婚姻状况证明。",
        "certificate_allowed",
        "village_certificates-0011",
    ),
    (
        VILLAGE,
        "县人武部",
        "请村委会为应征青年出具无违法犯罪记录的证明。",
        "certificate_forbidden",
        "village_no_certificates-0005",
    ),
    (
        VILLAGE,
        "县人武部",
        "请村委会在本村应征青年的政治考核表上签署意见。",
        "certificate_allowed",
        "village_certificates-0005",
    ),
    (
        VILLAGE,
        "",
        "请村股份经济合作社依据成员名册，为村民出具集体经济组织成员身份证明，用于分红。",
        "certificate_allowed",
        "village_certificates-0009",
    ),
    (
        VILLAGE,
        "",
        "请社区证明居民张某的身份信息，用于办理手机卡。",
        "certificate_forbidden",
        "village_no_certificates-0002",
    ),
    (
        VILLAGE,
        "",
        "居民申请困难补助，想让社区开个证明说明他现在没有工作。",
        "certificate_forbidden",
        "village_no_certificates-0015",
    ),
    (
        VILLAGE,
        "县人社局",
        "外地领取养老金的老人需要村里每年出具其仍然在世的证明。",
        "certificate_forbidden",
        "village_no_certificates-0010",
    ),
    (
        VILLAGE,
        "",
        "孩子要转到县城读书，学校让社区开转学证明。",
        "certificate_forbidden",
        "village_no_certificates-0022",
    ),
    (
        VILLAGE,
        "",
        "外来务工人员办居住证但没有租房合同，请村委会开具其实际居住情况的证明。",
        "certificate_allowed",
        "village_certificates-0013",
    ),
    # --- village: unlisted -----------------------------------------------------------------
    (VILLAGE, "县供电公司", "请各村负责辖区输电线路杆塔的日常看护。", "unlisted", None),
    (VILLAGE, "县交通运输局", "请各村负责辖区农村客运候车亭的日常维护和保洁。", "unlisted", None),
]


@pytest.mark.parametrize(("level", "department", "text", "verdict", "code"), CASES)
def test_verdict_and_cited_item(index, level, department, text, verdict, code):
    result = check(index, level, text, department)
    if verdict == VERDICT_UNLISTED and result.verdict == VERDICT_REVIEW:
        # The cross-validated tuning sends 清单外 to a reviewer when an item is near
        # (unlisted_doubt): the rules' reading must still be 清单外, never a listed verdict.
        assert result.suggested_verdict == VERDICT_UNLISTED
        return
    if verdict == "certificate_allowed" and result.verdict == VERDICT_REVIEW:
        # A not-to-be-issued sibling close by sends an allowed certificate to a reviewer
        # (Tuning.certificate_doubt): the rules must still lean to the allowed item and name it.
        assert result.suggested_verdict == verdict
        assert code is None or code in {c.match.item.code for c in result.review_candidates}
        return
    if result.verdict == VERDICT_REVIEW:
        # 需人工研判 is honest when the calibration is not sure enough (it catches a prohibited
        # task, as the issue counts it): the rules must still read the task right and show the
        # item to the reviewer. How many of these cases are decided alone is asserted below.
        assert result.suggested_verdict == verdict
        assert code is None or code in {c.match.item.code for c in result.review_candidates}
        return
    assert result.verdict == verdict, [(m.item.code, m.score) for m in result.matches]
    if code is not None:
        assert result.matches[0].item.code == code
    if verdict == VERDICT_UNLISTED:
        assert result.matches == ()
    else:
        assert result.matches, "a listed verdict cites at least one item"
        assert KIND_TO_VERDICT[result.matches[0].item.list_kind] == verdict


def test_most_of_the_cases_are_decided_without_a_reviewer(index):
    # The target: at least 80 % decided automatically (here: hand-written cases, none
    # from an evaluation file), so a stricter calibration cannot hide behind 需人工研判.
    results = [check(index, level, text, department) for level, department, text, _, _ in CASES]
    automatic = sum(r.verdict != VERDICT_REVIEW for r in results) / len(results)
    assert automatic >= 0.8, automatic
