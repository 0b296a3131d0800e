"""Adding a form goes through the admission procedure of a task (准入申请 → 审核 → 准入)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from burden.admission import form_admission_submit
from burden.enums import FormStatus
from burden.models import ReportForm
from burden.selectors import register_entries
from cms.admission import ApproveAdmission, RevokeAdmission
from mashangjian.workdays import WorkCalendar
from registry.admission_index import index_cache_clear
from registry.enums import AdmissionStatus, ListKind
from registry.services.admission_requests import approving_group_for
from tests.burden.test_registers import make_form
from tests.factories import items, make_user, publish

D = datetime.date
TODAY = D(2026, 9, 1)
CAL = WorkCalendar(holidays=frozenset(), makeup_days=frozenset(), known_years=frozenset({2026}))


@pytest.fixture
def pending(two):
    index_cache_clear()
    publish(two.county, ListKind.VILLAGE_ASSIST, D(2025, 1, 1), items("协助开展低保对象走访"))
    form = make_form(
        two.county, two.minzheng, "BB-009", title="低保对象走访台账",
        purpose="村委会每月登记低保对象走访情况", approval="", status=FormStatus.PENDING,
    )  # fmt: skip
    return two, form


def _submit(two, form):
    return form_admission_submit(
        form=form, user=two.office, calendar=CAL, today=TODAY,
        basis="《社会救助暂行办法》", funding="县民政局按村拨付工作经费。",
        staff="由村民政协理员承担。", period_start=D(2026, 11, 2),
    )  # fmt: skip


def test_form_goes_through_admission_and_approval_takes_it_into_the_catalogue(pending):
    two, form = pending
    assert register_entries("forms", region=two.county, on=D(2026, 12, 1)) == []
    request = _submit(two, form)
    assert request.subject == "form" and request.status == AdmissionStatus.SUBMITTED
    # the admission check ran on the form's title and purpose
    assert request.assignment_check.text == "低保对象走访台账：村委会每月登记低保对象走访情况"
    form.refresh_from_db()
    assert form.admission_request == request and form.status == FormStatus.PENDING
    with pytest.raises(PermissionDenied):  # never the applicant
        ApproveAdmission(request, user=two.office, document_no="林准〔2026〕5号").execute()
    reviewer = make_user("reviewer")
    reviewer.groups.add(Group.objects.create(name=approving_group_for(two.county)))
    ApproveAdmission(request, user=reviewer, document_no="林准〔2026〕5号").execute()
    request.refresh_from_db()
    form.refresh_from_db()
    assert request.status == AdmissionStatus.APPROVED and request.item_code == ""
    assert form.status == FormStatus.IN_CATALOGUE and form.approval == "林准〔2026〕5号"
    assert form.valid_from == D(2026, 11, 2)
    assert [
        e["number"] for e in register_entries("forms", region=two.county, on=D(2026, 12, 1))
    ] == ["BB-009"]
    assert form.history.first().history_change_reason == "准入批准（林准〔2026〕5号）"
    with pytest.raises(ValidationError, match="基层报表目录"):
        RevokeAdmission(request, user=reviewer, document_no="X", reason="y").execute()


def test_only_pending_forms_are_submitted_once(pending):
    two, form = pending
    _submit(two, form)
    with pytest.raises(ValidationError, match="已提交准入申请"):
        _submit(two, ReportForm.objects.get(pk=form.pk))
    other = make_form(two.county, two.minzheng, "BB-010")
    with pytest.raises(ValidationError, match="无需准入申请"):
        _submit(two, other)


def test_office_files_the_form_admission_from_the_form_screen(pending, client):
    from django.urls import reverse

    two, form = pending
    client.force_login(two.office)
    inspect = client.get(reverse("burden_forms:inspect", args=[form.pk])).content.decode()
    url = reverse("burden_admin:form_admission", args=[form.pk])
    assert "本报表待准入" in inspect and url in inspect
    bad = client.post(
        url, {"basis": "", "funding": "x", "staff": "y", "period_start": "2026-13-01"}
    )
    assert bad.status_code == 200 and ReportForm.objects.get(pk=form.pk).admission_request is None
    assert "请填写报表的法律法规或政策依据。" in bad.content.decode()
    assert "拟启用日期无效，应为 YYYY-MM-DD。" in bad.content.decode()
    data = {"basis": "《社会救助暂行办法》", "funding": "县民政局拨付经费。",
            "staff": "村民政协理员承担。",
            "period_start": (timezone.localdate() + datetime.timedelta(days=90)).isoformat()}  # fmt: skip
    response = client.post(url, data, follow=True)
    form.refresh_from_db()
    assert response.redirect_chain[0][0] == reverse(
        "jianfu:admission_detail", args=[form.admission_request_id]
    )
    assert "已提交报表 BB-009「低保对象走访台账」的准入申请，待审核。" in response.content.decode()
    inspect = client.get(reverse("burden_forms:inspect", args=[form.pk])).content.decode()
    assert "准入申请：待审核" in inspect
    client.force_login(two.other_office)
    assert client.get(url).status_code in (302, 403, 404)
