"""The optimised ``MatchIndex.search`` (kind-restricted postings, set intersections, precomputed
name masses, explanations for returned matches only) scores exactly like the plain formula.

On an index smaller than the candidate pool every item sharing a term is scored, so the result
must equal a brute-force scoring of every item, written here the plain way.  Pure: no database.
"""

from __future__ import annotations

import pytest

from registry.matching import (
    _MIX_N_BIGRAM,
    _MIX_N_WORD,
    _MIX_Q_BIGRAM,
    _MIX_Q_WORD,
    ACTION_WORDS,
    IndexItem,
    MatchIndex,
)
from tests.registry.test_matching import ITEMS

TOWNSHIP = ("township_basic", "township_cooperate", "township_withdrawn")
VILLAGE = (
    "village_selfgov",
    "village_assist",
    "village_negative",
    "village_certificates",
    "village_no_certificates",
)
QUERIES = (
    "请各村开展违法建设巡查，发现违建及时报告",
    "要求社区签订安全生产目标责任书",
    "组织九小场所消防安全检查并罚款",
    "协助做好城乡居民医保参保缴费提醒",
    "请村委会出具婚姻状况证明",
    "调解邻里纠纷",
    "完全无关的话题",
)


def _brute_force(index: MatchIndex, text: str, kinds, limit: int):
    words, bigrams = index.analyze(text)
    qwords, qbigrams = set(words), set(bigrams)
    idf = index._idf

    def weight(t):
        v = idf.get(t)
        if v is None:
            v = index._unseen_idf * (0.35 if t.lstrip("#") in ACTION_WORDS else 1.0)
        return v

    wmass = sum(weight(t) for t in qwords) or 1.0
    bmass = sum(weight(t) for t in qbigrams) or 1.0
    out = []
    for doc in index._docs:
        if kinds is not None and doc.item.list_kind not in kinds:
            continue
        d = doc.terms
        qw = sum(weight(t) * d[t] for t in qwords if t in d) / wmass
        qb = sum(weight(t) * d[t] for t in qbigrams if t in d) / bmass
        hit_w = all_w = hit_b = all_b = 0.0
        for t in doc.name_terms:
            if t.startswith("#"):
                all_b += idf[t]
                hit_b += idf[t] if t in qbigrams else 0.0
            else:
                all_w += idf[t]
                hit_w += idf[t] if t in qwords else 0.0
        score = (
            _MIX_Q_WORD * qw
            + _MIX_Q_BIGRAM * qb
            + _MIX_N_WORD * (hit_w / all_w if all_w else 0.0)
            + _MIX_N_BIGRAM * (hit_b / all_b if all_b else 0.0)
        )
        if score <= 0:
            continue
        matched = sorted((t for t in qwords if t in d), key=lambda t: (-weight(t) * d[t], t))
        evidence = sum(idf[t] * d[t] for t in matched if t not in ACTION_WORDS) / index._max_idf
        out.append(
            (
                round(score, 6),
                doc.item.list_kind,
                doc.item.seq,
                tuple(matched[:8]),
                round((hit_w + hit_b) / (doc.name_mass or 1.0), 6),
                round(evidence, 6),
            )
        )
    out.sort(key=lambda r: (-r[0], r[1], r[2]))
    return out[:limit]


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(ITEMS)


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("kinds", [None, TOWNSHIP, VILLAGE, ("village_negative",), ()])
def test_search_equals_brute_force_scoring(index, text, kinds):
    got = [
        (
            m.score,
            m.item.list_kind,
            m.item.seq,
            m.matched_terms,
            m.name_coverage,
            m.evidence,
        )
        for m in index.search(text, limit=5, kinds=kinds)
    ]
    assert got == _brute_force(index, text, kinds, 5)


def test_kind_restricted_postings_do_not_leak_between_kind_sets():
    index = MatchIndex.build(ITEMS)
    text = "开展违法建设巡查并签订责任书，协助医保参保"
    fresh = {
        kinds: [(m.item.code, m.score) for m in MatchIndex.build(ITEMS).search(text, kinds=kinds)]
        for kinds in (TOWNSHIP, VILLAGE, None)
    }
    for _ in range(2):  # the second round reads the cached postings
        for kinds in (VILLAGE, None, TOWNSHIP):
            assert [(m.item.code, m.score) for m in index.search(text, kinds=kinds)] == fresh[kinds]
    assert {m.item.list_kind for m in index.search(text, kinds=VILLAGE)} <= set(VILLAGE)


def test_an_index_of_one_kind_and_an_empty_query():
    index = MatchIndex.build(
        [IndexItem(list_kind="township_basic", code="a", seq=1, name="河湖长制")]
    )
    assert index.search("，。", kinds=TOWNSHIP) == []
    assert [m.item.code for m in index.search("河长巡河", kinds=TOWNSHIP)] == ["a"]
    assert index.search("河长巡河", kinds=VILLAGE) == []
