"""Writing an imported list as a new draft revision of its page (named by REGISTRY_IMPORT_DRAFT_WRITER).

Never publishes: the draft goes through the 清单审核 workflow like a hand edit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from wagtail.log_actions import log

from registry.models import Region
from registry.services.versions import ItemData

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
    if page.locked and page.locked_by_id and (user is None or page.locked_by_id != user.pk):
        raise ValidationError(f"页面“{page.title}”已被{page.locked_by}锁定，暂不能导入。")
    draft = page.get_latest_revision_as_object()
    draft.draft_items = [DraftItem.copy_of(item, sort_order=n) for n, item in enumerate(items)]
    for key, attr in HEADER_FIELDS.items():
        if key in header:
            value = header[key]
            if key == "effective_from" and isinstance(value, str):
                value = datetime.date.fromisoformat(value)
            setattr(draft, attr, value)
    if "change_note" not in header and not draft.next_change_note:
        draft.next_change_note = f"由文件“{file_name}”导入。"
    revision = draft.save_revision(user=user, clean=False, log_action=False)
    log(
        instance=draft,
        action="registry.list.import",
        user=user,
        revision=revision,
        data={"file_name": file_name, "items": len(items), "counts": dict(counts)},
    )
    return {"page_id": page.pk, "revision_id": revision.pk, "items": len(items)}
