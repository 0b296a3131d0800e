"""registry.spreadsheets: format detection and cell text, without the database."""

import datetime

import pytest

from registry.spreadsheets import SpreadsheetError, cell_text, detect_format, read_workbook
from tests.import_files import csv_bytes, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (3.0, "3"),
        (2.5, "2.5"),
        (datetime.datetime(2024, 3, 1), "2024-03-01"),
        (datetime.date(2024, 3, 1), "2024-03-01"),
        ("  甲\r\n乙  ", "甲\n乙"),
        ("'=SUM(A1)", "'=SUM(A1)"),  # an xlsx string is exact; only CSV carries the guard
        ("'普通", "'普通"),
        (True, "是"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_detect_format():
    assert detect_format(xlsx_bytes([["a"]])) == "xlsx"
    assert detect_format(b'\xef\xbb\xbf[{"a": 1}]') == "json"
    assert detect_format(csv_bytes([["a"]])) == "csv"


def test_tab_separated_utf16_text():
    data = "序号\t事项名称\r\n1\t甲\r\n".encode("utf-16")
    book = read_workbook(data)
    assert book.sheets[0].rows == [(1, ["序号", "事项名称"]), (2, ["1", "甲"])]


def test_full_width_comma_csv_is_explained():
    with pytest.raises(SpreadsheetError, match="全角逗号"):
        read_workbook("序号，事项名称\n1，甲\n".encode())


def test_broken_zip():
    with pytest.raises(SpreadsheetError, match="不是有效的 xlsx"):
        read_workbook(b"PK\x03\x04" + b"\0" * 50)


def test_empty_file():
    with pytest.raises(SpreadsheetError, match="空的"):
        read_workbook(b"")
