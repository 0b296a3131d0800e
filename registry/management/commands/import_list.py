"""Import a list from xlsx, csv or json as a new draft of its page (the same service as the admin screen).

Prints the preview (the diff against the version in force). Without
``--dry-run`` the draft is saved; it is published only through the 清单审核
workflow. Exits with status 1 and the errors when the file is not valid.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from registry.enums import ChangeType, ListKind
from registry.imports import list_import_commit, list_import_prepare
from registry.management.arguments import (
    date_arg,
    file_arg,
    kind_arg,
    plan_shown,
    region_arg,
    user_arg,
)


class Command(BaseCommand):
    help = "从 xlsx/csv/json 文件导入清单事项，生成清单页面的新草稿（须经审核后发布）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要导入的文件路径（xlsx、csv 或 json）")
        parser.add_argument("--region", required=True, help="清单所属区划代码（12位）")
        parser.add_argument("--kind", required=True, help=f"清单类型：{'、'.join(ListKind.values)}")
        parser.add_argument("--dry-run", action="store_true", help="只校验并打印预览，不写入")
        parser.add_argument("--user", help="记为草稿编辑人的用户名（写入审计日志）")
        parser.add_argument("--document-no", help="下一版本的文号")
        parser.add_argument("--issuing-body", help="下一版本的印发机关")
        parser.add_argument("--effective-from", help="下一版本的生效日期 YYYY-MM-DD")
        parser.add_argument("--change-type", choices=ChangeType.values, help="调整类型")
        parser.add_argument("--change-note", help="修订说明")

    def handle(self, *args, **options):
        kind = kind_arg(options["kind"])
        region = region_arg(options["region"])
        path = file_arg(options["file"])
        user = user_arg(options["user"])
        header = {
            "document_no": options["document_no"],
            "issuing_body": options["issuing_body"],
            "change_type": options["change_type"],
            "change_note": options["change_note"],
        }
        if options["effective_from"]:
            header["effective_from"] = date_arg(options["effective_from"]).isoformat()
        plan = list_import_prepare(
            region=region, kind=kind, file_name=path.name, data=path.read_bytes()
        )
        if not plan_shown(self, plan, dry_run=options["dry_run"]):
            return
        try:
            result = list_import_commit(
                region=region, kind=kind, plan=plan, header=header, user=user
            )
        except ValidationError as exc:
            raise CommandError("导入失败，未写入：" + "；".join(exc.messages))
        self.stdout.write(
            f"已生成清单页面草稿（页面 {result['page_id']}，修订 {result['revision_id']}，"
            f"{result['items']} 项）；请提交“清单审核”流程。"
        )
