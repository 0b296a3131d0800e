import datetime

from django.core import mail
from django.core.management import call_command

from mashangjian.models import Case
from mashangjian.services import cases as svc
from tests.mashangjian.conftest import at, submit


def overdue(case) -> bool:
    """Overdue as every list reads it: derived from the deadlines, never stored."""
    return Case.objects.with_deadlines(today=TODAY[0]).get(pk=case.pk).is_overdue


TODAY = [datetime.date(2025, 10, 9)]


def report(world) -> Case:
    """A case filed on Friday 2025-09-26, before the National Day holidays."""
    return submit(
        world,
        content="重复要表的问题反映内容。",
        now=at(2025, 9, 26),
    ).case


def test_command_reminds_and_escalates_and_overdue_needs_no_command(world):
    world.minzheng_user.email = "mz@example.invalid"
    world.minzheng_user.save()
    world.office_user.email = "office@example.invalid"
    world.office_user.save()
    waiting = report(world)
    assert waiting.accept_due == datetime.date(2025, 9, 29)  # Sun 9/28 is a make-up working day
    handling = report(world)
    world.by("office", svc.case_accept, handling, department=world.minzheng)
    Case.objects.filter(pk=handling.pk).update(handle_due=datetime.date(2025, 10, 10))

    # 10/9: the handling deadline (10/10) is one working day away → reminder; acceptance is overdue.
    out = call_command_out("--today", "2025-10-09")
    assert "新超期 1 件，提醒 1 件" in out
    waiting.refresh_from_db()
    handling.refresh_from_db()
    assert (
        overdue(waiting)
        and not overdue(handling)
        and handling.reminded_for == datetime.date(2025, 10, 10)
    )
    assert any("提醒" in m.subject and m.to == ["mz@example.invalid"] for m in mail.outbox)
    assert all("重复要表" not in m.body for m in mail.outbox)  # mails never carry the report

    # Running again the same day sends nothing new.
    mail.outbox.clear()
    assert "邮件 0 封" in call_command_out("--today", "2025-10-09")

    # 10/14: handling overdue; 10/11 (Sat, 调休) counts, so acceptance is ≥3 working days late → escalated.
    call_command_out("--today", "2025-10-14")
    handling.refresh_from_db()
    TODAY[0] = datetime.date(2025, 10, 14)
    assert overdue(handling)
    waiting.refresh_from_db()
    assert waiting.escalated_for == datetime.date(2025, 9, 29)
    assert any("督促" in m.subject and m.to == ["office@example.invalid"] for m in mail.outbox)
    reasons = [h.history_change_reason for h in handling.history.all()]
    assert any("超期通知" in (r or "") for r in reasons)


def test_dry_run_changes_nothing(world):
    case = report(world)
    out = call_command_out("--today", "2025-10-20", "--dry-run")
    assert "试运行" in out and case.number in out
    case.refresh_from_db()
    assert case.overdue_notified_for is None and not mail.outbox


def call_command_out(*args):
    import io

    out = io.StringIO()
    call_command("mashangjian_deadlines", *args, stdout=out)
    return out.getvalue()
