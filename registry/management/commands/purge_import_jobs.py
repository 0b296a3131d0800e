"""Delete old import jobs and their uploaded bytes (run daily from cron or a systemd timer).

Confirmed, invalid and failed jobs are kept ``--days`` days (default 30) so
"最近的导入" still lists them; previews nobody confirmed, and jobs stuck in
processing, go after ``--pending-days`` (default 1). The audit log entries of
confirmed imports (file name and counts) are kept.
"""

from django.core.management.base import BaseCommand, CommandError

from registry.imports import import_jobs_purge


class Command(BaseCommand):
    help = "删除过期的导入任务及其上传的文件内容（建议每天运行一次）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=30,
            help="已导入、有错误或处理失败的任务保留的天数，默认 30",
        )
        parser.add_argument(
            "--pending-days",
            type=int,
            default=1,
            help="未确认的预览（及卡在处理中的任务）保留的天数，默认 1",
        )
        parser.add_argument("--dry-run", action="store_true", help="只统计将删除的任务数，不删除")

    def handle(self, *args, **options):
        if options["days"] < 0 or options["pending_days"] < 0:
            raise CommandError("天数不能为负数。")
        result = import_jobs_purge(
            days=options["days"],
            pending_days=options["pending_days"],
            dry_run=options["dry_run"],
        )
        verb = "将删除" if options["dry_run"] else "已删除"
        self.stdout.write(
            f"{verb} {result.total} 个导入任务（已结束 {result.finished} 个，"
            f"未确认 {result.abandoned} 个），释放文件内容 {result.bytes / 1024:.1f} KB。"
        )
        if options["dry_run"]:
            self.stdout.write("试运行（--dry-run）：未删除。")
