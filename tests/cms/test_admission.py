"""准入申请: working-day deadlines, decisions by the approving group only, the draft change, register."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry, PageLogEntry

from cms.admission import ApproveAdmission, RevokeAdmission
from cms.models import DutyListPage
from mashangjian.workdays import WorkCalendar
from registry import selectors
from registry.admission_index import index_cache_clear
from registry.enums import AdmissionStatus, ListKind
from registry.models import DutyList
from registry.services import admission_requests as services
from tests.factories import make_department, make_user
from tests.registry.checks_fixtures import make_lists

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 9, 1)  # a Tuesday
# National Day week 2026 (Oct 1–7 off) and a make-up Saturday (Sep 26/Oct 10 style).
CAL = WorkCalendar(
    holidays=frozenset(datetime.date(2026, 10, d) for d in range(1, 8)),
    makeup_days=frozenset({datetime.date(2026, 9, 26)}),
    known_years=frozenset({2026, 2027}),
)


@pytest.fixture
def setup(site):
    index_cache_clear()
    tree = site["tree"]
    lists = make_lists(tree)
    assist_list = DutyList.objects.get(region=tree["county"], kind=ListKind.VILLAGE_ASSIST)
    page = site["county"].add_child(
        instance=DutyListPage(
            title="测试县依法协助事项清单", slug="village-assist", kind=ListKind.VILLAGE_ASSIST,
            duty_list=assist_list,
        )
    )  # fmt: skip
    page.save_revision()
    dept = make_department(tree["county"], "县退役军人局")
    applicant = make_user("applicant")
    return {**site, "lists": lists, "page": page, "dept": dept, "applicant": applicant}


def _submit(s, **kw):
    data = dict(
        department=s["dept"],
        item_name="协助开展退役军人信息采集",
        basis="《退役军人保障法》第十条",
        content="协助做好辖区退役军人基础信息采集和走访慰问。",
        period_start=datetime.date(2026, 11, 2),
        funding="县退役军人局按每村每年2000元拨付工作经费。",
        staff="由村退役军人服务站现有人员承担。",
        user=s["applicant"],
        calendar=CAL,
        target_regions=[s["tree"]["village"]],
        today=TODAY,
    )
    data.update(kw)
    return services.admission_request_submit(**data)


def test_deadlines_in_working_days(setup):
    r = _submit(setup)
    # Sep 2 … Nov 2 minus weekends and Oct 1–7, plus the make-up Saturday.
    assert r.lead_working_days == CAL.working_days_between(TODAY, datetime.date(2026, 11, 2))
    assert r.lead_working_days >= 30
    assert r.decision_due == datetime.date(2026, 9, 22)  # 15 working days after Tue Sep 1
    assert r.status == AdmissionStatus.SUBMITTED
    assert r.approving_group == "县级审核员"
    assert r.assignment_check is not None and r.assignment_check.source == "admission"


def test_too_late_application_is_refused(setup):
    with pytest.raises(ValidationError) as exc:
        _submit(setup, period_start=datetime.date(2026, 10, 9))
    assert "至少30个工作日" in str(exc.value)


def test_funding_is_required(setup):
    with pytest.raises(ValidationError) as exc:
        _submit(setup, funding=" ")
    assert "经费保障（费随事转）" in str(exc.value)


def test_only_the_approving_group_decides_and_never_the_applicant(setup):
    r = _submit(setup)
    outsider = make_user("outsider")
    with pytest.raises(PermissionDenied):
        services.admission_request_decide(request=r, user=outsider, decision="reject", reason="x")
    setup["applicant"].groups.add(setup["users"]["reviewer"].groups.first())
    with pytest.raises(PermissionDenied, match="申请人不能审批"):
        services.admission_request_decide(
            request=r, user=setup["applicant"], decision="approve", document_no="X"
        )


def test_reject_needs_reasons_and_return_allows_resubmission(setup):
    r = _submit(setup)
    reviewer = setup["users"]["reviewer"]
    with pytest.raises(ValidationError, match="须写明理由"):
        services.admission_request_decide(request=r, user=reviewer, decision="return")
    services.admission_request_decide(
        request=r, user=reviewer, decision="return", reason="请补充经费测算"
    )
    assert r.status == AdmissionStatus.RETURNED
    services.admission_request_resubmit(
        request=r, user=setup["applicant"], calendar=CAL, today=TODAY, funding="每村每年3000元"
    )
    r.refresh_from_db()
    assert r.status == AdmissionStatus.SUBMITTED and r.funding == "每村每年3000元"
    assert r.history.count() >= 3


def test_approval_adds_a_draft_item_never_publishes_and_revocation_removes_it(setup):
    r = _submit(setup)
    page = setup["page"]
    versions_before = DutyList.objects.get(pk=page.duty_list_id).versions.count()
    ApproveAdmission(
        r, user=setup["users"]["reviewer"], document_no="测社工准〔2026〕1号"
    ).execute()
    r.refresh_from_db()
    assert r.status == AdmissionStatus.APPROVED and r.item_code == "XZ-002"
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    names = [i.name for i in draft.draft_items.all()]
    assert "协助开展退役军人信息采集" in names
    assert (
        "协助开展城乡居民基本医疗保险参保登记" in names
    )  # the draft started from the version in force
    assert DutyList.objects.get(pk=page.duty_list_id).versions.count() == versions_before
    assert page.has_unpublished_changes
    assert PageLogEntry.objects.filter(page=page, action="registry.admission.approve").exists()

    rows = selectors.admission_register()
    assert rows[0].request == r and rows[0].listed_in is None  # not yet in a published version

    RevokeAdmission(
        r, user=setup["users"]["reviewer2"], document_no="测社工准〔2026〕9号", reason="任务已完成"
    ).execute()
    r.refresh_from_db()
    assert r.status == AdmissionStatus.REVOKED
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    assert "协助开展退役军人信息采集" not in [i.name for i in draft.draft_items.all()]
    assert PageLogEntry.objects.filter(page=page, action="registry.admission.revoke").exists()


def test_admin_screens(client, setup):
    r = _submit(setup)
    client.force_login(setup["users"]["reviewer"])
    assert client.get("/admin/jianfu/admission/").status_code == 200
    detail = client.get(f"/admin/jianfu/admission/{r.pk}/").content.decode()
    assert "提交审批意见" in detail
    response = client.post(
        f"/admin/jianfu/admission/{r.pk}/decide/",
        {"decision": "reject", "reason": "不属于村级组织职责", "document_no": ""},
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == AdmissionStatus.REJECTED
    public = client.get("/admission/").content.decode()
    assert "不予准入" in public and "不属于村级组织职责" in public
    assert ModelLogEntry is not None


def test_admission_decisions_become_evidence_for_the_county(setup):
    from registry.models import CheckDecision

    approved = _submit(setup)
    ApproveAdmission(
        approved, user=setup["users"]["reviewer"], document_no="测社工准〔2026〕2号"
    ).execute()
    approved.refresh_from_db()
    decision = CheckDecision.objects.get(admission_request=approved)
    assert decision.county == approved.county
    assert decision.verdict == "assist" and decision.item_code == approved.item_code

    rejected = _submit(setup)
    services.admission_request_decide(
        request=rejected, user=setup["users"]["reviewer"], decision="reject", reason="无法律依据"
    )
    refused = CheckDecision.objects.get(admission_request=rejected)
    assert refused.verdict == "unlisted" and "无法律依据" in refused.note
