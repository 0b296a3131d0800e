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


def handler_group_name(department: Department) -> str:
    return f"{department.short_name}（码上减承办）"


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


def _admin_group(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    return group


def _unit_group_upsert(group: Group, **values) -> UnitGroup:
    """Create or update, saving only on a real change (every save is a history row)."""
    unit = UnitGroup.objects.filter(group=group).first()
    if unit is not None and all(getattr(unit, k) == v for k, v in values.items()):
        return unit
    unit = unit or UnitGroup(group=group)
    for key, value in values.items():
        setattr(unit, key, value)
    unit.save()
    return unit


@transaction.atomic
def office_group_setup(*, county: Region, name: str = OFFICE_GROUP) -> Group:
    """The county 减负机制办: sees every case of its county; edits routing rules and the calendar."""
    group = _admin_group(name)
    _unit_group_upsert(group, role=UnitRole.OFFICE, county=county, department=None)
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
    group = _admin_group(handler_group_name(department))
    _unit_group_upsert(
        group, role=UnitRole.HANDLER, county=department.county, department=department
    )
    return group


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
