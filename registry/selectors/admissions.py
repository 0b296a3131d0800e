"""The public admission register and the decisions a check compares a task with."""

from __future__ import annotations

import dataclasses
import datetime
import time

from django.db.models import Exists, OuterRef
from django.utils import timezone

from registry import generations
from registry.admission import Precedent
from registry.admission_precedents import MAX_PRECEDENTS
from registry.enums import AdmissionStatus
from registry.models import AdmissionRequest, CheckDecision, ListItem, ListVersion, Region


@dataclasses.dataclass(frozen=True)
class RegisterRow:
    """One decision of the public admission register; ``listed_in`` is the first version of the
    target list that carries the admitted item (公布), once that version is published;
    ``in_force`` whether the version of that list in force today still carries it."""

    request: AdmissionRequest
    listed_in: ListVersion | None
    in_force: bool = False
    later: bool = False  # a published version taking effect after the day carries it

    @property
    def state(self) -> str:
        """The state a reader is told: a revoked item stays 退出待生效 while the list in force,
        or a published version still to take effect, carries it (the version without it has
        not taken effect yet)."""
        status = self.request.status
        if status == AdmissionStatus.REJECTED:
            return "不予准入"
        if status == AdmissionStatus.REVOKED:
            return "退出待生效" if self.in_force or self.later else "已退出"
        return "准予准入" if self.in_force else "准予准入（待纳入清单施行）"


def admission_register(
    *, county: Region | None = None, on: datetime.date | None = None, pk: int | None = None
) -> list[RegisterRow]:
    """Decided admission requests (批准 / 驳回 / 退出), newest decision first (five queries)."""
    on = on or timezone.localdate()
    qs = (
        AdmissionRequest.objects.filter(
            status__in=[AdmissionStatus.APPROVED, AdmissionStatus.REJECTED, AdmissionStatus.REVOKED]
        )
        .select_related("department", "county")
        .prefetch_related("target_regions")
        .order_by("-decided_on", "-pk")
    )
    if county is not None:
        qs = qs.filter(county=county)
    if pk is not None:  # one request (its page states it as the register does)
        qs = qs.filter(pk=pk)
    requests = list(qs)
    codes = {r.item_code for r in requests if r.item_code}
    first: dict[tuple[int, str, str], ListVersion] = {}
    in_force: set[tuple[int, str, str]] = set()
    later: set[tuple[int, str, str]] = set()
    if codes:
        for item in (
            ListItem.objects.filter(code__in=codes)
            .select_related("version__duty_list")
            .order_by("version__effective_from")
        ):
            key = (item.version.duty_list.region_id, item.version.duty_list.kind, item.code)
            first.setdefault(key, item.version)
        in_force = set(
            ListItem.objects.filter(
                code__in=codes, version__in=ListVersion.objects.in_force(on=on)
            ).values_list("version__duty_list__region_id", "version__duty_list__kind", "code")
        )
        later = set(
            ListItem.objects.filter(code__in=codes, version__effective_from__gt=on).values_list(
                "version__duty_list__region_id", "version__duty_list__kind", "code"
            )
        )
    return [
        RegisterRow(
            request=r,
            listed_in=first.get((r.county_id, r.list_kind, r.item_code)) if r.item_code else None,
            in_force=(r.county_id, r.list_kind, r.item_code) in in_force,
            later=(r.county_id, r.list_kind, r.item_code) in later,
        )
        for r in requests
    ]


# (county pk, target level) → (generation of the decisions table, when read, precedents).
# Decisions are written once and never change; every new one bumps the table's generation
# (registry/generations.py, tracked in registry/apps.py), so a snapshot is right until then. A
# write that sends no signal, or a decision rolled back after a check in its own transaction read
# it, is covered by the maximum age.
PRECEDENTS_MAX_AGE = 60.0
_precedents: dict[tuple[int, str], tuple[tuple, float, tuple[Precedent, ...]]] = {}


def precedents_cache_clear() -> None:
    """Forget every county's decided tasks in this process (tests; a restored database)."""
    _precedents.clear()


def decision_precedents(*, county: Region | None, target_level: str) -> tuple[Precedent, ...]:
    """People's decisions on tasks for ``target_level`` units of ``county``, newest first (one
    query, then none until a decision is added in any process).  Never another county's: its
    lists, and so its decisions, are not this county's."""
    if county is None:
        return ()
    key = (county.pk, target_level)
    generation = generations.current(CheckDecision)  # read before the rows: never older data
    cached = _precedents.get(key)
    if (
        cached is not None
        and cached[0] == generation
        and time.monotonic() - cached[1] <= PRECEDENTS_MAX_AGE
    ):
        return cached[2]
    # A check or request decided again counts by its newest decision (the others stay on record).
    newer = CheckDecision.objects.filter(pk__gt=OuterRef("pk"))
    rows = (
        CheckDecision.objects.filter(county=county, target_level=target_level)
        .exclude(Exists(newer.filter(assignment_check_id=OuterRef("assignment_check_id"))))
        .exclude(Exists(newer.filter(admission_request_id=OuterRef("admission_request_id"))))
        .values_list("pk", "text", "verdict", "item_code", "source", "created_at")[:MAX_PRECEDENTS]
    )
    found = tuple(
        Precedent(
            text=text,
            verdict=verdict,
            target_level=target_level,
            item_code=code,
            source=source,
            decided_on=timezone.localtime(created).date().isoformat(),
            ref=str(pk),
        )
        for pk, text, verdict, code, source, created in rows
    )
    _precedents[key] = (generation, time.monotonic(), found)
    return found
