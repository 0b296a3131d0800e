"""Batch admission check: one CSV of proposed tasks in, one JSON object per line out.

Input columns ``id,region,department,date,text`` (department and date may be empty; extra
columns are ignored).  Output, a stable interface (docs/admission.md)::

    {"id": …, "verdict": …, "matches": [{"list_kind", "seq", "code", "name", "score",
     "version", "document_no", "highlights"}], "flags": [{"code", "label", "evidence"}],
     "confidence": 0–1, "confidence_threshold": 0–1, "needs_review": bool, "suggested_verdict": …,
     "review_candidates": [{… as matches, "verdict", "why"}], "similar_decisions": […],
     "codes": {code: Chinese explanation}}

(``verdict`` is ``review`` — 需人工研判 — when the confidence is below ``confidence_threshold``, or
when a prohibited and an allowed reading are both close.)

A row that cannot be checked gives ``{"id": …, "verdict": null, "matches": [], "flags": [],
"error": "…"}`` and the run goes on; the summary names every failed row.
"""

import csv
import datetime
import io
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from registry.enums import CheckSource
from registry.services.checks import check_compute, check_store

REQUIRED = ("id", "region", "text")
MATCH_FIELDS = ("list_kind", "seq", "code", "name", "score", "version", "document_no")
# Added with the calibrated check; read with .get so that every field is optional in old output.
EXTRA_MATCH_FIELDS = ("highlights",)
CANDIDATE_FIELDS = (*MATCH_FIELDS, "verdict", "why")
RESULT_FIELDS = (
    "confidence",
    "confidence_threshold",
    "needs_review",
    "suggested_verdict",
    "similar_decisions",
    "codes",
)


def _read(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"无法识别文件“{path}”的编码，请保存为UTF-8或GB18030。")


class Command(BaseCommand):
    help = "批量审查拟交办事项：读取CSV（id,region,department,date,text），逐行输出JSON。"

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="输入CSV文件（UTF-8或GB18030）")
        parser.add_argument("--output", required=True, help="输出JSONL文件（每行一个JSON对象）")
        parser.add_argument(
            "--store",
            action="store_true",
            help="同时保存审查记录（来源“批量命令”），输出中增加 check_id",
        )

    def handle(self, *args, **options):
        path = Path(options["input"])
        if not path.is_file():
            raise CommandError(f"找不到输入文件“{path}”。")
        reader = csv.DictReader(io.StringIO(_read(path)))
        headers = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in REQUIRED if c not in headers]
        if missing:
            raise CommandError(
                f"输入文件缺少列：{'、'.join(missing)}（需要 id,region,department,date,text）。"
            )
        done = failed = 0
        errors: list[str] = []
        with open(options["output"], "w", encoding="utf-8") as out:
            for line_no, raw_row in enumerate(reader, start=2):
                row = {(k or "").strip(): (v or "").strip() for k, v in raw_row.items()}
                record = self._check(row, line_no, store=options["store"])
                if "error" in record:
                    failed += 1
                    errors.append(record["error"])
                else:
                    done += 1
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for error in errors:
            self.stderr.write(error)
        self.stdout.write(f"已审查{done}行，失败{failed}行，结果写入 {options['output']}。")

    def _check(self, row: dict, line_no: int, *, store: bool) -> dict:
        record: dict = {"id": row.get("id", "")}
        try:
            on = None
            if row.get("date"):
                try:
                    on = datetime.date.fromisoformat(row["date"])
                except ValueError:
                    raise ValidationError(
                        {"date": f"日期“{row['date']}”格式不正确，应为YYYY-MM-DD"}
                    ) from None
            outcome = check_compute(
                region=row.get("region", ""),
                text=row.get("text", ""),
                department=row.get("department") or None,
                on=on,
            )
        except ValidationError as exc:
            return {
                **record,
                "verdict": None,
                "matches": [],
                "flags": [],
                "error": f"第{line_no}行（id={record['id']}）：{'；'.join(exc.messages)}",
            }
        result = outcome.result
        record.update(
            verdict=result["verdict"],
            matches=[
                {f: m.get(f) for f in (*MATCH_FIELDS, *EXTRA_MATCH_FIELDS)}
                for m in result["matches"]
            ],
            flags=result["flags"],
            review_candidates=[
                {f: m.get(f) for f in (*CANDIDATE_FIELDS, *EXTRA_MATCH_FIELDS)}
                for m in result.get("review_candidates", [])
            ],
            **{f: result.get(f) for f in RESULT_FIELDS},
        )
        if store:
            record["check_id"] = check_store(outcome=outcome, source=CheckSource.BATCH).public_id
        return record
