import io

from django.urls import reverse
from openpyxl import load_workbook

from mashangjian.models import Case
from mashangjian.services import cases as svc
from tests.mashangjian.conftest import submit

SECRET_TEXT = "我是王五，电话13712345678，县统计局反复要求填报同一张表。"


def named_case(world, **kw):
    return submit(
        world,
        content=SECRET_TEXT,
        anonymous=False,
        contact_name="王五",
        contact_phone="13712345678",
        **kw,
    ).case


def test_office_sees_contact_handler_does_not(client, world):
    case = named_case(world)
    world.by("office", svc.case_accept, case, department=world.minzheng)
    url = reverse("mashangjian_admin:case_detail", args=[case.pk])
    client.force_login(world.office_user)
    office_page = client.get(url).content.decode()
    assert "13712345678" in office_page and "王五" in office_page
    client.force_login(world.minzheng_user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "13712345678" not in page and "王五" not in page
    assert "县统计局反复要求填报同一张表" in page


def test_unrelated_unit_gets_404_and_list_is_scoped(client, world):
    case = named_case(world)
    world.by("office", svc.case_accept, case, department=world.minzheng)
    client.force_login(world.jiaoyu_user)
    assert client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).status_code == 404
    assert case.number not in client.get(reverse("mashangjian_admin:case_list")).content.decode()
    denied = client.get(reverse("mashangjian_admin:statistics"))
    assert (
        denied.status_code == 302 and denied["Location"] == "/admin/"
    )  # Wagtail turns 403 into a redirect


def test_exports_hide_contact_from_handlers(client, world):
    case = named_case(world)
    world.by("office", svc.case_accept, case, department=world.minzheng)
    client.force_login(world.minzheng_user)
    csv_text = client.get(reverse("mashangjian_admin:cases_export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert case.number in csv_text and "13712345678" not in csv_text and "王五" not in csv_text
    wb = load_workbook(
        io.BytesIO(client.get(reverse("mashangjian_admin:cases_export", args=["xlsx"])).content)
    )
    cells = [str(c.value) for row in wb.active.iter_rows() for c in row]
    assert case.number in cells and not any("13712345678" in c for c in cells)
    client.force_login(world.office_user)
    office_csv = client.get(reverse("mashangjian_admin:cases_export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert "13712345678" in office_csv


def test_handler_answers_through_the_admin_and_audit_log_is_written(client, world):
    from wagtail.models import ModelLogEntry

    case = named_case(world)
    world.by("office", svc.case_accept, case, department=world.minzheng)
    client.force_login(world.minzheng_user)
    url = reverse("mashangjian_admin:case_action", args=[case.pk, "answer"])
    client.post(url, {"answer-answer": "已协调统计局取消重复报表。"})
    case.refresh_from_db()
    assert case.status == "review"
    assert ModelLogEntry.objects.filter(
        action="mashangjian.case.answer", user=world.minzheng_user
    ).exists()
    # A handler cannot take office actions.
    client.post(
        reverse("mashangjian_admin:case_action", args=[case.pk, "review"]),
        {"review-decision": "approve"},
    )
    case.refresh_from_db()
    assert case.status == "review"


def test_attachments_are_office_only(client, world):
    from mashangjian.uploads import CleanFile

    case = submit(
        world,
        content=SECRET_TEXT,
        files=[CleanFile(name="x.pdf", kind="pdf", data=b"%PDF-1.4\n%%EOF")],
    ).case
    world.by("office", svc.case_accept, case, department=world.minzheng)
    url = reverse("mashangjian_admin:attachment", args=[case.pk, case.attachments.get().pk])
    client.force_login(world.minzheng_user)
    assert client.get(url).status_code == 404
    client.force_login(world.office_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_admin_menu_and_pages_render(client, world):
    client.force_login(world.office_user)
    for name in ("case_list", "statistics", "hotspots"):
        assert client.get(reverse(f"mashangjian_admin:{name}")).status_code == 200
    home = client.get("/admin/").content.decode()
    assert "/admin/mashangjian/cases/" in home and "/admin/mashangjian/statistics/" in home
    client.force_login(world.minzheng_user)
    home = client.get("/admin/").content.decode()
    assert "/admin/mashangjian/cases/" in home and "/admin/mashangjian/statistics/" not in home


def test_hotspots_with_an_absurd_period_do_not_crash(client, world):
    client.force_login(world.office_user)
    response = client.get(reverse("mashangjian_admin:hotspots"), {"days": "1000000"})
    assert response.status_code == 400  # a Chinese 400 from registry.params, never a 500
    assert "days" in response.content.decode()


def test_handling_unit_sees_free_text_fields_redacted(client, world):
    case = submit(
        world,
        subject_text="县教育局（联系人手机13812345678）",
        occurred="上周，电话0371-12345678通知",
        content="教育局重复要求填报留守儿童情况表。",
        anonymous=True,
    ).case
    Case.objects.filter(pk=case.pk).update(handler_department=world.minzheng, status="handling")
    client.force_login(world.minzheng_user)
    body = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).content.decode()
    assert "13812345678" not in body and "12345678" not in body


def test_unpublishing_a_case_that_is_not_public_changes_nothing(client, world):
    case = submit(
        world,
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


def test_office_accepts_and_reroutes_through_the_admin(client, world):
    case = named_case(world)
    client.force_login(world.office_user)
    url = reverse("mashangjian_admin:case_action", args=[case.pk, "accept"])
    response = client.post(
        url, {"accept-mode": "route", "accept-department": world.minzheng.pk}, follow=True
    )
    assert "已受理。" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "handling" and case.handler_department == world.minzheng
    url = reverse("mashangjian_admin:case_action", args=[case.pk, "reroute"])
    response = client.post(
        url,
        {
            "reroute-mode": "route",
            "reroute-department": world.jiaoyu.pk,
            "reroute-reason": "涉及学校填表，由教育局办理。",
        },
        follow=True,
    )
    assert "已改派。" in response.content.decode()
    case.refresh_from_db()
    assert case.handler_department == world.jiaoyu


def test_the_export_holds_the_cases_the_filtered_list_shows(client, world):
    wanted, other = named_case(world), named_case(world)
    client.force_login(world.office_user)
    query = {"q": wanted.number}
    listing = client.get(reverse("mashangjian_admin:case_list"), query).content.decode()
    assert wanted.number in listing and other.number not in listing
    export = client.get(reverse("mashangjian_admin:cases_export", args=["csv"]), query)
    text = export.content.decode("utf-8-sig")
    assert wanted.number in text and other.number not in text
