"""Finding a county's decided tasks worded like a new one (类似的已审事项) among thousands: the
indexed search gives exactly what comparing the texts one by one gives."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from registry.admission_precedents import Precedent, precedent_hits, similar
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
        assert similar(index, query, texts, threshold) == expected, query


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


TASK = "请各村组织村民开展防溺水宣传，在河边路口张贴警示标语。"
WEAK_1 = "请各村组织村民开展夏季防溺水安全宣传，入户发放告知书。"
WEAK_2 = "请各村组织村民开展暑期防溺水安全宣传，上门发放告知书。"
WEAK_OTHER = "请村里开展森林防火宣传，在路口张贴标语。"


def test_a_weak_likeness_counts_only_when_corroborated():
    """Below ``threshold``, down to ``corroborated``: one loosely similar decision never counts;
    two that agree do; one that disagrees among the closest cancels them."""
    index = _index()
    for weak in (WEAK_1, WEAK_2, WEAK_OTHER):  # the premise: each is a weak likeness
        assert 0.25 <= index.similarity(TASK, weak) < 0.4, weak

    def hits(*decided: tuple[str, str]):
        precedents = tuple(Precedent(t, v, "village") for t, v in decided)
        return precedent_hits(TASK, "village", precedents, index, 0.4, 3, corroborated=0.25)

    assert hits((WEAK_1, "unlisted")) == ()
    both = hits((WEAK_1, "unlisted"), (WEAK_2, "unlisted"))
    assert [h.precedent.text for h in both] == [WEAK_1, WEAK_2]
    assert hits((WEAK_1, "unlisted"), (WEAK_2, "unlisted"), (WEAK_OTHER, "assist")) == ()
    # Without ``corroborated`` only the threshold counts, as before.
    precedents = (
        Precedent(WEAK_1, "unlisted", "village"),
        Precedent(WEAK_2, "unlisted", "village"),
    )
    assert precedent_hits(TASK, "village", precedents, index, 0.4, 3) == ()


def test_what_decided_tasks_do_to_a_check():
    """A decided task this alike (≥ 0.4) decides, its confidence shown at least at the threshold;
    loosely alike ones that corroborate each other point a reviewer to their reading; one loose
    likeness changes nothing."""
    from registry.admission import check_task
    from registry.kinds import VERDICT_REVIEW
    from tests.registry.demo_match_index import demo_index

    index = demo_index("village", phrases=True)
    alone = check_task(text=TASK, target_level="village", index=index)
    assert alone.verdict == "unlisted"
    close = "请各村组织开展防溺水宣传，张贴警示标语。"
    code = "village_assist-0016"

    def run(*texts: str):
        decided = tuple(Precedent(t, "assist", "village", item_code=code) for t in texts)
        return check_task(text=TASK, target_level="village", index=index, precedents=decided)

    strong = run(close)
    assert strong.verdict == "assist" and strong.matches[0].item.code == code
    assert strong.confidence >= strong.threshold  # decided alone, and shown so
    weak = run(WEAK_1, WEAK_2)
    assert weak.verdict == VERDICT_REVIEW and weak.suggested_verdict == "assist"
    assert weak.confidence < weak.threshold
    assert any("相似度不高" in r for r in weak.review_reasons)
    lone = run(WEAK_1)
    assert (lone.verdict, lone.confidence) == (alone.verdict, alone.confidence)
