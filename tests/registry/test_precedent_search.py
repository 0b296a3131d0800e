"""Finding a county's decided tasks worded like a new one (类似的已审事项) among thousands: the
indexed search gives exactly what comparing the texts one by one gives."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from registry.admission_precedents import Precedent, precedent_hits
from registry.matching import MatchIndex
from tests.registry.demo_match_index import demo_items

DEV = Path(__file__).resolve().parents[2] / "bench" / "data" / "assign-dev.csv"


@functools.cache
def _index() -> MatchIndex:
    return MatchIndex.build(demo_items("village", phrases=True))


@functools.cache
def _texts() -> tuple[str, ...]:
    with open(DEV, encoding="utf-8-sig") as fh:
        return tuple(r["text"] for r in csv.DictReader(fh))


@pytest.mark.parametrize("threshold", [0.2, 0.4, 0.7])
def test_indexed_search_equals_comparing_one_by_one(threshold):
    index, texts = _index(), _texts()
    for query in texts[:60:3] + ("村里的垃圾分类请社区配合宣传。", "？？", ""):
        brute = sorted(
            ((pos, index.similarity(query, t)) for pos, t in enumerate(texts)),
            key=lambda h: (-h[1], h[0]),
        )
        expected = [(pos, sim) for pos, sim in brute if sim >= threshold]
        assert index.similar(query, texts, threshold) == expected, query


def test_a_new_sequence_of_decisions_is_indexed_anew():
    """The index of a sequence is kept for that very object; a county's next decision gives a new
    tuple (the selector's snapshot), which is indexed again and found."""
    index = _index()
    first = (Precedent("请村里组织开展森林防火宣传。", "assist", "village"),)
    text = "请村里组织开展森林防火宣传，在路口值守。"
    assert [h.precedent for h in precedent_hits(text, "village", first, index, 0.4, 3)] == [*first]
    later = (Precedent(text, "unlisted", "village"), *first)
    hits = precedent_hits(text, "village", later, index, 0.4, 3)
    assert [h.precedent.verdict for h in hits] == ["unlisted", "assist"]
    assert hits[0].similarity == 1.0
    # Another level's decisions never count.
    assert precedent_hits(text, "township", later, index, 0.4, 3) == ()
