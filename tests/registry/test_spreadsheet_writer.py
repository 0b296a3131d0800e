"""The one spreadsheet writer: the formula guard, read back as a consumer (csv, openpyxl) would."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from registry.spreadsheet_writer import (
    content_disposition,
    csv_guard,
    csv_unguard,
    write_csv,
    write_xlsx,
)
from registry.spreadsheets import read_workbook

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "'=1", "''+x"]
HARMLESS = ["", "普通文字", "1", "a=b", "'引号开头", "—", "＝全角"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_dangerous_cells_get_an_apostrophe_and_come_back_exact(value):
    guarded = csv_guard(value)
    assert guarded[0] == "'" and guarded[1:] == value
    assert csv_unguard(guarded) == value


@pytest.mark.parametrize("value", HARMLESS)
def test_harmless_cells_are_left_alone(value):
    assert csv_guard(value) == value
    assert csv_unguard(value) == value


def test_csv_read_by_a_consumer_has_no_cell_a_spreadsheet_would_run():
    data = write_csv([["表头", "数"], *([v, 3] for v in DANGEROUS)], title=["文号：X"])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["文号：X"] and rows[1] == ["表头", "数"]
    for row in rows[2:]:
        assert row[0][:1] == "'" and row[1] == "3"


def test_xlsx_cells_are_typed_strings_and_numbers_exactly_as_given():
    data = write_xlsx([["表头", "数"], *([v, 3] for v in DANGEROUS)], title=["文号：X"])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=3))
    # XML itself stores a carriage return as a line feed.
    assert [r[0].value for r in rows] == [v.replace("\r", "\n") for v in DANGEROUS]
    assert {r[0].data_type for r in rows} == {"s"}  # never "f": no formula, no apostrophe
    assert {r[1].value for r in rows} == {3}


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_the_product_reads_its_own_files_back_exactly(writer):
    values = [v for v in DANGEROUS if v[:1] not in "\t\r"]  # the reader trims whitespace
    book = read_workbook(writer([["名称"], *([v] for v in values)], title=["单位：测试县"]))
    rows = [cells[0] for _, cells in book.sheets[0].rows]
    assert rows == ["单位：测试县", "名称", *values]


def test_content_disposition_names_the_file_in_chinese_with_an_ascii_fallback():
    header = content_disposition("测试县清单 第1版.csv", fallback="a-v1.csv")
    assert header == (
        "attachment; filename=\"a-v1.csv\"; filename*=UTF-8''"
        "%E6%B5%8B%E8%AF%95%E5%8E%BF%E6%B8%85%E5%8D%95%20%E7%AC%AC1%E7%89%88.csv"
    )


@pytest.mark.django_db
def test_wagtail_admin_report_csv_is_guarded_too(client):
    """Wagtail's own reports (here: locked pages) are CSVs the product writes as well."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    user = get_user_model().objects.create_superuser("admin", password="x")
    page = Page.get_first_root_node().add_child(
        instance=Page(title="=HYPERLINK(1)", slug="f", locked=True, locked_by=user)
    )
    client.force_login(user)
    response = client.get("/admin/reports/locked/?export=csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(body)))
    assert [r[0] for r in rows[1:] if page.title in r[0]] == ["'=HYPERLINK(1)"]
