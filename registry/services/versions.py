"""Publishing a list version: the only way ListVersion and ListItem rows come to exist."""

from __future__ import annotations

import dataclasses
import datetime
import logging
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from registry import item_checks as checks
from registry.codes import codes_mint
from registry.enums import Adjustment, AppliesTo, ChangeType
from registry.models import Department, DutyList, ListItem, ListVersion, Region
from registry.models.items import AbstractItemFields
from registry.search import search_index_versions

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class ItemData:
    """One item as it will be published; ``code`` empty means a new item."""

    seq: int
    name: str
    code: str = ""
    domain: str = ""
    content: str = ""
    basis: str = ""
    department: Department | None = None
    department_duty: str = ""
    local_duty: str = ""
    alternative: str = ""
    issuer: str = ""
    note: str = ""
    applies_to: str = AppliesTo.ALL
    targets: str = ""
    admission_no: str = ""
    term: str = ""
    funding: str = ""
    staff: str = ""
    keywords: str = ""
    phrases: str = ""
    adjustment: str = Adjustment.ADDED
    reason: str = ""

    @classmethod
    def from_item(cls, item) -> ItemData:
        """From a ListItem or a draft item (anything with the shared item fields)."""
        return cls(
            **{
                f.name: getattr(item, f.name)
                for f in dataclasses.fields(cls)
                if f.name != "department"
            },
            department=item.department,
        )


def _label(field: str) -> str:
    """An item field's Chinese name (the model's), for messages about a draft's items."""
    return str(AbstractItemFields._meta.get_field(field).verbose_name)


def list_is_derived(duty_list: DutyList) -> bool:
    """Whether ``duty_list`` (saved or about to be created) adjusts a list above it."""
    if duty_list.pk:
        return duty_list.is_derived
    if duty_list.is_derived:
        return True
    above = [r.pk for r in duty_list.region.ancestors()]
    return DutyList.objects.filter(region_id__in=above, kind=duty_list.kind).exists()


def _validate_adjustments(
    *, region: Region, kind: str, on: datetime.date | None, derived: bool, items
) -> list[str]:
    """A derived list's items against its source in force on ``on`` (registry.layers)."""
    from registry import selectors

    errors: list[str] = []
    if not derived:
        for row, item in enumerate(items, start=1):
            if item.adjustment:
                errors.append(
                    f"第{row}项：本清单不是在上级清单基础上调整的清单，"
                    f"不能标为“{Adjustment(item.adjustment).label}”。"
                )
        return errors
    source = (selectors.source_items(region=region, kind=kind, on=on) if on else None) or {}
    for row, item in enumerate(items, start=1):
        label = f"第{row}项（{item.code or '新增'}“{item.name}”）"
        reason = checks.adjustment_reason(
            adjustment=item.adjustment,
            code=item.code,
            reason=item.reason,
            source=source,
            kind=kind,
        )
        if reason:
            errors.append(f"{label}：{reason}")
    return errors


def _validate_items(items: Sequence[ItemData], *, derived: bool = False) -> None:
    errors: list[str] = []
    if not items and not derived:
        errors.append("清单至少需要一个事项。")
    for row, item in enumerate(items, start=1):
        for field, reason in (
            ("name", checks.name_reason(item.name)),
            ("seq", checks.seq_reason(item.seq)),
            ("code", checks.code_reason(item.code)),
            ("applies_to", checks.applies_to_reason(item.applies_to or "")),
            ("targets", checks.targets_reason(item.targets)),
        ):
            if reason:
                errors.append(checks.message(checks.at(row, "项"), _label(field), reason))
    numbered = list(enumerate(items, start=1))
    for field in ("seq", "code"):
        errors += checks.duplicate_errors(
            (
                (row, getattr(i, field))
                for row, i in numbered
                if not (checks.seq_reason(i.seq) if field == "seq" else checks.code_reason(i.code))
            ),
            header=_label(field),
            word="项",
        )
    if errors:
        raise ValidationError(errors)


def version_validate(
    *,
    duty_list: DutyList,
    effective_from: datetime.date,
    document_no: str,
    issuing_body: str,
    items: Sequence[ItemData],
    allow_past: bool = False,
) -> None:
    """Raise ValidationError (Chinese messages) if this version cannot be published."""
    errors: dict[str, list[str]] = {}
    if not (document_no or "").strip():
        errors.setdefault("document_no", []).append("请填写文号。")
    if not (issuing_body or "").strip():
        errors.setdefault("issuing_body", []).append("请填写印发机关。")
    if effective_from is None:
        errors.setdefault("effective_from", []).append("请填写生效日期。")
    else:
        # A list not yet saved (its first version being drafted) has no versions.
        latest = duty_list.versions.order_by("-effective_from").first() if duty_list.pk else None
        if latest and effective_from <= latest.effective_from:
            errors.setdefault("effective_from", []).append(
                f"生效日期须晚于第{latest.number}版的生效日期"
                f"（{latest.effective_from:%Y-%m-%d}）；已发布的版本不可追溯更改。"
            )
        if not allow_past and effective_from < timezone.localdate():
            errors.setdefault("effective_from", []).append("生效日期不能早于今天。")
    derived = list_is_derived(duty_list)
    try:
        _validate_items(items, derived=derived)
    except ValidationError as exc:
        errors.setdefault("__all__", []).extend(exc.messages)
    adjustment_errors = _validate_adjustments(
        region=duty_list.region,
        kind=duty_list.kind,
        on=effective_from,
        derived=derived,
        items=items,
    )
    if adjustment_errors:
        errors.setdefault("__all__", []).extend(adjustment_errors)
    if errors:
        raise ValidationError(errors)


def _stored_fields(item: ItemData) -> dict:
    """The item's fields as published, text stripped (``code`` apart: it is given or minted).
    The choices (适用范围, 调整方式) were validated as given, so stripping leaves them as they are."""
    values = {
        f.name: getattr(item, f.name) for f in dataclasses.fields(ItemData) if f.name != "code"
    }
    return {name: v.strip() if isinstance(v, str) else v for name, v in values.items()}


def _departments_now(items: Sequence[ItemData]) -> dict[int, Department]:
    """The items' departments as they are now, read from the database (not from possibly stale
    instances): their names are copied onto the published items, so that renaming a department
    later never changes a published version."""
    wanted = {i.department.pk for i in items if i.department is not None}
    found = Department.objects.in_bulk(wanted)
    missing = [
        f"第{row}项：相关部门“{item.department}”已不存在，请重新选择。"
        for row, item in enumerate(items, start=1)
        if item.department is not None and item.department.pk not in found
    ]
    if missing:
        raise ValidationError(missing)
    return found


@transaction.atomic
def version_publish(
    *,
    duty_list: DutyList,
    effective_from: datetime.date,
    document_no: str,
    issuing_body: str,
    items: Sequence[ItemData],
    change_note: str = "",
    change_type: str = ChangeType.SUBSTANTIVE,
    published_by=None,
    source_revision_id: int | None = None,
    allow_past: bool = False,
    published_at: datetime.datetime | None = None,
) -> ListVersion:
    """Create the immutable version ``N+1`` of ``duty_list`` with its items.

    Until ``effective_from`` the previous version stays in force. Publishing the
    same Wagtail revision twice returns the version it already made.
    ``allow_past`` is for loading historical versions; editors cannot backdate.
    ``published_at`` (only with ``allow_past``, never in the future) is when a historical
    version was really published, so feeds and pages do not show the loading time.
    """
    if published_at is not None and (not allow_past or published_at > timezone.now()):
        raise ValidationError({"published_at": "发布时间只能用于载入历史版本，且不能晚于现在。"})
    # Serialise publications of one list so two numbers cannot collide.
    duty_list = DutyList.objects.select_for_update().get(pk=duty_list.pk)
    if source_revision_id is not None:
        existing = duty_list.versions.filter(source_revision_id=source_revision_id).first()
        if existing is not None:
            return existing
    version_validate(
        duty_list=duty_list,
        effective_from=effective_from,
        document_no=document_no,
        issuing_body=issuing_body,
        items=items,
        allow_past=allow_past,
    )
    departments = _departments_now(items)
    number = (
        duty_list.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = ListVersion(
        duty_list=duty_list,
        number=number,
        effective_from=effective_from,
        document_no=document_no.strip(),
        issuing_body=issuing_body.strip(),
        change_note=change_note.strip(),
        change_type=change_type,
        published_at=published_at or timezone.now(),
        published_by=published_by,
        source_revision_id=source_revision_id,
    )
    version.save()
    new_codes = iter(
        codes_mint(
            region_id=duty_list.region_id,
            kind=duty_list.kind,
            count=sum(1 for i in items if not i.code),
            taken=[i.code for i in items if i.code],
        )
    )
    ListItem.objects.bulk_create(
        [
            ListItem(
                version=version,
                **_stored_fields(item),
                code=item.code or next(new_codes),
                department_name=departments[item.department.pk].name if item.department else "",
                department_short_name=(
                    departments[item.department.pk].short_name if item.department else ""
                ),
            )
            for item in sorted(items, key=lambda i: i.seq)
        ]
    )
    # Searchable from the moment it is published (and in the same transaction): a search never
    # indexes during a request unless the index was lost (registry.search._ensure_indexed).
    search_index_versions(versions=[version])
    log(
        instance=version,
        action="registry.version.publish",
        user=published_by,
        data={
            "list": str(duty_list),
            "number": number,
            "effective_from": effective_from.isoformat(),
            "document_no": version.document_no,
            "items": len(items),
        },
    )
    logger.info("published %s (%d items)", version, len(items))
    return version
