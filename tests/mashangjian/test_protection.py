"""mashangjian.protection: redaction of what a reporter types, in the spellings people use."""

import pytest

from mashangjian.protection import redact


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("电话１３８１２３４５６７８，请回电", "１３８１２３４５６７８"),  # full-width digits
        ("qq号 12345678", "12345678"),
        ("ｖｘ：zhangsan88", "zhangsan88"),
        ("V信 zhangsan88", "zhangsan88"),
        ("微 信：zhangsan88", "zhangsan88"),
        ("手机138.1234.5678", "138.1234.5678"),
        ("身份证110101 19900307 123X", "110101 19900307 123X"),
    ],
)
def test_redaction_catches_common_spellings(text, hidden):
    assert hidden not in redact(text)


def test_redaction_keeps_ordinary_numbers_and_chinese_punctuation():
    text = "请于2025年10月1日前报送编号20251001的表格，共12345678元（附件）。"
    assert redact(text) == text
