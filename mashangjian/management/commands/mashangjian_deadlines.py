"""Run periodically (e.g. every morning from cron): remind, notify overdue, escalate by mail."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from mashangjian.services.deadlines import cases_check_deadlines


class Command(BaseCommand):
    help = "码上减期限检查：标记超期案件，到期前提醒承办单位，超期后向机制办督促（通过 Django 邮件发送）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="按指定日期检查（YYYY-MM-DD，默认今天）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只列出将要标记和发送的内容，不写库、不发邮件"
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        report = cases_check_deadlines(today=today, dry_run=options["dry_run"])
        prefix = "（试运行）" if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}{today:%Y-%m-%d}：新超期 {len(report.overdue)} 件，提醒 {len(report.reminded)} 件，"
            f"督促 {len(report.escalated)} 件，邮件 {report.mails} 封。"
        )
        for label, numbers in (
            ("超期", report.overdue),
            ("提醒", report.reminded),
            ("督促", report.escalated),
        ):
            for number in numbers:
                self.stdout.write(f"  {label} {number}")
