"""Admission check consequences (registry/admission.py): what the result tells the user to do.

Pure tests: no database, no Django settings.  The items are in tests/registry/admission_items/.
"""

from __future__ import annotations

import pytest

from registry.admission_cues import CASE_QDWSX, CASE_WZRTP
from registry.kinds import PROHIBITED_VERDICTS, VERDICT_UNLISTED
from tests.registry.admission_items import TOWNSHIP, VILLAGE, check
from tests.registry.admission_items import index as index  # noqa: F401 (the fixture)


@pytest.mark.parametrize(
    ("level", "department", "text", "verdict", "fragments"),
    [
        (
            TOWNSHIP,
            "县公安局",
            "请各乡镇组织网格员对预警劝阻对象上门劝阻，开展反诈宣传。",
            "cooperate",
            ("县公安局为主责部门", "次要责任", "配合职责"),
        ),
        (
            TOWNSHIP,
            "县委宣传部",
            "请各乡镇组织网格员对预警劝阻对象上门劝阻，开展反诈宣传。",
            "cooperate",
            ("不是该事项的主责部门", "县公安局"),
        ),
        (
            VILLAGE,
            "县民政局",
            "请各村（社区）明确儿童主任，摸排困境儿童和留守儿童。",
            "assist",
            ("费随事转", "县民政局"),
        ),
        (
            VILLAGE,
            "县教育局",
            "请各村（社区）明确儿童主任，摸排困境儿童和留守儿童。",
            "assist",
            ("不是该协助事项的责任部门", "县民政局", "先经准入审批"),
        ),
        (
            TOWNSHIP,
            "县市场监管局",
            "请各乡镇对辖区商场的电梯、锅炉开展安全监督检查。",
            "withdrawn",
            ("不得交由乡镇（街道）承担", "县市场监管局"),
        ),
        (
            VILLAGE,
            "",
            "请社区给居民开一份无犯罪记录证明。",
            "certificate_forbidden",
            ("应拒绝出具", "由公安机关出具"),
        ),
        (
            VILLAGE,
            "县城管局",
            "请每个社区派一名干部到县城管局跟班三个月。",
            "negative",
            ("不得向村（社区）摊派",),
        ),
        (
            TOWNSHIP,
            "县工信局",
            "请各乡镇负责辖区通信铁塔的日常看护和故障报修。",
            "unlisted",
            ("职责准入", CASE_QDWSX),
        ),
        (
            VILLAGE,
            "县供电公司",
            "请各村负责辖区输电线路杆塔的日常看护。",
            "unlisted",
            ("准入", CASE_WZRTP),
        ),
    ],
)
def test_consequences(index, level, department, text, verdict, fragments):
    result = check(index, level, text, department)
    assert result.verdict == verdict
    joined = "\n".join(result.consequences)
    for fragment in fragments:
        assert fragment in joined
    assert (verdict in PROHIBITED_VERDICTS or verdict == VERDICT_UNLISTED) == (not result.allowed)
