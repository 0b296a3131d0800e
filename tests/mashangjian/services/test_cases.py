import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mashangjian import selectors
from mashangjian.enums import CaseStatus, DeclineReason, Satisfaction
from mashangjian.models import Case
from mashangjian.protection import query_code_matches
from mashangjian.services import cases as svc
from tests.mashangjian.conftest import at

TEXT = "县教育局一周内三次要求村里填报留守儿童情况表，内容与上月一致。"


def submit(world, region=None, subject=None, **kw):
    kw.setdefault("now", at(2025, 9, 26))
    kw.setdefault("content", TEXT)
    return svc.case_submit(
        category=world.category,
        region=region or world.tree["village"],
        subject_department=subject,
        **kw,
    )


def test_submit_gives_random_number_and_stores_only_a_hash_of_the_code(world):
    receipts = [submit(world) for _ in range(5)]
    numbers = [r.number for r in receipts]
    assert all(re.fullmatch(r"MSJ-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", n) for n in numbers)
    assert len(set(numbers)) == 5 and numbers != sorted(numbers) or len(set(numbers)) == 5
    case = Case.objects.get(number=numbers[0])
    code = receipts[0].query_code
    assert code not in case.token_hash and case.token_hash != code
    assert query_code_matches(code, case.token_hash)
    assert not query_code_matches(receipts[1].query_code, case.token_hash)
    # No field of the case holds the client's address (``address_string`` is the place reported).
    assert not [
        f.name
        for f in Case._meta.fields
        if ("ip" in f.name.lower() or "addr" in f.name.lower()) and f.name != "address_string"
    ]


def test_accept_deadline_counts_working_days_across_national_day(world):
    case = submit(world, now=at(2025, 9, 29)).case
    assert case.accept_due == datetime.date(2025, 10, 9)


def test_anonymous_report_drops_contact_and_named_report_needs_phone(world):
    case = submit(world, anonymous=True, contact_name="张三", contact_phone="13800138000").case
    assert case.contact_name == case.contact_phone == ""
    with pytest.raises(ValidationError):
        submit(world, anonymous=False, contact_name="张三")


def test_reporter_details_are_redacted_for_handlers(world):
    case = svc.case_submit(
        category=world.category,
        region=world.tree["village"],
        content="我是村干部张三，电话13800138000，身份证110101199003074514，县教育局反复要表。",
        anonymous=False,
        contact_name="张三",
        contact_phone="13800138000",
        now=at(2025, 9, 26),
    ).case
    assert "13800138000" not in case.content_redacted
    assert "110101199003074514" not in case.content_redacted
    assert "张三" not in case.content_redacted
    assert "县教育局反复要表" in case.content_redacted
    # The history table keeps no contact details.
    assert not hasattr(case.history.first(), "contact_phone")


def test_routing_proposal_prefers_the_most_specific_rule(world):
    text = "一周内三次要求村里填报留守儿童情况表，内容与上月一致。"  # names no department
    in_town = submit(world, region=world.tree["village"], content=text).case  # 西村 is under 西镇
    in_street = submit(world, region=world.tree["community"], content=text).case
    assert in_town.proposed_department == world.minzheng
    assert in_street.proposed_department == world.jiaoyu


def test_never_proposed_to_nor_routed_to_the_unit_reported_on(world):
    case = submit(world, region=world.tree["community"], subject=world.jiaoyu).case
    assert case.proposed_department is None  # the only county-wide rule points at the subject
    with pytest.raises(ValidationError, match="利益冲突"):
        world.by("office", svc.case_accept, case, department=world.jiaoyu, reason="x")
    world.by("office", svc.case_accept, case, department=world.minzheng, reason="改由民政局")
    with pytest.raises(ValidationError, match="利益冲突"):
        world.by("office", svc.case_reroute, case, department=world.jiaoyu, reason="x")


def test_conflict_of_interest_case_is_invisible_to_the_subject_even_if_routed_there(world):
    case = submit(world, subject=world.jiaoyu).case
    world.by("office", svc.case_accept, case, department=world.minzheng, reason="r")
    # Force the forbidden state directly in the database: the view rule still hides it.
    Case.objects.filter(pk=case.pk).update(handler_department=world.jiaoyu)
    assert not selectors.cases_for(scope=world.jiaoyu_scope).filter(pk=case.pk).exists()
    assert selectors.case_for_staff(scope=world.jiaoyu_scope, pk=case.pk) is None


def test_handler_sees_only_cases_routed_to_it_after_acceptance(world):
    routed = submit(world).case
    waiting = submit(world).case
    world.by("office", svc.case_accept, routed, department=world.minzheng)
    visible = set(selectors.cases_for(scope=world.minzheng_scope).values_list("pk", flat=True))
    assert visible == {routed.pk}
    assert waiting.pk in set(
        selectors.cases_for(scope=world.office_scope).values_list("pk", flat=True)
    )
    assert not selectors.cases_for(scope=world.jiaoyu_scope).exists()


def test_only_the_office_accepts_and_rerouting_off_proposal_needs_reason(world):
    case = submit(world).case
    with pytest.raises(PermissionDenied):
        world.by("minzheng", svc.case_accept, case, department=world.minzheng)
    with pytest.raises(ValidationError, match="理由"):
        world.by("office", svc.case_accept, case, department=world.tongji)
    world.by("office", svc.case_accept, case, direct=True)
    assert case.direct and case.handler_department is None
    with pytest.raises(ValidationError, match="理由"):
        world.by("office", svc.case_reroute, case, department=world.tongji, reason=" ")


def test_decline_gives_reason_and_pointer(world):
    case = submit(world).case
    world.by("office", svc.case_decline, case, reason=DeclineReason.PETITION)
    assert case.status == CaseStatus.DECLINED
    assert "信访" in case.decline_note


def test_full_cycle_extend_once_review_rate_and_reopen_once(world):
    case = submit(world).case
    world.by("office", svc.case_accept, case, department=world.minzheng)
    due = case.handle_due
    world.by("minzheng", svc.case_extend, case, days=15, reason="需要跨部门核实")
    assert case.handle_due > due
    with pytest.raises(ValidationError, match="只能延期一次"):
        world.by("minzheng", svc.case_extend, case, days=5, reason="再延")
    world.by("minzheng", svc.case_answer, case, answer="已责令教育局停止重复要表，改从系统调取。")
    assert case.status == CaseStatus.REVIEW
    # The reporter does not see the unit's draft before the office's review.
    assert case.public_answer == ""
    with pytest.raises(PermissionDenied):
        world.by("minzheng", svc.case_review, case, approve=True)
    world.by("office", svc.case_review, case, approve=False, note="请补充整改措施")
    assert case.status == CaseStatus.HANDLING
    world.by("minzheng", svc.case_answer, case, answer="已责令停止重复要表，并通报整改情况。")
    world.by("office", svc.case_review, case, approve=True)
    assert case.status == CaseStatus.CLOSED and case.public_answer

    svc.case_rate(case=case, satisfaction=Satisfaction.UNSATISFIED)
    assert case.status == CaseStatus.HANDLING and case.reopened
    world.by("minzheng", svc.case_answer, case, answer="再次核查，已撤销该表格的填报要求。")
    world.by("office", svc.case_review, case, approve=True)
    svc.case_rate(case=case, satisfaction=Satisfaction.UNSATISFIED)
    assert case.status == CaseStatus.CLOSED  # reopened only once
    with pytest.raises(ValidationError, match="评价过"):
        svc.case_rate(case=case, satisfaction=Satisfaction.SATISFIED)
    reasons = [e.reason for e in selectors.case_timeline(case=case, scope=world.office_scope)]
    assert reasons[0] == "提交反映" and "反映人评价：不满意，案件重办" in reasons
    assert len(reasons) == case.history.count() >= 10


def test_typical_case_is_anonymised_and_published(world):
    case = submit(world, anonymous=False, contact_name="李四", contact_phone="13912345678").case
    world.by("office", svc.case_accept, case, direct=True)
    world.by("office", svc.case_answer, case, answer="已督促整改，取消重复报表。")
    world.by("office", svc.case_review, case, approve=True)
    world.by(
        "office",
        svc.case_mark_typical,
        case,
        title="重复要表",
        summary="李四反映某局重复要表，电话13912345678，已整改。",
        publish=True,
    )
    assert "李四" not in case.typical_summary and "13912345678" not in case.typical_summary
    assert list(selectors.typical_cases()) == [case]


def test_every_complaint_is_checked_and_the_result_is_data(world, client):
    """Issue 16: the check runs whatever the category, and its result is a filter and a column
    of the case list, columns of the export, and a figure of the statistics."""
    pytest.importorskip("registry.services.checks")
    from mashangjian.models import Category
    from registry.enums import ListKind
    from tests.factories import items, publish

    publish(
        world.county,
        ListKind.VILLAGE_NEGATIVE,
        datetime.date(2025, 1, 1),
        items("高标准农田项目验收材料整理"),
    )
    publish(
        world.county,
        ListKind.VILLAGE_ASSIST,
        datetime.date(2025, 1, 1),
        items("协助开展城乡居民医疗保险参保登记"),
    )
    category = Category.objects.get(code="WZRTP")
    case = svc.case_submit(
        category=category,
        region=world.tree["village"],
        content="农业农村局未经准入要求村委会负责高标准农田项目验收材料整理。",
        now=at(2025, 9, 26),
    ).case
    assert case.check_id is not None
    assert case.check_result["verdict"]
    assert case.check_result["verdict_label"]
    assert any("高标准农田" in m["name"] for m in case.check_result["matches"]), case.check_result
    plain = submit(world).case  # TBBS (填表报数): checked as well
    assert plain.check_id is not None and plain.check_result["verdict_label"]

    from mashangjian import exports
    from mashangjian.visibility import case_view

    prohibited = list(selectors.cases_for(scope=world.office_scope, check="prohibited"))
    assert case.check_result["prohibited"] and prohibited == [case]
    assert plain not in prohibited
    headers, rows = exports.case_rows(views=[case_view(case, world.office_scope)], office=True)
    cells = dict(zip(headers, rows[0], strict=False))
    assert cells["反映的任务不得交办"] == "是" and "高标准农田" in cells["所引清单事项"]
    table = selectors.statistics_table(scope=world.office_scope, dimension="subject")
    assert table.total.prohibited == 1
    client.force_login(world.office_user)
    page = client.get(reverse("mashangjian_admin:case_list") + "?check=prohibited").content.decode()
    assert case.number in page and plain.number not in page and "反映的任务不得交办" in page
    detail = client.get(reverse("mashangjian_admin:case_detail", args=[case.pk])).content.decode()
    assert "负面事项清单" in detail
    assert "village_negative" not in detail and "查看审查记录" in detail


def test_admission_check_without_lists_is_noted_not_fatal(world):
    pytest.importorskip("registry.services.checks")
    from mashangjian.models import Category

    case = svc.case_submit(
        category=Category.objects.get(code="ZMSX"),
        region=world.tree["village"],
        content="要求村里开具亲属关系证明和无犯罪记录证明。",
        now=at(2025, 9, 26),
    ).case
    assert case.pk and case.check_id is None
    assert case.check_result["verdict_label"].startswith("未能审查")
