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

from registry.codes import CODE_RE, codes_mint
from registry.enums import AppliesTo, ChangeType
from registry.models import Department, DutyList, ListItem, ListVersion
from registry.models.items import target_codes

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


def _validate_items(items: Sequence[ItemData]) -> None:
    errors: list[str] = []
    if not items:
        errors.append("清单至少需要一个事项。")
    seen_seq: dict[int, int] = {}
    seen_code: dict[str, int] = {}
    for row, item in enumerate(items, start=1):
        label = f"第{row}项"
        if not (item.name or "").strip():
            errors.append(f"{label}：事项名称不能为空。")
        if item.seq is None or item.seq < 1:
            errors.append(f"{label}：序号须为正整数。")
        elif item.seq in seen_seq:
            errors.append(f"{label}：序号 {item.seq} 与第{seen_seq[item.seq]}项重复。")
        else:
            seen_seq[item.seq] = row
        if item.code:
            if not CODE_RE.match(item.code):
                errors.append(f"{label}：事项编码“{item.code}”格式不正确（应如 JB-001）。")
            elif item.code in seen_code:
                errors.append(f"{label}：事项编码 {item.code} 与第{seen_code[item.code]}项重复。")
            else:
                seen_code[item.code] = row
        if item.applies_to not in AppliesTo.values:
            errors.append(
                f"{label}：适用范围“{item.applies_to}”无效，应为{'、'.join(AppliesTo.values)}之一。"
            )
        if (item.targets or "").strip() and not target_codes(item.targets):
            errors.append(
                f"{label}：限定承接单位“{item.targets[:40]}”未写明12位区划代码，"
                "应如“东岗村（990123101201）”。"
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
    try:
        _validate_items(items)
    except ValidationError as exc:
        errors.setdefault("__all__", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)


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
                code=item.code or next(new_codes),
                seq=item.seq,
                domain=item.domain.strip(),
                name=item.name.strip(),
                content=item.content.strip(),
                basis=item.basis.strip(),
                department=item.department,
                department_name=departments[item.department.pk].name if item.department else "",
                department_short_name=(
                    departments[item.department.pk].short_name if item.department else ""
                ),
                department_duty=item.department_duty.strip(),
                local_duty=item.local_duty.strip(),
                alternative=item.alternative.strip(),
                issuer=item.issuer.strip(),
                note=item.note.strip(),
                applies_to=item.applies_to,
                targets=item.targets.strip(),
                admission_no=item.admission_no.strip(),
                term=item.term.strip(),
                funding=item.funding.strip(),
                staff=item.staff.strip(),
                keywords=item.keywords.strip(),
                phrases=item.phrases.strip(),
            )
            for item in sorted(items, key=lambda i: i.seq)
        ]
    )
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
