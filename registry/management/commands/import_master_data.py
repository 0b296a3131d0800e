"""Import regions (with their 12-digit codes) or a county's departments from xlsx, csv or json.

All rows are written or none; ``--dry-run`` only validates and prints the counts.
"""

from django.core.management.base import BaseCommand

from registry.enums import ImportTarget
from registry.imports import master_import_commit, master_import_prepare
from registry.management.arguments import file_arg, plan_shown, region_arg, user_arg


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
        path = file_arg(options["file"])
        county = region_arg(options["county"]) if options["county"] else None
        user = user_arg(options["user"])
        plan = master_import_prepare(
            target=options["type"], file_name=path.name, data=path.read_bytes(), county=county
        )
        if not plan_shown(self, plan, dry_run=options["dry_run"]):
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
