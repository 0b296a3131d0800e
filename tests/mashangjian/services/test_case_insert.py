"""The submission write: one statement on PostgreSQL, the ORM elsewhere; both give the same rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mashangjian.models import Case
from mashangjian.services import cases as svc
from mashangjian.services.case_insert import REASON
from mashangjian.services.cases.submit import _attach_check
from tests.mashangjian.conftest import at

TEXT = "县教育局一周内三次要求村里填报留守儿童情况表，内容与上月一致。"


def submit(world, **kw):
    kw.setdefault("now", at(2025, 9, 26))
    return svc.case_submit(
        category=world.category, region=world.tree["village"], content=TEXT, **kw
    )


def test_new_case_gets_one_history_row_copied_from_the_stored_row(world):
    receipt = submit(world, anonymous=False, contact_name="张三", contact_phone="13800138000")
    case = Case.objects.get(number=receipt.number)
    assert receipt.case.pk == case.pk
    rows = list(case.history.all())
    assert len(rows) == 1
    row = rows[0]
    assert row.history_type == "+"
    assert row.history_change_reason == REASON
    assert row.history_user_id is None
    for field in Case.history.model.tracked_fields:
        assert getattr(row, field.attname) == getattr(case, field.attname), field.name
    # Contact details and the code hash stay out of the history table.
    assert not hasattr(row, "contact_phone") and not hasattr(row, "token_hash")
    assert case.contact_phone == "13800138000" and case.token_hash
    assert case.proposed_department == world.minzheng
    assert case.check_id is None  # no list in force in this world: noted, not fatal
    assert case.check_result["verdict_label"].startswith("未能审查")


def test_a_number_collision_draws_again_and_loses_nothing(world, monkeypatch):
    first = submit(world)
    numbers = iter([first.number, first.number, "MSJ-ZZZZ-0001"])
    monkeypatch.setattr("mashangjian.services.cases.submit.new_case_number", lambda: next(numbers))
    second = submit(world)
    assert second.number == "MSJ-ZZZZ-0001"
    assert Case.objects.count() == 2
    again = Case.objects.get(number=first.number)
    assert again.pk == first.case.pk and again.token_hash == first.case.token_hash
    assert again.history.count() == 1
    assert Case.objects.get(number="MSJ-ZZZZ-0001").history.count() == 1
    # The transaction is still usable after the collision.
    assert Case.objects.filter(number__startswith="MSJ-").count() == 2


def test_a_submission_with_warm_caches_needs_few_queries(world, django_assert_max_num_queries):
    submit(world)  # fills the reference cache
    # PostgreSQL: the version check and one insert; SQLite adds a savepoint and the history insert.
    # Plus the admission check every report gets (issue 16), measured on its own here.
    with CaptureQueriesContext(connection) as check:
        _attach_check(Case.objects.latest("pk"))
    limit = (2 if connection.vendor == "postgresql" else 5) + len(check.captured_queries)
    with django_assert_max_num_queries(limit):
        submit(world)
