"""Pure: which version of a list is in force on a date, and the status of each (the one rule).

A list's version is *in force* on D when it is the latest with ``effective_from <= D``;
later ones are 尚未生效 (pending), earlier ones 已失效 (superseded). Nothing is stored: the
selectors, the public pages and the API all derive it here from the versions' dates.
``ListVersion.objects.in_force`` states the same rule as one SQL subquery for queries over
many lists (tests/registry/test_status.py checks the two agree).

Plain values in (anything with an ``effective_from`` date), plain values out; no queries.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

from registry.enums import VersionStatus


class Dated(Protocol):
    effective_from: datetime.date


V = TypeVar("V", bound=Dated)


@dataclasses.dataclass(frozen=True)
class Status(Generic[V]):
    version: V
    status: VersionStatus
    superseded_by: V | None  # the next version, for a superseded one


def status_on(versions: Iterable[V], on: datetime.date) -> list[Status[V]]:
    """Every version, oldest first, with its status on ``on``."""
    ordered = sorted(versions, key=lambda v: v.effective_from)
    current = in_force_on(ordered, on)
    rows = []
    for i, v in enumerate(ordered):
        if v.effective_from > on:
            status = VersionStatus.PENDING
        elif v is current:
            status = VersionStatus.IN_FORCE
        else:
            status = VersionStatus.SUPERSEDED
        successor = ordered[i + 1] if status == VersionStatus.SUPERSEDED else None
        rows.append(Status(version=v, status=status, superseded_by=successor))
    return rows


def in_force_on(versions: Iterable[V], on: datetime.date) -> V | None:
    """The version in force on ``on``: the latest that has taken effect, or None."""
    current = None
    for v in sorted(versions, key=lambda v: v.effective_from):
        if v.effective_from <= on:
            current = v
    return current
