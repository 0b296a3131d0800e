"""xlsx/csv import of a register: read → check every row (Chinese errors naming the row, the
column and the reason) → preview → write all rows in one transaction, or none.

Rows are checked by the same model form and model ``clean`` as the admin screens, so an import
cannot store what the screen would refuse.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.forms import modelform_factory
from django.utils import timezone

from registry import params
from registry.models import Department, Region
from registry.resources import normalize_header
from registry.spreadsheets import SpreadsheetError, read_workbook

from .columns import COLUMNS, NATURAL_KEYS
from .enums import Register
from .models import RegisterImport
from .selectors import MODELS

YES = {"是", "有", "1", "Y", "y", "√", "true", "True"}
NO = {"否", "无", "0", "N", "n", "", "false", "False"}


class _Lookups:
    def __init__(self, county: Region):
        self.departments = {}
        for d in Department.objects.filter(county=county):
            self.departments[d.short_name] = d.pk
            self.departments[d.name] = d.pk
        self.units = {}
        self.townships = {}
        for r in Region.objects.filter(
            Q(parent=county) | Q(parent__parent=county), level__in=["township", "village"]
        ).select_related("parent"):
            self.units[r.code] = r.pk
            self.units.setdefault(r.name, r.pk)
            if r.parent_id != county.pk:
                self.units.setdefault(f"{r.parent.name}{r.name}", r.pk)
            if r.level == "township":
                self.townships[r.name] = r.pk
                self.townships[r.code] = r.pk


def _cell(register, model, name, kind, text, lookups: _Lookups):  # noqa: C901 - a cell parser: one branch per column type
    """The form value of one cell, or a ValidationError with the Chinese reason."""
    text = text.strip()
    if kind == "text" or text == "":
        if kind == "townships" and text == "":
            return []
        if kind == "bool" and text == "":
            return False
        return text
    if kind == "int":
        try:
            return params.integer(text, name=name, minimum=0)
        except params.BadParameter:
            raise ValidationError(f"“{text[:20]}”不是非负整数") from None
    if kind == "date":
        try:
            return params.date(text, name=name)
        except params.BadParameter:
            raise ValidationError(f"日期“{text[:20]}”无效，应为 YYYY-MM-DD") from None
    if kind == "bool":
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValidationError(f"“{text[:20]}”应填“是”或“否”")
    if kind == "choice":
        choices = model._meta.get_field(name).choices
        for value, label in choices:
            if text in (value, label):
                return value
        raise ValidationError(
            f"“{text[:20]}”不是可选值（可选：{'、'.join(str(lb) for _, lb in choices)}）"
        )
    if kind == "department":
        if text not in lookups.departments:
            raise ValidationError(f"本县没有部门“{text[:30]}”")
        return lookups.departments[text]
    if kind == "unit":
        if text not in lookups.units:
            raise ValidationError(f"本县没有乡镇或村“{text[:30]}”")
        return lookups.units[text]
    if kind == "townships":
        pks = []
        for part in [p.strip() for p in text.replace("，", "、").replace(",", "、").split("、")]:
            if not part:
                continue
            if part not in lookups.townships:
                raise ValidationError(f"本县没有乡镇（街道）“{part[:30]}”")
            pks.append(lookups.townships[part])
        return pks
    raise AssertionError(kind)


def _form_class(register):
    from .viewsets import OfficeForm

    return modelform_factory(
        MODELS[register], form=OfficeForm, fields=["county", *[c[0] for c in COLUMNS[register]]]
    )


def _existing(register, county, key_fields, key):
    model = MODELS[register]
    return model.objects.filter(county=county, **dict(zip(key_fields, key, strict=True))).first()


def _check_row(register, county, data, instance=None):
    return _form_class(register)(
        data={**_as_form_data(data), "county": county.pk}, instance=instance, county_ids={county.pk}
    )


def _base_values(register, instance) -> dict:
    """What a column missing from the file means: the entry's current value, or the default."""
    model = MODELS[register]
    values = {}
    for name, _, kind in COLUMNS[register]:
        field = model._meta.get_field(name)
        if instance is not None:
            if kind == "townships":
                values[name] = [r.pk for r in instance.townships.all()]
            elif field.is_relation:
                values[name] = getattr(instance, f"{name}_id")
            else:
                values[name] = getattr(instance, name)
        elif field.has_default():
            values[name] = field.get_default()
    return {k: v for k, v in values.items() if v is not None}


def _as_form_data(data: dict) -> dict:
    out = {}
    for k, v in data.items():
        if isinstance(v, bool):
            if v:
                out[k] = "on"
        elif isinstance(v, datetime.date):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out


def import_create(
    *, register: str, county: Region, user, file_name: str, data: bytes
) -> RegisterImport:
    """Read and check the file; the returned import holds the preview (rows and errors)."""
    rows, errors = rows_check(register=register, county=county, data=data)
    return RegisterImport.objects.create(
        county=county,
        register=register,
        file_name=file_name[:255],
        rows=rows,
        errors=errors,
        created_by=user,
    )


def rows_check(*, register: str, county: Region, data: bytes) -> tuple[list[dict], list[str]]:  # noqa: C901 - a row validator: one check per column
    """The checked rows of a file (each: number, create/update/unchanged, form data) and the
    Chinese errors. The caller has checked that the user keeps ``county``."""
    register = Register(register)
    model = MODELS[register]
    columns = COLUMNS[register]
    errors: list[str] = []
    rows: list[dict] = []
    try:
        book = read_workbook(data)
    except SpreadsheetError as exc:
        errors.append(str(exc))
        book = None
    sheet_rows = book.sheets[0].rows if book and book.sheets else []
    if book is not None and not sheet_rows:
        errors.append("文件中没有数据行。")
    if sheet_rows:
        (header_number, header), body = sheet_rows[0], sheet_rows[1:]
        by_header = {
            normalize_header(h): (n, k) for n, h, k in ((c[0], c[1], c[2]) for c in columns)
        }
        positions = {}
        for index, h in enumerate(header):
            key = normalize_header(h)
            if not key:
                continue
            if key not in by_header:
                errors.append(f"第{header_number}行（表头）：不认识的列“{h[:30]}”。")
            else:
                positions[by_header[key][0]] = index
        missing = [
            c[1] for c in columns if c[0] in NATURAL_KEYS[register] and c[0] not in positions
        ]
        if missing:
            errors.append(f"表头缺少必需的列：{'、'.join(missing)}。")
        if not errors:
            lookups = _Lookups(county)
            seen: dict[tuple, int] = {}
            headers = {c[0]: c[1] for c in columns}
            for number, cells in body:
                values, row_errors = {}, []
                for name, header_text, kind in columns:
                    if name not in positions:
                        continue
                    i = positions[name]
                    text = cells[i] if i < len(cells) else ""
                    try:
                        values[name] = _cell(register, model, name, kind, text, lookups)
                    except ValidationError as exc:
                        row_errors.append(f"第{number}行「{header_text}」：{exc.messages[0]}。")
                if row_errors:
                    errors.extend(row_errors)
                    continue
                key = tuple(
                    values.get(k).isoformat()
                    if isinstance(values.get(k), datetime.date)
                    else values.get(k)
                    for k in NATURAL_KEYS[register]
                )
                if key in seen:
                    errors.append(
                        f"第{number}行：与第{seen[key]}行重复（{'、'.join(headers[k] for k in NATURAL_KEYS[register])}相同）。"
                    )
                    continue
                seen[key] = number
                instance = _existing(register, county, NATURAL_KEYS[register], key)
                values = {**_base_values(register, instance), **values}
                form = _check_row(register, county, values, instance)
                if not form.is_valid():
                    for field, messages in form.errors.items():
                        label = headers.get(field, "整行" if field == "__all__" else field)
                        for message in messages:
                            errors.append(f"第{number}行「{label}」：{message.rstrip('。')}。")
                    continue
                if instance is not None and not form.has_changed():
                    action = "unchanged"
                else:
                    action = "update" if instance else "create"
                rows.append(
                    {
                        "number": number,
                        "action": action,
                        "data": _as_form_data(values),
                        "key": list(key),
                        "shown": [
                            cells[positions[c[0]]]
                            if c[0] in positions and positions[c[0]] < len(cells)
                            else ""
                            for c in columns
                        ],
                    }
                )
    return rows, errors


@transaction.atomic
def import_commit(*, job: RegisterImport, user) -> dict:
    """Write every row of a checked import, or none (the rows are checked again)."""
    job = RegisterImport.objects.select_for_update().get(pk=job.pk)
    if job.committed_at:
        raise ValidationError("该文件已导入，不能重复导入。")
    if job.errors:
        raise ValidationError("文件有错误，请改正后重新上传。")
    counts = rows_write(register=job.register, county=job.county, rows=job.rows)
    job.committed_at = timezone.now()
    job.save(update_fields=["committed_at"])
    return counts


@transaction.atomic
def rows_write(*, register: str, county: Region, rows: list[dict]) -> dict:
    """Write checked rows in one transaction: all of them, or none if any no longer passes."""
    register = Register(register)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    problems = []
    for row in rows:
        instance = _existing(register, county, NATURAL_KEYS[register], tuple(row["key"]))
        form = _form_class(register)(
            data={**row["data"], "county": county.pk}, instance=instance, county_ids={county.pk}
        )
        if not form.is_valid():
            problems.append(
                f"第{row['number']}行：{'；'.join(m for ms in form.errors.values() for m in ms)}"
            )
            continue
        if instance is not None and not form.has_changed():
            counts["unchanged"] += 1
            continue
        form.save()
        counts["updated" if instance else "created"] += 1
    if problems:
        transaction.set_rollback(True)
        raise ValidationError(["数据已变化，未导入任何行：", *problems])
    return counts
