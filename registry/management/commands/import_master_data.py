"""Import regions (with their 12-digit codes) or a county's departments from xlsx, csv or json.

All rows are written or none; ``--dry-run`` only validates and prints the counts.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registry.enums import ImportTarget
from registry.imports import master_import_commit, master_import_prepare
from registry.management.commands.import_list import preview_lines
from registry.models import Region


class Command(BaseCommand):
    help = "从文件导入行政区划或某县的部门（主数据）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的文件路径（xlsx、csv 或 json）")
        parser.add_argument(
            "--type",
            required=True,
            choices=[ImportTarget.REGIONS, ImportTarget.DEPARTMENTS],
            help="regions（行政区划）或 departments（部门）",
        )
        parser.add_argument("--county", help="部门所属县的区划代码（导入部门时必填）")
        parser.add_argument("--dry-run", action="store_true", help="只校验并打印预览，不写入")
        parser.add_argument("--user", help="记入审计日志的用户名")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件“{path}”不存在。")
        county = None
        if options["county"]:
            county = Region.objects.filter(code=options["county"]).first()
            if county is None:
                raise CommandError(f"未找到区划代码为“{options['county']}”的区划。")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"用户“{options['user']}”不存在。")
        plan = master_import_prepare(
            target=options["type"], file_name=path.name, data=path.read_bytes(), county=county
        )
        if not plan.ok:
            raise CommandError("文件有错误，未写入任何内容：\n" + "\n".join(plan.errors))
        for line in preview_lines(plan):
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("试运行（--dry-run）：未写入。")
            return
        result = master_import_commit(
            target=options["type"],
            rows=plan.rows,
            county=county,
            user=user,
            file_name=path.name,
            counts=plan.counts,
        )
        self.stdout.write(f"已导入 {result['rows']} 行。")
