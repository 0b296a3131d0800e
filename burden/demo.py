"""Demo entries of the five registers for 林源县 (fixtures/linyuan/burden_*.csv), read through the
same checks as an office import. Running it twice changes nothing."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from registry.models import Region

from .enums import Register
from .imports import rows_check, rows_write

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "linyuan"


@transaction.atomic
def load_demo_registers(*, county: Region, directory: Path = FIXTURES) -> str:
    parts = []
    for register in Register:
        path = directory / f"burden_{register.value}.csv"
        if not path.exists():
            continue
        rows, errors = rows_check(register=register, county=county, data=path.read_bytes())
        if errors:
            raise ValidationError([f"{path.name}：{e}" for e in errors])
        counts = rows_write(register=register, county=county, rows=rows)
        parts.append(
            f"{register.label} 新增 {counts['created']}、更新 {counts['updated']}、"
            f"未变 {counts['unchanged']}"
        )
    return "；".join(parts)
