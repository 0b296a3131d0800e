"""Writing an imported list as a new draft revision of its page (named by REGISTRY_IMPORT_DRAFT_WRITER).

Never publishes: the draft goes through the 清单审核 workflow like a hand edit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from registry.models import Region
from registry.services.versions import ItemData

from . import drafts
from .models import DraftItem, DutyListPage, RegionPage

HEADER_FIELDS = {
    "document_no": "next_document_no",
    "issuing_body": "next_issuing_body",
    "effective_from": "next_effective_from",
    "change_type": "next_change_type",
    "change_note": "next_change_note",
}


def list_page_for(*, region: Region, kind: str) -> DutyListPage | None:
    parent = RegionPage.objects.filter(region=region).first()
    if parent is None:
        return None
    return DutyListPage.objects.child_of(parent).filter(kind=kind).first()


def save_import_draft(
    *,
    region: Region,
    kind: str,
    items: list[ItemData],
    header: dict,
    user,
    page_id: int | None,
    file_name: str,
    counts: dict,
) -> dict:
    page = (
        DutyListPage.objects.filter(pk=page_id).first()
        if page_id
        else list_page_for(region=region, kind=kind)
    )
    if page is None:
        raise ValidationError(f"{region.name}还没有该类清单的页面，请先在后台创建清单页面。")
    header_values = {}
    for key, attr in HEADER_FIELDS.items():
        if key in header:
            value = header[key]
            if key == "effective_from" and isinstance(value, str):
                value = datetime.date.fromisoformat(value)
            header_values[attr] = value
    if "change_note" not in header and not page.get_latest_revision_as_object().next_change_note:
        header_values["next_change_note"] = f"由文件“{file_name}”导入。"
    try:
        revision = drafts.draft_items_replace(
            page=page,
            user=user,
            items=[DraftItem.copy_of(item, sort_order=n) for n, item in enumerate(items)],
            header=header_values,
            action="registry.list.import",
            data={"file_name": file_name, "items": len(items), "counts": dict(counts)},
        )
    except drafts.DraftRefused as exc:
        # The import's contract is ValidationError with a Chinese message.
        raise ValidationError(str(exc)) from exc
    return {"page_id": page.pk, "revision_id": revision.pk, "items": len(items)}
