"""Decided tasks as evidence (类似的已审事项): what a person decided for a task of the same county,
and which of them are similar enough to a new task to count. Pure: no ORM, no settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from registry.matching import MatchIndex


@dataclass(frozen=True)
class Precedent:
    """A task of the same county already decided by a person (admission decision, correction)."""

    text: str
    verdict: str
    target_level: str
    item_code: str = ""  # the item the person chose; empty for 清单外
    source: str = ""
    decided_on: str = ""
    ref: str = ""


@dataclass(frozen=True)
class PrecedentHit:
    precedent: Precedent
    similarity: float


def precedent_hits(
    text: str,
    target_level: str,
    precedents: Sequence[Precedent],
    index: MatchIndex,
    threshold: float,
    limit: int,
) -> tuple[PrecedentHit, ...]:
    """The decided tasks of ``target_level`` at least ``threshold`` similar to ``text``, most
    similar first, at most ``limit``."""
    hits = []
    for p in precedents:
        if p.target_level != target_level:
            continue
        sim = index.similarity(text, p.text)
        if sim >= threshold:
            hits.append(PrecedentHit(p, sim))
    hits.sort(key=lambda h: -h.similarity)
    return tuple(hits[:limit])
