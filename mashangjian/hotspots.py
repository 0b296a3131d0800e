"""Hotspots: the same burden reported from several places, grouped by similar wording.

Pure: plain tuples in, frozen dataclasses out. Texts are segmented with jieba; two reports are
similar when the Jaccard overlap of their content words reaches a threshold. Candidate pairs come
from an inverted index of the rarer words, so the work grows with overlaps, not with n².
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

STOP = frozenset(
    "要求 我们 他们 进行 工作 开展 一个 没有 还有 需要 每天 每周 每月 以及 或者 因为 所以 但是 这个 那个 什么 已经 可以 相关 有关 上级 基层 乡镇 街道 社区 村里 问题 情况".split()
)


@dataclass(frozen=True)
class Hotspot:
    case_numbers: tuple[str, ...]
    regions: int
    categories: tuple[str, ...]
    keywords: tuple[str, ...]
    sample: str
    case_ids: tuple[int, ...] = ()  # for links to the cases
    region_ids: tuple[int, ...] = ()  # the places, named by the caller


def tokens(text: str) -> frozenset[str]:
    from registry.text import cut

    return frozenset(w for w in cut(text) if len(w) >= 2 and w not in STOP and not w.isdigit())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def cluster(  # noqa: C901 - one greedy clustering pass
    cases: list[tuple[int, int, str, str, str]], *, threshold: float = 0.3, min_regions: int = 2
) -> list[Hotspot]:
    """cases: (id, region id, number, category name, text). Returns groups from ≥ min_regions places."""
    toks = [tokens(text) for *_, text in cases]
    df = Counter(w for t in toks for w in t)
    limit = max(50, len(cases) // 10)  # very common words do not propose candidates
    index: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(toks):
        for w in t:
            if df[w] <= limit:
                index[w].append(i)
    parent = list(range(len(cases)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, t in enumerate(toks):
        seen: set[int] = set()
        for w in t:
            for j in index.get(w, ()):
                if j > i and j not in seen:
                    seen.add(j)
                    if jaccard(t, toks[j]) >= threshold:
                        parent[find(j)] = find(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(cases)):
        groups[find(i)].append(i)
    result = []
    for members in groups.values():
        regions = {cases[i][1] for i in members}
        if len(members) < 2 or len(regions) < min_regions:
            continue
        common = Counter(w for i in members for w in toks[i])
        result.append(
            Hotspot(
                case_numbers=tuple(cases[i][2] for i in members),
                regions=len(regions),
                categories=tuple(sorted({cases[i][3] for i in members})),
                keywords=_top_keywords(common),
                sample=cases[members[0]][4][:120],
                case_ids=tuple(cases[i][0] for i in members),
                region_ids=tuple(sorted(regions)),
            )
        )
    result.sort(key=lambda h: (-h.regions, -len(h.case_numbers)))
    return result


def _top_keywords(common: Counter, limit: int = 6) -> tuple[str, ...]:
    """Words shared by most reports; ties go to longer words, then code point order, so the
    result does not depend on set iteration order (hash seed)."""
    ranked = sorted(common.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    return tuple(w for w, n in ranked[:limit] if n >= 2)
