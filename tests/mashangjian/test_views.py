import io

import pytest
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from mashangjian.models import Attachment, Case
from mashangjian.services import cases as svc
from tests.mashangjian.conftest import at, submit


def form_data(world, **extra):
    data = {
        "category": world.category.pk,
        "region": world.tree["village"].pk,
        "content": "县教育局一周内三次要求村里填报留守儿童情况表，内容重复。",
        "anonymous": "1",
        "subject_department": "",
        "subject_text": "",
        "occurred": "九月",
    }
    data.update(extra)
    return data


def jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (39.0, 54.0, 27.0), 1: "N"}  # GPS IFD
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_form_page_preselects_the_region_of_the_qr_code(client, world):
    response = client.get(reverse("mashangjian:report", args=[world.tree["town"].code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{world.tree["town"].pk}" selected>' in html
    assert "涉法涉诉" in html and "谁能看到您的反映" in html
    assert "多头填报" in html  # category descriptions as help


def test_submit_shows_number_and_code_once_and_never_caches(client, world):
    response = client.post(
        reverse("mashangjian:report", args=[world.county.code]), form_data(world), follow=True
    )
    assert response.redirect_chain == [(reverse("mashangjian:receipt"), 302)]
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    case = Case.objects.get()
    html = response.content.decode()
    assert case.number in html
    code = html.split('id="query-code">')[1].split("<")[0]
    assert len(code) == 14 and case.token_hash not in html


def test_status_page_refuses_wrong_code_and_unknown_number_alike(client, world):
    receipt = submit(
        world,
        content="重复要表问题反映内容示例。",
        now=at(2025, 9, 26),
    )
    url = reverse("mashangjian:status")
    ok = client.post(url, {"number": receipt.number, "code": receipt.query_code})
    assert ok.status_code == 200 and "已收到，待受理" in ok.content.decode()
    lowercase = client.post(
        url, {"number": receipt.number.lower(), "code": receipt.query_code.lower().replace("-", "")}
    )
    assert lowercase.status_code == 200
    wrong_code = client.post(url, {"number": receipt.number, "code": "AAAA-BBBB-CCCC"})
    unknown = client.post(url, {"number": "MSJ-0000-0000", "code": receipt.query_code})
    assert wrong_code.status_code == unknown.status_code == 404
    strip = lambda r: r.content.decode().split('name="csrfmiddlewaretoken" value="')[0]  # noqa: E731
    assert strip(wrong_code) == strip(unknown)
    assert (
        client.get(url + f"?number={receipt.number}").status_code == 200
    )  # GET shows only the lookup form


@override_settings(MASHANGJIAN_RATE_LIMITS={"submit": "2/3600", "lookup": "3/600"})
def test_rate_limits(client, world):
    url = reverse("mashangjian:report", args=[world.county.code])
    assert (
        client.post(url, form_data(world, content="第一件：重复填报的表格太多了。")).status_code
        == 302
    )
    assert (
        client.post(url, form_data(world, content="第二件：陪会太多，耽误工作。")).status_code
        == 302
    )
    assert client.post(url, form_data(world, content="第三件：打卡太多。")).status_code == 429
    assert Case.objects.count() == 2
    status = reverse("mashangjian:status")
    codes = [
        client.post(status, {"number": "MSJ-0000-0000", "code": "X"}).status_code for _ in range(4)
    ]
    assert codes == [404, 404, 404, 429]


def test_attachment_image_metadata_is_stripped(client, world):
    data = jpeg_with_gps()
    assert b"PhoneMaker" in data
    response = client.post(
        reverse("mashangjian:report", args=[world.county.code]),
        form_data(world, attachments=[upload("我的名字.jpg", data)]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    stored = attachment.file.read()
    assert stored.startswith(b"\xff\xd8\xff") and b"PhoneMaker" not in stored
    with Image.open(io.BytesIO(stored)) as img:
        assert not img.getexif()
    assert "我的名字" not in attachment.file.name


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("a.jpg", b"MZ\x90\x00 not an image", "image/jpeg")], "只接受 JPG、PNG 图片或 PDF"),
        ([("a.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), "application/pdf")], "超过 5 MB"),
        (
            [(f"{i}.pdf", b"%PDF-1.4\n%%EOF", "application/pdf") for i in range(4)],
            "最多上传 3 个附件",
        ),
        ([("x.png", b"\x89PNG\r\n\x1a\nbroken", "image/png")], "图片已损坏"),
    ],
)
def test_bad_attachments_are_refused_with_a_clear_message(client, world, files, message):
    response = client.post(
        reverse("mashangjian:report", args=[world.county.code]),
        form_data(world, attachments=[upload(*f) for f in files]),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists()


def test_pdf_attachment_is_accepted(client, world):
    response = client.post(
        reverse("mashangjian:report", args=[world.county.code]),
        form_data(world, attachments=[upload("a.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")]),
    )
    assert response.status_code == 302
    assert Attachment.objects.get().kind == "pdf"


def test_named_report_without_phone_is_refused(client, world):
    response = client.post(
        reverse("mashangjian:report", args=[world.county.code]), form_data(world, anonymous="0")
    )
    assert response.status_code == 400 and "联系方式" in response.content.decode()


def test_rating_unsatisfied_reopens_from_the_status_page(client, world):
    receipt = submit(
        world,
        content="重复要表问题反映内容示例。",
        now=at(2025, 9, 26),
    )
    case = receipt.case
    world.by("office", svc.case_accept, case, direct=True)
    world.by("office", svc.case_answer, case, answer="已责令整改并取消重复报表。")
    world.by("office", svc.case_review, case, approve=True)
    page = client.post(
        reverse("mashangjian:status"), {"number": receipt.number, "code": receipt.query_code}
    )
    assert "已责令整改" in page.content.decode()
    rated = client.post(
        reverse("mashangjian:rate"),
        {"number": receipt.number, "code": receipt.query_code, "satisfaction": "unsatisfied"},
    )
    assert "案件将重新办理" in rated.content.decode()
    case.refresh_from_db()
    assert case.status == "handling" and case.reopened


def test_poster_svg_png_and_printable_page(client, world):
    code = world.tree["town"].code
    page = client.get(reverse("mashangjian:poster", args=[code]))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    svg = client.get(reverse("mashangjian:poster_svg", args=[code]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(reverse("mashangjian:poster_png", args=[code]))
    assert png.content.startswith(b"\x89PNG")
    assert client.get(reverse("mashangjian:poster", args=["000000000000"])).status_code == 404
