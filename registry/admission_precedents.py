"""Decided tasks as evidence (类似的已审事项): what a person decided for a task of the same county,
and which of them are similar enough to a new task to count. Pure: no ORM, no settings."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

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


# Texts whose terms and weight are kept per index (a county's decided tasks, read by every check).
_TERMS_KEPT = 20_000
# Sequences of decided tasks kept indexed per index (one per county and level in use).
_SETS_KEPT = 8


def _text_of(precedent: Precedent) -> str:
    return precedent.text


def _weighted_terms(index: MatchIndex, text: str) -> tuple[frozenset[str], float]:
    """``text``'s words and bigrams as ``index`` sees them and their total weight, kept per
    index: each decided task is tokenised once, not at every check."""
    memo = index.derived(("precedent terms",), dict)
    hit = memo.get(text)
    if hit is None:
        terms = index.terms(text)
        hit = (terms, sum(index.weight(t) for t in terms))
        if len(memo) >= _TERMS_KEPT:
            with contextlib.suppress(StopIteration, RuntimeError):  # another thread's turn
                memo.pop(next(iter(memo)), None)  # the oldest text goes first
        memo[text] = hit
    return hit


def similar(
    index: MatchIndex,
    text: str,
    others: Sequence,
    threshold: float,
    key: Callable[[object], str] = str,
) -> list[tuple[int, float]]:
    """``(position, similarity)`` of the ``others`` (texts, or objects ``key`` gives the text of)
    at least ``threshold`` similar to ``text``, most similar first, ties in their order.

    The measure is ``MatchIndex.similarity`` (IDF-weighted Dice on words and bigrams), exact;
    ``others`` is indexed once (terms → positions) and kept while the same sequence object is
    asked about again (a county's decided tasks, kept per process by the selector), so a check
    adds up its own terms' postings instead of comparing thousands of texts one by one."""
    ta, wa = _weighted_terms(index, text)
    if not ta or not others:
        return []
    postings, totals = _postings(index, others, key)
    shared = np.zeros(len(others))
    for t in ta:
        ids = postings.get(t)
        if ids is not None:
            shared[ids] += index.weight(t)
    sims = np.round(2 * shared / (wa + totals), 6)
    found = np.flatnonzero(sims >= threshold)
    return sorted(((int(i), float(sims[i])) for i in found), key=lambda h: (-h[1], h[0]))


def _postings(index: MatchIndex, others: Sequence, key) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The postings and weight totals of ``others``, built once per sequence object (the entry
    holds the object, so its identity cannot be another's while kept)."""
    sets = index.derived(("precedent sets",), list)
    for owner, built in sets:
        if owner is others:
            return built
    lists: dict[str, list[int]] = defaultdict(list)
    totals = np.zeros(len(others))
    for pos, other in enumerate(others):
        terms, totals[pos] = _weighted_terms(index, key(other))
        for t in terms:
            lists[t].append(pos)
    built = ({t: np.array(v, dtype=np.int32) for t, v in lists.items()}, totals)
    sets.insert(0, (others, built))
    del sets[_SETS_KEPT:]
    return built


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
    found = similar(index, text, precedents, floor, key=_text_of)
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
