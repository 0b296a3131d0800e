import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from registry.enums import ListKind
from tests.factories import items, publish


@pytest.fixture
def history(tree):
    county = tree["county"]
    publish(
        county,
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2025, 7, 1),
        items("旧甲", "旧乙"),
        document_no="旧文号",
    )
    publish(
        county,
        ListKind.TOWNSHIP_BASIC,
        datetime.date(2026, 3, 1),
        items("新甲"),
        document_no="新文号",
    )
    return county


def basic(region) -> list[str]:
    """The arguments naming ``region``'s basic list."""
    return ["--region", region.code, "--kind", "township_basic"]


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_list", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_today_exports_the_version_in_force(history):
    data = json.loads(export(*basic(history)))
    assert data["version"] == 2 and data["document_no"] == "新文号"
    assert data["effective_from"] == "2026-03-01" and data["status"] == "现行有效"
    assert [i["name"] for i in data["items"]] == ["新甲"]
    assert set(data["items"][0]) >= {"code", "seq", "name", "content", "department", "applies_to"}


def test_an_earlier_date_exports_the_earlier_version(history):
    data = json.loads(export(*basic(history), "--on", "2025-12-31"))
    assert data["version"] == 1 and data["document_no"] == "旧文号"
    assert [i["name"] for i in data["items"]] == ["旧甲", "旧乙"]
    assert data["status"] == "已失效"  # as of today it has been replaced


def test_csv_has_a_bom_and_chinese_headers(history, tmp_path):
    target = tmp_path / "out.csv"
    export(*basic(history), "--format", "csv", "--output", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    title, header = raw.decode("utf-8-sig").splitlines()[:2]
    assert (
        title == "单位：测试县,清单：基本履职事项清单,版本：第2版,文号：新文号,生效日期：2026-03-01"
    )
    assert header.startswith("事项编码,序号,领域,事项名称")


def test_xlsx_is_readable(history, tmp_path):
    target = tmp_path / "out.xlsx"
    export(*basic(history), "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == (
        "单位：测试县",
        "清单：基本履职事项清单",
        "版本：第2版",
        "文号：新文号",
        "生效日期：2026-03-01",
    )
    assert rows[1][:4] == ("事项编码", "序号", "领域", "事项名称") and rows[2][3] == "新甲"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "999999999999", "--kind", "township_basic"], "未找到区划代码"),
        (["--region", "880101000000", "--kind", "nope"], "未知的清单类型"),
        (
            ["--region", "880101000000", "--kind", "township_basic", "--on", "2025-06-30"],
            "尚无生效版本",
        ),
        (
            ["--region", "880101000000", "--kind", "township_basic", "--on", "30/06/2025"],
            "格式不正确",
        ),
        (["--region", "880101000000", "--kind", "village_assist"], "没有依法协助政府工作事项清单"),
    ],
)
def test_bad_input_gives_a_chinese_message(history, args, message):
    with pytest.raises(CommandError, match=message):
        export(*args)


def test_bad_input_exits_with_code_1(history, capsys):
    from django.core.management import ManagementUtility

    argv = ["manage.py", "export_list", *basic(history)]
    with pytest.raises(SystemExit) as exc:
        ManagementUtility([*argv, "--on", "2020-01-01"]).execute()
    assert exc.value.code == 1
    assert "尚无生效版本" in capsys.readouterr().err


def test_csv_to_stdout_keeps_the_bom(history):
    """Seen: ``export_list --format csv`` to standard output lost the BOM (Excel then misreads
    the UTF-8 as GBK)."""
    text = export(*basic(history), "--format", "csv")
    assert text.startswith("\ufeff单位：测试县")


def test_csv_and_xlsx_to_a_byte_stdout_are_written_byte_for_byte(history, tmp_path):
    args = [*basic(history), "--format"]
    for fmt in ("csv", "xlsx"):
        target = tmp_path / f"file.{fmt}"
        call_command("export_list", *args, fmt, "--output", target, stderr=io.StringIO())
        raw = io.BytesIO()
        stdout = io.TextIOWrapper(raw, encoding="ascii")  # a terminal that is not UTF-8
        call_command("export_list", *args, fmt, stdout=stdout)
        stdout.flush()
        assert _content(raw.getvalue(), fmt) == _content(target.read_bytes(), fmt), fmt


def _content(data: bytes, fmt: str):
    """The bytes of a CSV; of an xlsx, every archive member's bytes except the document
    properties, which carry the second the file was written (two writes may straddle one)."""
    if fmt == "csv":
        return data
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def test_formula_cells_are_neutralised_in_csv_and_exact_in_xlsx(tree, tmp_path):
    """Seen: ``export_list --format csv`` wrote cells starting with = + - @ as they are, and the
    xlsx guard added a visible apostrophe."""
    import csv

    names = ["=HYPERLINK(1)", "+1", "-减负", "@SUM(1)", "'=已有引号", "普通"]
    publish(tree["county"], ListKind.TOWNSHIP_BASIC, datetime.date(2025, 7, 1), items(*names))
    args = ["--region", tree["county"].code, "--kind", "township_basic", "--output"]
    call_command("export_list", *args, tmp_path / "a.csv", "--format", "csv", stderr=io.StringIO())
    call_command(
        "export_list", *args, tmp_path / "a.xlsx", "--format", "xlsx", stderr=io.StringIO()
    )
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[3] for r in rows[2:]] == ["'" + n for n in names[:-1]] + ["普通"]
    sheet = load_workbook(tmp_path / "a.xlsx").active
    cells = [row[3] for row in sheet.iter_rows(min_row=3)]
    assert [c.value for c in cells] == names
    assert {c.data_type for c in cells} == {"s"}


def test_help_cites_docs_that_exist():
    from pathlib import Path

    from django.conf import settings

    from registry.management.commands.export_list import Command

    assert "docs/export.md" in Command.help
    assert (Path(settings.BASE_DIR) / "docs" / "export.md").is_file()
