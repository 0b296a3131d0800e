"""准入申请: working-day deadlines, decisions by the approving group only, the draft change, register."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, TaskState

from cms import roles
from cms.admission import ApproveAdmission, RevokeAdmission
from cms.models import DutyListPage
from mashangjian.workdays import WorkCalendar
from registry import selectors
from registry.admission_index import index_cache_clear
from registry.enums import AdmissionStatus, ListKind
from registry.models import AdmissionRequest, DutyList
from registry.search import search_items
from registry.services import admission_requests as services
from registry.services.checks import check_run
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
    assert r.approving_group == "测试县县级审核员"
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


def _publish_draft(page, *, editor, reviewer, effective_from, document_no):
    """Put the page's draft through 清单审核 (an editor submits, another reviewer approves)."""
    page = DutyListPage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    draft.next_document_no = document_no
    draft.next_issuing_body = "测试县委办公室"
    draft.next_effective_from = effective_from
    draft.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    task_state = TaskState.objects.get(workflow_state__object_id=str(page.pk), status="in_progress")
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    return DutyList.objects.get(pk=page.duty_list_id).versions.order_by("-number").first()


def _cited(region, text, on):
    check = check_run(region=region, text=text, on=on)
    return {m["code"] for m in check.result["matches"]}


def test_approval_carries_targets_and_terms_and_revocation_goes_through_review(setup, client):
    """An item approved for one village reaches the published version with its units, 费随事转,
    权随责走, 文号 and term; the check for another village does not cite it; 退出 goes through
    review and the register says 退出待生效 until the version without it is in force."""
    s, users = setup, setup["users"]
    tree = s["tree"]
    r = _submit(s)  # targets: tree["village"] only
    ApproveAdmission(r, user=users["reviewer"], document_no="测社工准〔2026〕1号").execute()
    r.refresh_from_db()
    draft = DutyListPage.objects.get(pk=s["page"].pk).get_latest_revision_as_object()
    assert (
        draft.next_change_note == "新增准入事项“协助开展退役军人信息采集”（测社工准〔2026〕1号）。"
    )

    day1 = timezone.localdate() + datetime.timedelta(days=1)
    v = _publish_draft(
        s["page"], editor=users["admin"], reviewer=users["reviewer2"], effective_from=day1,
        document_no="测社工发〔2026〕20号",
    )  # fmt: skip
    item = v.items.get(code=r.item_code)
    assert item.target_codes == (tree["village"].code,)
    assert item.admission_no == "测社工准〔2026〕1号"
    assert item.funding == "县退役军人局按每村每年2000元拨付工作经费。"
    assert item.staff == "由村退役军人服务站现有人员承担。"
    assert item.term == "2026-11-02至长期"
    exported = selectors.version_export(version=v)["items"]
    assert (
        next(i for i in exported if i["code"] == r.item_code)["admission_no"] == item.admission_no
    )
    api = client.get(f"/api/v1/lists/{tree['county'].code}/village_assist?on={day1}")
    listed = next(i for i in api.json()["items"] if i["code"] == r.item_code)
    assert listed["targets"] == item.targets and tree["village"].code in listed["targets"]
    assert (listed["funding"], listed["staff"]) == (item.funding, item.staff)
    assert (listed["admission_no"], listed["term"]) == (item.admission_no, item.term)

    text = "协助开展退役军人信息采集，做好辖区退役军人基础信息采集和走访慰问"
    index_cache_clear()
    assert r.item_code in _cited(tree["village"], text, day1)
    assert r.item_code not in _cited(tree["town_community"], text, day1)
    village_items = selectors.item_dicts_for_version(
        version=v, unit_type=tree["town_community"].unit_type,
        region_code=tree["town_community"].code,
    )  # fmt: skip
    assert r.item_code not in {i["code"] for i in village_items}

    def found(region):
        hits = search_items(q="退役军人信息采集", region=region, on=day1).hits
        return {h.item.code for h in hits}

    assert r.item_code in found(tree["village"])
    assert r.item_code not in found(tree["town_community"])
    row = selectors.admission_register(on=day1)[0]
    assert row.listed_in == v and row.state == "准予准入"

    day2 = day1 + datetime.timedelta(days=1)
    RevokeAdmission(
        r, user=users["reviewer"], document_no="测社工准〔2026〕9号", reason="任务已完成",
        effective_from=day2,
    ).execute()  # fmt: skip
    assert selectors.admission_register(on=day1)[0].state == "退出待生效"
    assert r.item_code in _cited(tree["village"], text, day1)  # still in the list in force
    draft = DutyListPage.objects.get(pk=s["page"].pk).get_latest_revision_as_object()
    assert (
        "退出准入事项“协助开展退役军人信息采集”（测社工准〔2026〕9号）。" in draft.next_change_note
    )

    # The revocation submitted the draft to 清单审核; another reviewer approves it.
    task = _task_in_progress(s["page"])
    task.task.specific.on_action(task, users["reviewer2"], "approve")
    v2 = DutyList.objects.get(pk=s["page"].duty_list_id).versions.order_by("-number").first()
    assert not v2.items.filter(code=r.item_code).exists()
    assert selectors.admission_register(on=day1)[0].state == "退出待生效"
    assert selectors.admission_register(on=day2)[0].state == "已退出"
    assert r.item_code not in _cited(tree["village"], text, day2)


def test_revoking_before_publication_leaves_no_trace_in_the_change_note(setup):
    r = _submit(setup)
    ApproveAdmission(
        r, user=setup["users"]["reviewer"], document_no="测社工准〔2026〕1号"
    ).execute()
    RevokeAdmission(
        r, user=setup["users"]["reviewer"], document_no="测社工准〔2026〕2号", reason="撤回"
    ).execute()
    draft = DutyListPage.objects.get(pk=setup["page"].pk).get_latest_revision_as_object()
    assert "新增准入事项" not in draft.next_change_note


def test_a_township_chosen_as_a_village_is_named_as_such(setup):
    with pytest.raises(ValidationError) as exc:
        _submit(setup, target_regions=[setup["tree"]["town"]])
    assert "“西镇”是乡镇（街道），与承接层级“村（社区）”不符" in str(exc.value)


def test_a_lead_count_into_a_year_without_holiday_data_warns(setup):
    only_2026 = WorkCalendar(known_years=frozenset({2026}))
    r = _submit(setup, calendar=only_2026, period_start=datetime.date(2027, 1, 20))
    assert "2027年的节假日安排尚未录入" in r.deadline_warning


def _form_data(r, **changes):
    data = {
        "target_regions": [t.pk for t in r.target_regions.all()],
        "item_name": r.item_name,
        "domain": r.domain,
        "basis": r.basis,
        "content": r.content,
        "period_start": r.period_start.isoformat(),
        "period_end": r.period_end.isoformat() if r.period_end else "",
        "funding": r.funding,
        "staff": r.staff,
        "assessment": r.assessment,
    }
    data.update(changes)
    return data


def test_department_account_files_follows_and_resubmits(
    client, setup, django_capture_on_commit_callbacks
):
    """A 县直部门 account files for its own department only, hears of the decision, and a
    returned request comes back with every value (dates included); others are told why not."""
    s = setup
    clerk = make_user("dept_clerk", roles.department_role(s["dept"]))
    clerk.email = "clerk@example.org"
    clerk.save()
    other = make_department(s["tree"]["county"], "县水利局")

    client.force_login(s["users"]["admin"])
    refused = client.get("/admin/jianfu/admission/new/", follow=True).content.decode()
    assert "准入申请由县直部门以本部门账号提交" in refused

    client.force_login(clerk)
    form = client.get("/admin/jianfu/admission/new/").content.decode()
    # No holiday rows in this database: the form says so before any date is typed.
    assert "年的节假日安排尚未录入" in form
    assert s["dept"].short_name in form and other.short_name not in form
    start = timezone.localdate() + datetime.timedelta(days=70)
    post = {
        "department": s["dept"].pk, "target_level": "village", "list_kind": "village_assist",
        "target_regions": [s["tree"]["village"].pk], "item_name": "协助开展退役军人信息采集",
        "domain": "", "basis": "《退役军人保障法》第十条", "content": "协助走访慰问。",
        "period_start": start.isoformat(), "period_end": "", "funding": "每村每年2000元",
        "staff": "村退役军人服务站现有人员", "assessment": "",
    }  # fmt: skip
    response = client.post("/admin/jianfu/admission/new/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    r = AdmissionRequest.objects.get()
    assert r.submitted_by == clerk and r.department == s["dept"]
    assert "协助开展退役军人信息采集" in client.get("/admin/jianfu/admission/").content.decode()

    client.force_login(s["users"]["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/jianfu/admission/{r.pk}/decide/",
            {"decision": "return", "reason": "请补充经费测算依据", "document_no": ""},
        )
    r.refresh_from_db()
    assert r.status == AdmissionStatus.RETURNED
    assert mail.outbox and mail.outbox[-1].to == ["clerk@example.org"]
    assert "请补充经费测算依据" in mail.outbox[-1].body

    client.force_login(clerk)
    dashboard = client.get("/admin/").content.decode()
    assert "我的准入申请" in dashboard and "请修改后重新提交" in dashboard
    edit = client.get(f"/admin/jianfu/admission/{r.pk}/edit/").content.decode()
    assert f'value="{start.isoformat()}"' in edit  # the date input shows the stored date
    response = client.post(
        f"/admin/jianfu/admission/{r.pk}/edit/", _form_data(r, funding="每村每年3000元")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    r.refresh_from_db()
    assert r.status == AdmissionStatus.SUBMITTED and r.period_start == start

    # Reviewers cannot edit pages: the request page links them to the public list instead.
    client.force_login(s["users"]["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/jianfu/admission/{r.pk}/decide/",
            {"decision": "approve", "reason": "", "document_no": "测社工准〔2026〕3号"},
        )
    detail = client.get(f"/admin/jianfu/admission/{r.pk}/").content.decode()
    assert "打开清单页面草稿" not in detail and "查看公开的测试县依法协助事项清单" in detail
    assert "已批准准入" in mail.outbox[-1].subject


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


def _task_in_progress(page):
    return TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status="in_progress"
    ).first()


def test_revocation_submits_the_version_without_the_item_to_review_four_eyes(setup):
    """退出 removes the item from the draft and submits that draft to 清单审核 in one step; the
    revoker edited it, so another reviewer approves; the register says 退出待生效 until the
    version without the item is in force, then 已退出."""
    from cms.models import FourEyesRefused

    s, users = setup, setup["users"]
    r = _submit(s)
    ApproveAdmission(r, user=users["reviewer"], document_no="测社工准〔2026〕1号").execute()
    r.refresh_from_db()
    day1 = timezone.localdate() + datetime.timedelta(days=1)
    v1 = _publish_draft(
        s["page"], editor=users["admin"], reviewer=users["reviewer2"], effective_from=day1,
        document_no="测社工发〔2026〕20号",
    )  # fmt: skip
    assert v1.items.filter(code=r.item_code).exists()
    today = timezone.localdate()
    # v1 (with the item) is published but takes effect tomorrow: already 准予准入 for tomorrow.
    assert selectors.admission_register(on=day1)[0].state == "准予准入"

    day2 = day1 + datetime.timedelta(days=1)
    RevokeAdmission(
        r, user=users["reviewer"], document_no="测社工准〔2026〕9号", reason="任务已完成",
        effective_from=day2,
    ).execute()  # fmt: skip
    page = DutyListPage.objects.get(pk=s["page"].pk)
    task = _task_in_progress(page)
    assert task is not None, "revocation did not submit the draft to 清单审核"
    draft = page.get_latest_revision_as_object()
    assert r.item_code not in {i.code for i in draft.draft_items.all()}
    assert draft.next_effective_from == day2
    assert draft.next_document_no and draft.next_issuing_body
    # Today the version in force never carried it, but v1 will: still 退出待生效.
    for on in (today, day1):
        assert selectors.admission_register(on=on)[0].state == "退出待生效", on

    with pytest.raises(FourEyesRefused):  # the revoker edited the draft
        task.task.specific.on_action(task, users["reviewer"], "approve")
    task.refresh_from_db()
    task.task.specific.on_action(task, users["reviewer2"], "approve")
    v2 = DutyList.objects.get(pk=page.duty_list_id).versions.order_by("-number").first()
    assert v2.number == v1.number + 1 and v2.effective_from == day2
    assert not v2.items.filter(code=r.item_code).exists()
    assert selectors.admission_register(on=day1)[0].state == "退出待生效"
    assert selectors.admission_register(on=day2)[0].state == "已退出"


def test_a_revocation_whose_draft_cannot_be_submitted_is_refused_whole(setup):
    """A revocation that could not reach review would leave the register saying 退出待生效 for
    ever: it is refused with the reason and nothing is recorded."""
    s, users = setup, setup["users"]
    r = _submit(s)
    ApproveAdmission(r, user=users["reviewer"], document_no="测社工准〔2026〕1号").execute()
    day1 = timezone.localdate() + datetime.timedelta(days=1)
    _publish_draft(
        s["page"], editor=users["admin"], reviewer=users["reviewer2"], effective_from=day1,
        document_no="测社工发〔2026〕20号",
    )  # fmt: skip
    r.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        RevokeAdmission(
            r, user=users["reviewer"], document_no="测社工准〔2026〕9号", reason="任务已完成",
            effective_from=day1,  # not after the version that carries the item
        ).execute()  # fmt: skip
    assert "生效日期须晚于" in str(exc.value)
    r.refresh_from_db()
    assert r.status == AdmissionStatus.APPROVED
    page = DutyListPage.objects.get(pk=s["page"].pk)
    assert _task_in_progress(page) is None
    assert r.item_code in {i.code for i in page.get_latest_revision_as_object().draft_items.all()}


def test_public_register_shows_the_count_of_linked_cases_only(setup, client):
    from django.urls import reverse

    from burden.models import CaseLink
    from tests.burden.test_links import submit_case

    r = _submit(setup)
    ApproveAdmission(
        r, user=setup["users"]["reviewer"], document_no="测社工准〔2026〕1号"
    ).execute()
    r.refresh_from_db()
    html = client.get(reverse("admission_register")).content.decode()
    assert "码上减反映" not in html
    case = submit_case(setup["tree"]["village"], content="退役军人信息采集每月重复报送。")
    CaseLink.objects.create(case=case, item_code=r.item_code)
    html = client.get(reverse("admission_register")).content.decode()
    assert "<dt>码上减反映</dt><dd>1 件</dd>" in html
    assert case.number not in html and "每月重复报送" not in html
