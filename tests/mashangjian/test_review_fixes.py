"""Findings of the security review, each pinned by a test."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mashangjian.protection import redact
from mashangjian.uploads import clean_uploads

# A 109-byte PNG whose IDAT makes Pillow raise SyntaxError ("broken PNG file").
BROKEN_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000400000003008040000000b42b494"
    "0000001e49444154789cedce310100000cc230987fd193c1931a68da6cbbf11f00"
    "000000000000000000000000000000000000000000000054200fb99b0061f57ac0"
    "700000000049454e44ae426082"
)


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


def test_a_broken_image_is_a_validation_error_not_a_500():
    upload = SimpleUploadedFile("a.png", BROKEN_PNG, content_type="image/png")
    with pytest.raises(ValidationError, match="图片已损坏或无法识别"):
        clean_uploads([upload])


def test_hotspots_with_an_absurd_period_do_not_crash(client, world):
    client.force_login(world.office_user)
    response = client.get(reverse("mashangjian_admin:hotspots"), {"days": "1000000"})
    assert response.status_code == 400  # a Chinese 400 from registry.params, never a 500
    assert "days" in response.content.decode()


def test_handling_unit_sees_free_text_fields_redacted(client, world):
    from mashangjian.models import Case
    from mashangjian.services import cases

    case = cases.case_submit(
        category=world.category,
        region=world.tree["village"],
        subject_text="县教育局（联系人手机13812345678）",
        occurred="上周，电话0371-12345678通知",
        content="教育局重复要求填报留守儿童情况表。",
        anonymous=True,
    ).case
    Case.objects.filter(pk=case.pk).update(handler_department=world.minzheng, status="handling")
    client.force_login(world.minzheng_user)
    body = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).content.decode()
    assert "13812345678" not in body and "12345678" not in body


def test_the_api_refuses_text_longer_than_the_form_allows(client, world):
    response = client.post(
        "/api/open311/v2/requests.json",
        {
            "service_code": "TBBS",
            "jurisdiction_id": world.tree["village"].code,
            "description": "填表" * 2001,
        },
    )
    assert response.status_code == 400
    assert "最多4000个字符" in response.content.decode()


def test_unpublishing_a_case_that_is_not_public_changes_nothing(client, world):
    from mashangjian.services import cases

    case = cases.case_submit(
        category=world.category,
        region=world.tree["village"],
        content="教育局重复要求填报留守儿童情况表。",
        anonymous=True,
    ).case
    before = case.history.count()
    client.force_login(world.office_user)
    response = client.post(
        reverse("mashangjian_admin:case_action", args=[case.pk, "unpublish"]), follow=True
    )
    assert "未作为典型案例公开" in response.content.decode()
    assert case.history.count() == before
