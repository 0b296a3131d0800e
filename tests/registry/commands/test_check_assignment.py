"""manage.py check_assignment: CSV in, one JSON object per line out (a stable interface)."""

import json

import pytest
from django.core.management import CommandError, call_command

from registry.admission_index import index_cache_clear
from registry.models import AssignmentCheck
from tests.registry.checks_fixtures import TUBAN, make_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(tree):
    index_cache_clear()
    return make_lists(tree)


def _run(tmp_path, rows: str, *extra):
    src = tmp_path / "in.csv"
    src.write_text("id,region,department,date,text\n" + rows, encoding="utf-8-sig")
    out = tmp_path / "out.jsonl"
    call_command("check_assignment", "--input", str(src), "--output", str(out), *extra)
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_batch_output_shape(tmp_path, tree, lists):
    town, village = tree["town"].code, tree["village"].code
    rows = _run(
        tmp_path,
        f"a1,{town},,2025-12-01,{TUBAN}\n"
        f"a2,{town},县自然资源局,2026-06-01,{TUBAN}\n"
        f"a3,{village},,2026-06-01,请各村代收有线电视收视费\n",
    )
    assert [r["id"] for r in rows] == ["a1", "a2", "a3"]
    assert [r["verdict"] for r in rows] == ["basic", "withdrawn", "negative"]
    # The fields of the first interface stay; the calibrated check only adds fields.
    assert {"id", "verdict", "matches", "flags"} <= set(rows[0])
    assert {"confidence", "needs_review", "review_candidates", "codes"} <= set(rows[0])
    assert {
        "list_kind", "seq", "code", "name", "score", "version", "document_no",
    } <= set(rows[0]["matches"][0])  # fmt: skip
    assert rows[2]["codes"]["WZRTP"] == "未经准入向村（社区）摊派任务"
    assert rows[1]["matches"][0]["document_no"] == "测委办发〔2026〕3号"
    assert AssignmentCheck.objects.count() == 0  # nothing stored without --store


def test_per_row_errors_do_not_stop_the_run(tmp_path, tree, lists, capsys):
    town = tree["town"].code
    rows = _run(
        tmp_path,
        f"b1,{tree['county'].code},,,{TUBAN}\nb2,{town},,2026-02-30,{TUBAN}\nb3,{town},,,{TUBAN}\n",
    )
    assert rows[0]["verdict"] is None and "第2行（id=b1）" in rows[0]["error"]
    assert "日期“2026-02-30”格式不正确" in rows[1]["error"]
    assert rows[2]["verdict"] in ("basic", "withdrawn")
    assert "已审查1行，失败2行" in capsys.readouterr().out


def test_store_persists_checks(tmp_path, tree, lists):
    rows = _run(tmp_path, f"c1,{tree['town'].code},,2026-06-01,{TUBAN}\n", "--store")
    check = AssignmentCheck.objects.get()
    assert rows[0]["check_id"] == check.public_id
    assert check.source == "batch"


def test_missing_columns(tmp_path, tree, lists):
    src = tmp_path / "bad.csv"
    src.write_text("id,text\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少列：region"):
        call_command("check_assignment", "--input", str(src), "--output", str(tmp_path / "o"))


EVAL = __import__("pathlib").Path(__file__).resolve().parents[3] / "bench/data/assign-dev.csv"


@pytest.mark.django_db(transaction=False)
def test_end_to_end_on_the_demo_county(tmp_path):
    """The one end-to-end test: the demo county's history, and a few rows of the dev file."""
    import csv
    import datetime

    from registry.services.checks import check_run

    call_command("load_demo_data")
    index_cache_clear()
    text = "请各乡镇抓紧完成卫星遥感图斑核查举证工作。"
    town = "990123100000"
    assert check_run(region=town, text=text, on=datetime.date(2025, 12, 1)).verdict == "basic"
    assert check_run(region=town, text=text, on=datetime.date(2026, 6, 1)).verdict == "withdrawn"

    # The demo lists carry their 常见说法 (the fixtures' phrases column), as an import would.
    from django.conf import settings

    from registry.models import ListItem

    for kind in ("township_basic", "village_no_certificates"):
        with open(
            settings.BASE_DIR / "fixtures" / "linyuan" / f"{kind}.csv", encoding="utf-8"
        ) as fh:
            for row in csv.DictReader(fh):
                assert row["phrases"]
                assert ListItem.objects.filter(name=row["name"], phrases=row["phrases"]).exists()

    if not EVAL.exists():
        pytest.skip("dev file not available")
    with open(EVAL, encoding="utf-8-sig") as fh:
        sample = list(csv.DictReader(fh))[:8]
    lines = "".join(f'{r["id"]},{r["region"]},{r["department"]},,"{r["text"]}"\n' for r in sample)
    rows = _run(tmp_path, lines)
    assert [r["id"] for r in rows] == [r["id"] for r in sample]
    assert sum(r["verdict"] == s["verdict"] for r, s in zip(rows, sample, strict=True)) >= 7
