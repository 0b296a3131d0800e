"""import_list and import_master_data: thin wrappers over registry.imports."""

import datetime
import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from registry import selectors
from registry.enums import ListKind
from registry.exports import render_export
from registry.models import Department
from tests.factories import items, publish
from tests.import_files import csv_bytes


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_preview(tree, tmp_path):
    county = tree["county"]
    version = publish(county, ListKind.TOWNSHIP_BASIC, datetime.date(2025, 1, 1), items("甲", "乙"))
    path = tmp_path / "basic.csv"
    path.write_bytes(render_export(selectors.version_export(version=version), "csv"))
    out = run(
        "import_list", str(path), "--region", county.code, "--kind", "township_basic", "--dry-run"
    )
    assert "共 2 项：新增 0，删除 0，修改 0" in out
    assert "与现行版本相同，没有变化。" in out
    assert "试运行（--dry-run）：未写入。" in out

    path.write_bytes(csv_bytes([["序号", "事项名称"], ["1", "甲"], ["2", "丙"]], encoding="gbk"))
    out = run(
        "import_list", str(path), "--region", county.code, "--kind", "township_basic", "--dry-run"
    )
    assert "[新增] 2.  丙" in out.replace("  ", "  ") or "[新增] 2. 丙" in out
    assert "[删除] 2. JB-002 乙" in out


def test_errors_raise_with_every_message(tree, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["序号", "事项名称"], ["1", ""], ["1", "乙"]]))
    with pytest.raises(CommandError) as exc:
        run("import_list", str(path), "--region", tree["county"].code, "--kind", "township_basic")
    assert "第2行“事项名称”：不能为空。" in str(exc.value)
    assert "第3行“序号”：1 与第2行重复。" in str(exc.value)


def test_bad_arguments(tree, tmp_path):
    with pytest.raises(CommandError, match="未知的清单类型"):
        run("import_list", "x.csv", "--region", tree["county"].code, "--kind", "nope")
    with pytest.raises(CommandError, match="不存在"):
        run(
            "import_list",
            str(tmp_path / "missing.csv"),
            "--region",
            tree["county"].code,
            "--kind",
            "township_basic",
        )


def test_exit_status_is_1_on_bad_input(tree, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([["序号", "事项名称"], ["1", ""]]))
    argv = ["manage.py", "import_list", str(path), "--region", tree["county"].code]
    with pytest.raises(SystemExit) as exc:
        ManagementUtility([*argv, "--kind", "township_basic"]).execute()
    assert exc.value.code == 1
    assert "第2行“事项名称”：不能为空。" in capsys.readouterr().err


def test_import_master_data(tree, tmp_path):
    path = tmp_path / "departments.csv"
    path.write_bytes(
        csv_bytes([["code", "name", "short_name", "kind"], ["D07", "测试县财政局", "县财政局", ""]])
    )
    out = run(
        "import_master_data",
        str(path),
        "--type",
        "departments",
        "--county",
        tree["county"].code,
        "--dry-run",
    )
    assert "新增 1" in out and not Department.objects.exists()
    run("import_master_data", str(path), "--type", "departments", "--county", tree["county"].code)
    assert Department.objects.get().short_name == "县财政局"
    with pytest.raises(CommandError, match="须指定所属县"):
        run("import_master_data", str(path), "--type", "departments")
