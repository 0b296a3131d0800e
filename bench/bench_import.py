"""Import of a 10,000-row xlsx: our validate+preview and commit against django-import-export's default.

What is compared, in the same run, on the same file and a throwaway SQLite database:

- ours: ``registry.imports.list_import_prepare`` (read, validate every row and
  column, match by stable code, diff against the 10,000-item version in force) and
  ``list_import_commit`` (one new draft revision of the list page, 10,000 draft items);
- baseline: a plain ``import_export.resources.ModelResource`` for the page's draft items
  (``cms.DraftItem``), Chinese column names, department by short name, imported row by
  row (the default: one lookup and one save per row). Its *preview* is
  ``import_data(dry_run=True)`` (what django-import-export's confirm screen runs), its
  *commit* ``import_data(dry_run=False)``.

Each side runs in its own subprocess so peak memory (ru_maxrss) is its own.
Run: .venv/bin/python bench/bench_import.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = 10_000
# The baseline costs ~30 ms a row (each save also fires Wagtail's reference-index
# update for the page), so by default it runs on the first rows of the same file and
# is extrapolated linearly to 10,000 rows (a lower bound: its lookups grow with the
# table). BENCH_IMPORT_BASELINE_ROWS=10000 runs it on the whole file (~10 minutes).
BASELINE_ROWS = int(os.environ.get("BENCH_IMPORT_BASELINE_ROWS", "500"))


def _setup_django(db_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()


def prepare_database(workdir: str) -> dict:
    """Migrate, create a county with departments, a 10,000-item version in force and its page."""
    import datetime

    from django.core.management import call_command
    from wagtail.models import Page

    from cms.models import DutyListPage, HomePage, RegionPage
    from registry import selectors
    from registry.enums import ListKind, RegionLevel, UnitType
    from registry.exports import render_export
    from registry.services.regions import (
        department_upsert,
        duty_list_get_or_create,
        region_upsert,
    )
    from registry.services.versions import ItemData, version_publish

    call_command("migrate", verbosity=0)
    county = region_upsert(
        code="880101000000", name="基准县", level=RegionLevel.COUNTY, unit_type=UnitType.COUNTY
    )
    depts = [
        department_upsert(
            county=county, code=f"D{n:02d}", name=f"基准县部门{n}", short_name=f"县部门{n}"
        )
        for n in range(40)
    ]
    kind = ListKind.TOWNSHIP_COOPERATE
    duty_list = duty_list_get_or_create(region=county, kind=kind)
    version = version_publish(
        duty_list=duty_list,
        effective_from=datetime.date(2025, 1, 1),
        document_no="基发〔2025〕1号",
        issuing_body="基准县委办公室",
        allow_past=True,
        items=[
            ItemData(
                seq=n,
                name=f"配合事项{n}：开展第{n}项专项工作",
                domain=f"领域{n % 12}",
                department=depts[n % len(depts)],
                department_duty=f"县级部门负责第{n}项工作的统筹、指导和监督检查，依法查处违法行为。",
                local_duty=f"乡镇（街道）配合做好第{n}项工作的宣传、摸排和信息报送。",
                basis=f"《示例条例》第{n % 90 + 1}条",
            )
            for n in range(1, ROWS + 1)
        ],
    )
    home = Page.get_first_root_node().add_child(instance=HomePage(title="基准", slug="bench"))
    region_page = home.add_child(
        instance=RegionPage(title="基准县", slug=county.code, region=county)
    )
    page = region_page.add_child(
        instance=DutyListPage(title="基准县配合清单", slug="coop", kind=kind, duty_list=duty_list)
    )
    page.save_revision()

    # The file: the export of the version in force, with 500 rows reworded and 500 new rows.
    from openpyxl import load_workbook

    exported = render_export(selectors.version_export(version=version), "xlsx")
    import io

    book = load_workbook(io.BytesIO(exported))
    ws = book.active
    for r in range(3, 503):  # row 1 is the title row, row 2 the header (docs/export.md)
        ws.cell(row=r, column=6).value = str(ws.cell(row=r, column=6).value) + "（修订）"
    for n in range(ROWS + 1, ROWS + 501):
        ws.append(
            [
                "",
                n,
                "新领域",
                f"新增配合事项{n}",
                f"县部门{n % 40}",
                "县级部门职责",
                "乡镇配合职责",
                "依据",
                "全部",
            ]
        )
    # Keep exactly ROWS data rows: drop the last 500 old ones' worth by deleting rows.
    ws.delete_rows(ROWS + 2 - 500, 500)
    path = Path(workdir) / "list.xlsx"
    book.save(path)
    return {"page_id": page.pk, "county_id": county.pk, "file": str(path), "kind": kind}


def run_ours(info: dict) -> dict:
    from registry.imports import list_import_commit, list_import_prepare
    from registry.models import Region

    data = Path(info["file"]).read_bytes()
    county = Region.objects.get(pk=info["county_id"])
    start = time.perf_counter()
    plan = list_import_prepare(region=county, kind=info["kind"], file_name="list.xlsx", data=data)
    preview = time.perf_counter() - start
    assert plan.ok, plan.errors[:5]
    start = time.perf_counter()
    result = list_import_commit(
        region=county, kind=info["kind"], plan=plan, page_id=info["page_id"]
    )
    commit = time.perf_counter() - start
    return {
        "preview": preview,
        "commit": commit,
        "rows": len(plan.rows),
        "counts": plan.counts,
        "items": result["items"],
    }


def run_baseline(info: dict) -> dict:
    import tablib
    from import_export import fields, resources, widgets

    from cms.models import DraftItem
    from registry.models import Department

    class DraftItemResource(resources.ModelResource):
        page = fields.Field(attribute="page_id", column_name="page")
        code = fields.Field(attribute="code", column_name="事项编码")
        seq = fields.Field(attribute="seq", column_name="序号", widget=widgets.IntegerWidget())
        domain = fields.Field(attribute="domain", column_name="领域")
        name = fields.Field(attribute="name", column_name="事项名称")
        department = fields.Field(
            attribute="department",
            column_name="县级主责部门",
            widget=widgets.ForeignKeyWidget(Department, field="short_name"),
        )
        department_duty = fields.Field(attribute="department_duty", column_name="县级部门职责")
        local_duty = fields.Field(attribute="local_duty", column_name="乡镇（街道）配合职责")
        basis = fields.Field(attribute="basis", column_name="依据")
        applies_to = fields.Field(attribute="applies_to", column_name="适用范围")

        class Meta:
            model = DraftItem
            fields = (
                "page",
                "code",
                "seq",
                "domain",
                "name",
                "department",
                "department_duty",
                "local_duty",
                "basis",
                "applies_to",
            )
            import_id_fields = ("page", "seq")

    data = Path(info["file"]).read_bytes()
    out = {}
    for step, dry_run in (("preview", True), ("commit", False)):
        start = time.perf_counter()
        full = tablib.Dataset().load(data, format="xlsx")
        load = time.perf_counter() - start
        dataset = tablib.Dataset(*full[:BASELINE_ROWS], headers=full.headers)
        dataset.append_col([info["page_id"]] * len(dataset), header="page")
        start = time.perf_counter()
        result = DraftItemResource().import_data(dataset, dry_run=dry_run, raise_errors=True)
        rows = time.perf_counter() - start
        assert not result.has_errors()
        # Reading the whole file is measured; the row-by-row part is scaled to all rows.
        out[step] = load + rows * len(full) / len(dataset)
        out[f"{step}_measured_rows"] = len(dataset)
    out["rows"] = DraftItem.objects.filter(page_id=info["page_id"]).count()
    return out


def child(mode: str, db_path: str, info_path: str) -> None:
    import resource

    _setup_django(db_path)
    info = json.loads(Path(info_path).read_text())
    result = run_ours(info) if mode == "ours" else run_baseline(info)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, ensure_ascii=False))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as workdir:
        db_path = str(Path(workdir) / "bench.sqlite3")
        start = time.perf_counter()
        info_path = Path(workdir) / "info.json"
        info = subprocess.run(
            [sys.executable, __file__, "--setup", db_path, workdir],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        info_path.write_text(info.stdout.strip().splitlines()[-1])
        setup = time.perf_counter() - start
        results = {}
        for mode in ("ours", "baseline"):
            proc = subprocess.run(
                [sys.executable, __file__, "--child", mode, db_path, str(info_path)],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            results[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
    ours, base = results["ours"], results["baseline"]
    print(f"setup (migrate + 10,000-item version in force + xlsx): {setup:.1f}s")
    print(f"file: {ROWS} rows xlsx (500 reworded, 500 new, 500 removed); counts {ours['counts']}")
    print(
        "baseline = django-import-export ModelResource(cms.DraftItem), default row-by-row import; "
        f"file read in full, rows imported {base['preview_measured_rows']} and scaled to {ROWS}"
    )
    print(
        f"  validate+preview  ours {ours['preview']:.2f}s   baseline (dry_run) {base['preview']:.2f}s   ratio {base['preview'] / ours['preview']:.1f}x"
    )
    print(
        f"  commit            ours {ours['commit']:.2f}s   baseline (import)  {base['commit']:.2f}s   ratio {base['commit'] / ours['commit']:.1f}x"
    )
    total_ours, total_base = ours["preview"] + ours["commit"], base["preview"] + base["commit"]
    print(
        f"  total             ours {total_ours:.2f}s   baseline           {total_base:.2f}s   ratio {total_base / total_ours:.1f}x (target >= 5x)"
    )
    print(
        f"  peak memory (ru_maxrss, whole process incl. Django)  ours {ours['peak_mb']:.0f} MB   baseline {base['peak_mb']:.0f} MB (target < 300 MB)"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--setup":
        _setup_django(sys.argv[2])
        print(json.dumps(prepare_database(sys.argv[3])))
    elif len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
