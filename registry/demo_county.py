"""Reading the demo county (fixtures/linyuan) into the registry through the services.

Idempotent: regions and departments are upserted, and a version is published
only if the list has none with that effective date yet.
"""

from __future__ import annotations

import csv
import datetime
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.db import transaction

from registry.columns import CSV_FIELD_ALIASES, TEXT_FIELDS
from registry.enums import KIND_CODE_PREFIX, AppliesTo, ListKind
from registry.models import Department, Region
from registry.services.regions import department_upsert, duty_list_get_or_create, region_upsert
from registry.services.versions import ItemData, version_publish

DEFAULT_DIR = Path(settings.BASE_DIR) / "fixtures" / "linyuan"


@dataclass
class LoadReport:
    regions: int = 0
    departments: int = 0
    versions_created: list[str] = field(default_factory=list)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(fh)
            if any((v or "").strip() for v in row.values())
        ]


def _item_from_row(
    row: dict[str, str], *, code: str, departments: dict[str, Department]
) -> ItemData:
    values = {CSV_FIELD_ALIASES.get(k, k): v for k, v in row.items()}
    dept_name = values.pop("department", "")
    department = None
    if dept_name:
        try:
            department = departments[dept_name]
        except KeyError:
            raise ValueError(f"未知部门“{dept_name}”（事项“{values.get('name', '')}”）") from None
    return ItemData(
        seq=int(values["seq"]),
        code=code,
        department=department,
        applies_to=values.get("applies_to") or AppliesTo.ALL,
        **{f: values.get(f, "") for f in TEXT_FIELDS},
    )


@transaction.atomic
def load_demo_county(*, directory: Path = DEFAULT_DIR, published_by=None) -> LoadReport:
    report = LoadReport()
    history = json.loads((directory / "history.json").read_text(encoding="utf-8"))

    regions: dict[str, Region] = {}
    for row in _read_csv(directory / "regions.csv"):
        regions[row["code"]] = region_upsert(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            unit_type=row["unit_type"],
            parent=regions.get(row["parent_code"]) if row["parent_code"] else None,
        )
    report.regions = len(regions)
    county = regions[history["county"]]

    departments = {
        row["short_name"]: department_upsert(
            county=county,
            code=row["code"],
            name=row["name"],
            short_name=row["short_name"],
            kind=row["kind"],
        )
        for row in _read_csv(directory / "departments.csv")
    }
    report.departments = len(departments)

    releases = history["releases"]
    for kind in ListKind.values:
        overrides = history.get("code_overrides", {}).get(kind, {})
        prefix = KIND_CODE_PREFIX[kind]
        current = [
            _item_from_row(
                row,
                code=overrides.get(row["seq"], f"{prefix}-{int(row['seq']):03d}"),
                departments=departments,
            )
            for row in _read_csv(directory / f"{kind}.csv")
        ]
        plan: list[tuple[dict, list[ItemData]]] = []
        first = history.get("first_versions", {}).get(kind)
        if first:
            plan.append((releases[first["release"]], _first_version(current, first, departments)))
        plan.append((releases[history["current_release"][kind]], current))

        duty_list = duty_list_get_or_create(region=county, kind=kind)
        for release, items in plan:
            effective_from = datetime.date.fromisoformat(release["effective_from"])
            if duty_list.versions.filter(effective_from=effective_from).exists():
                continue
            version = version_publish(
                duty_list=duty_list,
                effective_from=effective_from,
                document_no=release["document_no"],
                issuing_body=release["issuing_body"],
                change_note=release["change_note"],
                items=items,
                published_by=published_by,
                allow_past=True,
                published_at=_published_at(release),
            )
            report.versions_created.append(str(version))
    return report


def _first_version(
    current: list[ItemData], spec: dict, departments: dict[str, Department]
) -> list[ItemData]:
    """The earlier version: current items minus those added later, reworded back, plus removed ones."""
    drop = set(spec.get("drop_seqs", []))
    reword = {int(k): v for k, v in spec.get("reword", {}).items()}
    kept = [replace(i, **reword.get(i.seq, {})) for i in current if i.seq not in drop]
    extras = []
    for extra in spec.get("extra_items", []):
        extra = dict(extra)
        dept = extra.pop("department", "")
        extras.append(ItemData(seq=0, department=departments.get(dept) if dept else None, **extra))
    # Renumber so the earlier version's 序号 run 1..n without gaps, as a real list would.
    return [replace(item, seq=n) for n, item in enumerate([*kept, *extras], start=1)]


def _published_at(release: dict) -> datetime.datetime | None:
    """When the release was really published (history.json), so the demo's feeds and pages do
    not show the time the demo was loaded."""
    value = release.get("published_at")
    return datetime.datetime.fromisoformat(value) if value else None
