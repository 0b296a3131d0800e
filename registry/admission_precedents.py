"""Decided tasks as evidence (类似的已审事项): what a person decided for a task of the same county,
and which of them are similar enough to a new task to count. Pure: no ORM, no settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from registry.matching import MatchIndex

# The most recent decisions of a county a check compares a task with: years of a county's working
# history, bounded so that a check stays within its latency budget (``bench/bench_admission.py``
# times a check at 50,000 items against this many decided tasks).
MAX_PRECEDENTS = 5_000
# Why a decided task of an allowed reading (or 清单外) never clears a prohibited one by itself.
NOT_OVER_PROHIBITED = (
    "类似的已审事项认定为允许或清单外，而本系统读作禁止事项：禁止事项不因已审事项放行，须人工研判。"
)


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


def _text_of(precedent: Precedent) -> str:
    return precedent.text


def precedent_hits(
    text: str,
    target_level: str,
    precedents: Sequence[Precedent],
    index: MatchIndex,
    threshold: float,
    limit: int,
    corroborated: float | None = None,
) -> tuple[PrecedentHit, ...]:
    """The decided tasks of ``target_level`` at least ``threshold`` similar to ``text``, most
    similar first, at most ``limit``.

    With ``corroborated`` (below ``threshold``): when no decided task is that similar, weaker
    likenesses down to ``corroborated`` count only when they corroborate each other: at least
    two, and all the closest (up to ``limit``) decided the same way (verdict and item). One
    loosely similar decision alone never counts: a county with few decisions keeps its rules.
    """
    floor = threshold if corroborated is None else min(threshold, corroborated)
    found = index.similar(text, precedents, floor, key=_text_of)
    hits = [
        PrecedentHit(precedents[pos], sim)
        for pos, sim in found
        if precedents[pos].target_level == target_level
    ][:limit]
    if not hits or hits[0].similarity >= threshold:
        return tuple(h for h in hits if h.similarity >= threshold)
    first = hits[0].precedent
    same = all(
        (h.precedent.verdict, h.precedent.item_code) == (first.verdict, first.item_code)
        for h in hits
    )
    return tuple(hits) if same and len(hits) >= 2 else ()
