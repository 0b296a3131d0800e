"""A list import never undoes an admission decision: the approval is the authority for the terms of
an admitted item (限定承接单位, 准入文号, 实施期限, 费随事转, 权随责走) and for whether it is on the list."""

import datetime

import pytest
from django.utils import timezone

from cms.admission import ApproveAdmission, RevokeAdmission
from cms.models import DutyListPage
from registry.enums import ListKind
from registry.imports import list_import_commit, list_import_prepare
from tests.cms.test_admission import _publish_draft, _submit
from tests.cms.test_admission import setup as setup  # noqa: F401 (the fixture)
from tests.import_files import csv_bytes

pytestmark = pytest.mark.django_db

HEADER = ["序号", "类别", "事项名称", "协助内容", "责任部门", "依据"]
MEDICAL = ["1", "", "协助开展城乡居民基本医疗保险参保登记", "协助做好参保登记和政策宣传。", "县民政局", ""]  # fmt: skip
ADMITTED = "协助开展退役军人信息采集"
TERMS = {
    "admission_no": "测社工准〔2026〕1号",
    "term": "2026-11-02至长期",
    "funding": "县退役军人局按每村每年2000元拨付工作经费。",
    "staff": "由村退役军人服务站现有人员承担。",
}


def _import(s, rows, user):
    region = s["tree"]["county"]
    plan = list_import_prepare(
        region=region, kind=ListKind.VILLAGE_ASSIST, file_name="清单.csv", data=csv_bytes(rows)
    )
    assert plan.ok, plan.errors
    list_import_commit(
        region=region, kind=ListKind.VILLAGE_ASSIST, plan=plan, user=user, page_id=s["page"].pk
    )
    draft = DutyListPage.objects.get(pk=s["page"].pk).get_latest_revision_as_object()
    return plan, {i.code: i for i in draft.draft_items.all()}


def _approved(s):
    r = _submit(s)
    ApproveAdmission(r, user=s["users"]["reviewer"], document_no=TERMS["admission_no"]).execute()
    r.refresh_from_db()
    return r


def _publish_tomorrow(s):
    """The draft (with the admitted item) approved by another reviewer, in force tomorrow."""
    users = s["users"]
    _publish_draft(
        s["page"],
        editor=users["admin"],
        reviewer=users["reviewer2"],
        effective_from=timezone.localdate() + datetime.timedelta(days=1),
        document_no="测社工发〔2026〕20号",
    )


def _assert_terms(item, s):
    assert item.target_codes == (s["tree"]["village"].code,)
    for field, value in TERMS.items():
        assert getattr(item, field) == value, field


def test_an_import_without_the_admitted_item_keeps_it_with_its_terms(setup):
    """Approved, only in the draft: a file written from the version in force does not drop it."""
    r = _approved(setup)
    plan, items = _import(setup, [HEADER, MEDICAL], setup["users"]["admin"])
    assert r.item_code in items, "the import dropped an admitted item"
    _assert_terms(items[r.item_code], setup)
    assert any(r.item_code in w and "准入" in w for w in plan.warnings)


def test_an_import_row_for_an_admitted_item_keeps_its_terms(setup):
    """Approved and published: the row (matched by name, no admission columns) keeps the terms."""
    s, users = setup, setup["users"]
    r = _approved(s)
    _publish_tomorrow(s)
    row = ["2", "", ADMITTED, "协助做好退役军人信息采集（改写）。", "县退役军人局", ""]
    plan, items = _import(s, [HEADER, MEDICAL, row], users["admin"])
    item = items[r.item_code]
    assert item.content == "协助做好退役军人信息采集（改写）。"  # the file's own columns apply
    _assert_terms(item, s)


def test_an_import_row_for_an_admitted_item_not_yet_published_keeps_its_code(setup):
    """Only in the draft: the row is matched to the admitted item, not added as a new one."""
    r = _approved(setup)
    row = ["2", "", ADMITTED, "协助做好辖区退役军人基础信息采集和走访慰问。", "县退役军人局", ""]
    plan, items = _import(setup, [HEADER, MEDICAL, row], setup["users"]["admin"])
    assert [i.name for i in items.values()].count(ADMITTED) == 1
    _assert_terms(items[r.item_code], setup)


def test_an_import_does_not_bring_back_a_revoked_item(setup):
    """退出 decided but not yet in force: a file exported from the version in force still has the
    row; the import leaves it out and says so."""
    s, users = setup, setup["users"]
    r = _approved(s)
    _publish_tomorrow(s)
    RevokeAdmission(
        r, user=users["reviewer"], document_no="测社工准〔2026〕9号", reason="任务已完成",
        effective_from=timezone.localdate() + datetime.timedelta(days=2),
    ).execute()  # fmt: skip
    row = ["2", "", ADMITTED, "协助做好辖区退役军人基础信息采集和走访慰问。", "县退役军人局", ""]
    # The revocation put the draft under review: a reviewer may still change it.
    plan, items = _import(s, [HEADER, MEDICAL, row], users["reviewer2"])
    assert r.item_code not in items and ADMITTED not in [i.name for i in items.values()]
    assert any("退出" in w and ADMITTED in w for w in plan.warnings)
