"""Admission check flags (registry/admission_cues.py): the cross-cutting burden patterns.

Pure tests: no database, no Django settings.  The items are in tests/registry/admission_items/.
"""

from __future__ import annotations

import pytest

from registry.admission_cues import (
    FLAG_JDGB,
    FLAG_JZPZ,
    FLAG_SDZR,
    FLAG_TBBS,
    FLAG_ZJXS,
    detect_flags,
)
from registry.kinds import VERDICT_UNLISTED
from tests.registry.admission_items import TOWNSHIP, check
from tests.registry.admission_items import index as index  # noqa: F401 (the fixture)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请各乡镇主要负责同志到县应急管理局签订安全生产目标责任书。", {FLAG_SDZR}),
        ("请各村（社区）每周填报人口信息统计表，周五前报送。", {FLAG_TBBS}),
        ("按照县委、县政府统一部署，请各村填报人口信息统计表。", set()),
        ("工作完成后请在工作群里上传截图。", {FLAG_ZJXS}),
        ("请村干部每天在ＡＰＰ上打卡签到。", {FLAG_ZJXS}),
        ("请各乡镇抽调2名干部到县创建办集中办公。", {FLAG_JDGB}),
        ("请各村在村部加挂“退役军人服务站”牌子。", {FLAG_JZPZ}),
        ("请每个社区配备一名专职网格信息员。", {FLAG_JZPZ}),
        ("请各村为退役军人家庭悬挂光荣牌。", set()),
        ("请各村组织人员对户外广告牌开展安全排查。", set()),
        ("请各村（社区）协助做好城乡居民医疗保险参保宣传。", set()),
        (
            "请各村抽调一人到县里帮忙，并签订责任状，每天拍照上传工作群。",
            {FLAG_JDGB, FLAG_SDZR, FLAG_ZJXS},
        ),
    ],
)
def test_flags(text, expected):
    flags = detect_flags(text)
    assert {f.code for f in flags} == expected
    for flag in flags:
        assert flag.label and flag.evidence


def test_flags_are_part_of_every_check(index):
    result = check(index, TOWNSHIP, "请各乡镇抽调3名工作人员到县人社局承担考务工作。")
    assert result.verdict == VERDICT_UNLISTED
    assert FLAG_JDGB in {f.code for f in result.flags}
