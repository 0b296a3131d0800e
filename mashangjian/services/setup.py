"""Reference data: categories, the office and handling-unit groups, routing rules."""

from __future__ import annotations

import csv
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from registry.models import Department, Region

from ..enums import UnitRole
from ..models import Category, RoutingRule, UnitGroup

OFFICE_GROUP = "县减负机制办"


def office_group_name(county: Region) -> str:
    """One office per county, named after it: 林源县减负机制办, 松岭县减负机制办."""
    return f"{county.name}减负机制办"


def handler_group_name(department: Department) -> str:
    """Named after the county too: two counties both have a 县民政局."""
    return f"{department.county.name}{department.short_name}（码上减承办）"


@transaction.atomic
def categories_load(*, path: Path) -> int:
    """Upsert the categories from a CSV with code,name,description,default_handler,basis."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for i, row in enumerate(rows, start=1):
        code = (row.get("code") or "").strip()
        if not code or not (row.get("name") or "").strip():
            raise ValidationError(f"{path.name} 第{i + 1}行：代码和名称不能为空。")
        Category.objects.update_or_create(
            code=code,
            defaults={
                "name": row["name"].strip(),
                "description": (row.get("description") or "").strip(),
                "default_handler": (row.get("default_handler") or "").strip(),
                "basis": (row.get("basis") or "").strip(),
                "sort_order": i,
            },
        )
    return len(rows)


def _admin_group(group: Group) -> Group:
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def _unit_group(*, name: str, role: str, county: Region, department: Department | None) -> Group:
    """The group of one unit: the one already linked to the unit (renamed to ``name`` when that
    name is free), else the group called ``name`` when it is linked to nothing, else a new one.

    Never takes a group that belongs to another unit (another county's office, another
    department): that would move its members' access. Running it twice changes nothing."""
    group = Group.objects.filter(name=name).first()
    if group is not None:
        other = UnitGroup.objects.filter(group=group).select_related("county").first()
        if other is not None and (other.role, other.county_id, other.department_id) != (
            role,
            county.pk,
            department.pk if department else None,
        ):
            owner = other.department or other.county
            raise ValidationError(
                f"用户组“{name}”已是{other.county.name}的“{owner}”（{other.get_role_display()}）"
                f"所用，不能再用于{county.name}；请使用另一个名称。"
            )
        if other is not None:
            return _admin_group(group)
        if Department.objects.filter(account_group=group).exists():
            raise ValidationError(
                f"用户组“{name}”是部门账号用户组，不能用于码上减；请使用另一个名称。"
            )
    existing = UnitGroup.objects.filter(role=role, county=county, department=department).first()
    if existing is not None:
        if group is None:  # the unit's group from before per-county names: renamed
            existing.group.name = name
            existing.group.save(update_fields=["name"])
        return _admin_group(existing.group)
    if group is None:
        group = Group.objects.create(name=name)
    UnitGroup.objects.create(group=group, role=role, county=county, department=department)
    return _admin_group(group)


@transaction.atomic
def office_group_setup(*, county: Region, name: str | None = None) -> Group:
    """The county 减负机制办: sees every case of its county; edits its county's routing rules and
    local 调休 entries. One per county (``office_group_name``); idempotent."""
    group = _unit_group(
        name=name or office_group_name(county), role=UnitRole.OFFICE, county=county, department=None
    )
    for model in ("routingrule", "calendarday"):
        for action in ("add", "change", "delete", "view"):
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="mashangjian", codename=f"{action}_{model}"
                )
            )
    return group


@transaction.atomic
def handler_group_setup(*, department: Department) -> Group:
    """A handling unit's group: sees only the cases routed to its department."""
    return _unit_group(
        name=handler_group_name(department),
        role=UnitRole.HANDLER,
        county=department.county,
        department=department,
    )


@transaction.atomic
def routing_rule_set(
    *,
    county: Region,
    category: Category,
    department: Department,
    region: Region | None = None,
    note: str = "",
) -> RoutingRule:
    if department.county_id != county.pk:
        raise ValidationError("承办部门须为本县部门。")
    rule, _ = RoutingRule.objects.update_or_create(
        county=county,
        region=region,
        category=category,
        defaults={"department": department, "active": True, "note": note},
    )
    return rule


@transaction.atomic
def routing_rules_from_categories(*, county: Region) -> int:
    """County-wide rules from each category's suggested handler (the first unit named)."""
    departments = {d.short_name: d for d in Department.objects.filter(county=county)}
    count = 0
    for category in Category.objects.all():
        first = category.default_handler.replace("，", "、").split("、")[0].strip()
        first = first.split("（")[0]
        department = departments.get(first)
        # The office itself (其他 → 县减负机制办) has no rule: it keeps such cases (直接督办).
        if department is None or department.short_name == OFFICE_GROUP:
            continue
        if not RoutingRule.objects.filter(county=county, region=None, category=category).exists():
            routing_rule_set(
                county=county,
                category=category,
                department=department,
                note="按类别建议承办单位生成",
            )
            count += 1
    return count
