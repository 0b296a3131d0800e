"""registry.imports.plan: the limit of each field, the preview's labels."""

from __future__ import annotations

import datetime

from tests.factories import items, publish
from tests.import_files import csv_bytes
from tests.registry.imports.helpers import BASIC, errors_of, prepare


def test_text_over_the_field_limit(county):
    errors = errors_of(county, [["序号", "事项名称"], ["1", "长" * 201]], kind=BASIC)
    assert errors == ["第2行“事项名称”：内容有 201 个字，超过上限 200 个字。"]


def test_preview_labels_fields_with_the_list_kinds_own_headers(county):
    publish(county, BASIC, datetime.date(2025, 1, 1), items("组织开展消防安全宣传"))
    rows = [["序号", "事项名称"], ["1", "组织开展消防安全宣传教育"]]
    plan = prepare(county, csv_bytes(rows), kind=BASIC)
    changes = plan.preview()["changes"]["modified"][0]["changes"]
    assert [c["label"] for c in changes] == ["事项名称"]
