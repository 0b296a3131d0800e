"""What the registry's commands read from their arguments and print of an import's plan.

Each reader refuses a bad value with a Chinese ``CommandError``, the same words in every command
(export_list, import_list, import_master_data).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from registry.enums import ListKind
from registry.imports import ImportPlan
from registry.models import Region

CATEGORY_LABELS = {
    "added": "新增",
    "removed": "删除",
    "modified": "修改",
    "moved": "序号调整",
    "moved_in": "从其他清单移入",
    "moved_out": "移出到其他清单",
}


def kind_arg(kind: str) -> str:
    if kind not in ListKind.values:
        raise CommandError(f"未知的清单类型“{kind}”，可选：{'、'.join(ListKind.values)}。")
    return kind


def region_arg(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise CommandError(f"未找到区划代码为“{code}”的区划。")
    return region


def user_arg(username: str | None):
    """The user named (for the audit log), or None when no name was given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"用户“{username}”不存在。")
    return user


def file_arg(path: str) -> Path:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"文件“{file}”不存在。")
    return file


def date_arg(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”格式不正确，应为 YYYY-MM-DD。") from None


def plan_shown(command, plan: ImportPlan, *, dry_run: bool) -> bool:
    """Refuse a plan with errors, print its preview; True when the command should go on and
    write (not ``--dry-run``)."""
    if not plan.ok:
        raise CommandError("文件有错误，未写入任何内容：\n" + "\n".join(plan.errors))
    for line in preview_lines(plan):
        command.stdout.write(line)
    if dry_run:
        command.stdout.write("试运行（--dry-run）：未写入。")
    return not dry_run


def preview_lines(plan: ImportPlan, *, limit: int = 20) -> list[str]:
    """The preview of a list or master-data import as plain text."""
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
