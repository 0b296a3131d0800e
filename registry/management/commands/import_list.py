"""Import a list from xlsx, csv or json as a new draft of its page (the same service as the admin screen).

Prints the preview (the diff against the version in force). Without
``--dry-run`` the draft is saved; it is published only through the 清单审核
workflow. Exits with status 1 and the errors when the file is not valid.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from registry.enums import ChangeType, ListKind
from registry.imports import ImportPlan, list_import_commit, list_import_prepare
from registry.models import Region

CATEGORY_LABELS = {
    "added": "新增",
    "removed": "删除",
    "modified": "修改",
    "moved": "序号调整",
    "moved_in": "从其他清单移入",
    "moved_out": "移出到其他清单",
}


def preview_lines(plan: ImportPlan, *, limit: int = 20) -> list[str]:
    """The preview as plain text (also used by import_master_data)."""
    preview = plan.preview()
    lines = [
        f"文件：{plan.file_name}（{plan.file_format}{'，' + plan.encoding if plan.encoding else ''}）"
    ]
    if plan.sheet and plan.file_format == "xlsx":
        lines.append(f"工作表：{plan.sheet}，表头在第{plan.header_row}行")
    if preview.get("base_version"):
        lines.append(f"比对版本：现行{preview['base_version']}")
    counts = plan.counts
    if "added" in counts:
        lines.append(
            f"共 {counts['rows']} 项：新增 {counts['added']}，删除 {counts['removed']}，"
            f"修改 {counts['modified']}，序号调整 {counts['moved']}，移入 {counts['moved_in']}，"
            f"未变 {counts['unchanged']}"
        )
        if not plan.comparison.has_changes:
            lines.append("与现行版本相同，没有变化。")
        for category, label in CATEGORY_LABELS.items():
            for change in getattr(plan.comparison, category)[:limit]:
                code = "" if change.code.startswith("新增#") else change.code
                seq = change.new_seq if change.new_seq is not None else change.old_seq
                fields = "、".join(fc.field for fc in change.changes)
                extra = f"（{fields}）" if fields and category == "modified" else ""
                lines.append(f"  [{label}] {seq}. {code} {change.name}{extra}".rstrip())
    elif counts:
        lines.append(
            f"共 {counts['rows']} 行：新增 {counts['created']}，更新 {counts['updated']}，"
            f"未变 {counts['unchanged']}"
        )
        for entry in plan.changes.get("created", [])[:limit]:
            lines.append(f"  [新增] 第{entry['row']}行 {entry['code']} {entry['name']}")
        for entry in plan.changes.get("updated", [])[:limit]:
            fields = "；".join(f"{c['label']}：{c['old']} → {c['new']}" for c in entry["changes"])
            lines.append(f"  [更新] 第{entry['row']}行 {entry['code']} {entry['name']}（{fields}）")
    lines += [f"提示：{w}" for w in plan.warnings]
    return lines


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

    def handle(self, *args, **options):  # noqa: C901 - a command's argument handling
        if options["kind"] not in ListKind.values:
            raise CommandError(
                f"未知的清单类型“{options['kind']}”，可选：{'、'.join(ListKind.values)}。"
            )
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"未找到区划代码为“{options['region']}”的区划。")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件“{path}”不存在。")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"用户“{options['user']}”不存在。")
        header = {
            "document_no": options["document_no"],
            "issuing_body": options["issuing_body"],
            "change_type": options["change_type"],
            "change_note": options["change_note"],
        }
        if options["effective_from"]:
            try:
                header["effective_from"] = datetime.date.fromisoformat(
                    options["effective_from"]
                ).isoformat()
            except ValueError:
                raise CommandError("生效日期格式不正确，应为 YYYY-MM-DD。")
        plan = list_import_prepare(
            region=region, kind=options["kind"], file_name=path.name, data=path.read_bytes()
        )
        if not plan.ok:
            raise CommandError("文件有错误，未写入任何内容：\n" + "\n".join(plan.errors))
        for line in preview_lines(plan):
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("试运行（--dry-run）：未写入。")
            return
        try:
            result = list_import_commit(
                region=region, kind=options["kind"], plan=plan, header=header, user=user
            )
        except ValidationError as exc:
            raise CommandError("导入失败，未写入：" + "；".join(exc.messages))
        self.stdout.write(
            f"已生成清单页面草稿（页面 {result['page_id']}，修订 {result['revision_id']}，"
            f"{result['items']} 项）；请提交“清单审核”流程。"
        )
