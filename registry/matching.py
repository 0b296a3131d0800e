"""Text matching of task descriptions against duty-list items.

Pure module: no Django, no settings, no Wagtail.  Plain values in, frozen dataclasses out.

The pipeline is

1. ``normalize``: NFKC (full width → half width), lower case, unified brackets and quotes;
2. ``expand_synonyms`` (``registry.text``, data in ``registry.thesaurus``): common abbreviations and colloquial wording are mapped to the
   canonical wording used in published lists (``两违`` → ``违法用地 违法建设``).  The canonical
   form is *appended*, so the original words still match;
3. segmentation with a private ``jieba.Tokenizer`` whose user dictionary is built from the
   indexed items, plus character bigrams so that a different segmentation still matches;
4. ``MatchIndex``: an inverted index built once and queried many times.  The score of an item
   is a weighted mix of how much of the query the item explains and how much of the item's
   *name* the query covers, both IDF-weighted, on words and on character bigrams.  Scores lie
   in [0, 1], which makes one threshold meaningful across lists.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from registry.text import STOPWORDS, THESAURUS, new_tokenizer, normalize, prepare

if TYPE_CHECKING:
    import jieba

__all__ = [
    "IndexItem",
    "Match",
    "MatchIndex",
    "normalize",
    "prepare",
]

# Verbs and role nouns that say *how* work is done rather than *what* it is about.  They still
# count, at reduced weight, so a shared "协助 受理 申请" does not pass for a shared topic.
ACTION_WORDS: frozenset[str] = frozenset(
    """
    协助 配合 受理 申请 宣传 巡查 报告 上报 检查 核实 核查 登记 管理 服务 开展 督促 指导 帮助
    支持 发现 处置 整改 排查 摸排 走访 入户 上门 动员 提醒 问题 群众 村民 居民 人员 对象 办理
    实施 完成 建立 制定 参加 参与 推进 依法 按时 日常 定期 集中 统筹 提供 审核 工作人员 信息
    安全 方式 时间 范围 结果 记录 活动 建设 发放 乡镇政府 县级 有关部门 主管部门 职责 事项 组织
    核发 审批 许可 许可证 政策 政策宣传 老人 老年人
    """.split()
)
_ACTION_WEIGHT = 0.35

_SPLIT_RE = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_CJK_RUN_RE = re.compile(r"[\u4e00-\u9fff]+")
_HAS_DIGIT_RE = re.compile(r"\d")
_QUOTED_RE = re.compile(r'"([^"]{2,8})"')


# ---------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndexItem:
    """One list item as the matcher sees it.

    ``name`` weighs most, then ``content``, then ``extra`` and ``department``.  ``alternative``
    is carried for display only (it describes what to do *instead*, so indexing it would make
    the item match the very tasks it redirects).
    """

    list_kind: str  # one of the 8 kind codes (= CSV stems)
    code: str  # stable item code, e.g. "township_basic-0036"
    seq: int
    name: str
    content: str = ""  # content / township_duty / purpose / note ...
    department: str = ""  # lead/receiving/assisted department short name
    extra: str = ""  # other text fields (department_duty, basis, ...)
    # Editors' 关键词 and 常见说法 of the item: how tasks about it are worded in real notices.
    aliases: str = ""
    alternative: str = ""
    version: int = 1
    document_no: str = ""


@dataclass(frozen=True)
class Match:
    item: IndexItem
    score: float
    matched_terms: tuple[str, ...]
    name_coverage: float = 0.0  # share (IDF-weighted) of the item name found in the query
    # Topic evidence: IDF mass of the shared topic words (not action words), in units of the
    # rarest possible word of this index.  ~1 means "one distinctive word in common".
    evidence: float = 0.0
    # Each shared topic word with its part of ``evidence`` (same units), largest first.
    topic: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class _Doc:
    item: IndexItem
    terms: dict[str, float]  # term → field weight (1.0 name, 0.7 content, ...)
    name_terms: frozenset[str]
    name_mass: float  # Σ idf over name terms, per kind of term (words + bigrams)
    # Precomputed at build for the name-coverage part of the score: the name's words and
    # bigrams (in ``name_terms`` iteration order) and the IDF mass of each.
    name_words: tuple[str, ...] = ()
    name_bigrams: tuple[str, ...] = ()
    name_all_w: float = 0.0
    name_all_b: float = 0.0


# Field weights.  Words and bigrams are scored separately and mixed.
_W_NAME = 1.0
_W_CONTENT = 0.7
_W_EXTRA = 0.35
_W_ALIASES = 0.8
_W_DEPARTMENT = 0.3
_BIGRAM_PREFIX = "#"

# Score mix (sums to 1): query coverage words/bigrams, name coverage words/bigrams.
_MIX_Q_WORD = 0.35
_MIX_Q_BIGRAM = 0.25
_MIX_N_WORD = 0.20
_MIX_N_BIGRAM = 0.20


# ---------------------------------------------------------------------------------------------
# Tokeniser: one private copy of the shared jieba tokenizer (registry.text) per index, with the
# index's domain words added.
# ---------------------------------------------------------------------------------------------
def _domain_words(items: Iterable[IndexItem]) -> set[str]:
    words: set[str] = set()
    for canonical, variants in THESAURUS:
        for w in (*canonical.split(), *variants):
            w = normalize(w)
            if 2 <= len(w) <= 8 and _CJK_RUN_RE.fullmatch(w):
                words.add(w)
    for item in items:
        for text in (item.name, item.content):
            norm = normalize(text)
            words.update(m for m in _QUOTED_RE.findall(norm) if _CJK_RUN_RE.fullmatch(m))
        # Item names split at conjunctions give the domain's own compound terms.
        for part in re.split(r"[和及与、,()\[\]<>\"'/ ]+|以外的|等", normalize(item.name)):
            if 2 <= len(part) <= 6 and _CJK_RUN_RE.fullmatch(part):
                words.add(part)
    return words


class _Analyzer:
    def __init__(self, tokenizer: jieba.Tokenizer) -> None:
        self._tok = tokenizer

    def words(self, prepared: str) -> list[str]:
        out = []
        for chunk in _SPLIT_RE.split(prepared):
            if not chunk:
                continue
            for w in self._tok.cut_for_search(chunk, HMM=False):
                if len(w) < 2 or w in STOPWORDS or _HAS_DIGIT_RE.search(w):
                    continue
                out.append(w)
        return out

    @staticmethod
    def bigrams(prepared: str) -> list[str]:
        out = []
        for run in _CJK_RUN_RE.findall(prepared):
            for i in range(len(run) - 1):
                bg = run[i : i + 2]
                if bg not in STOPWORDS:
                    out.append(_BIGRAM_PREFIX + bg)
        return out

    def terms(self, text: str) -> set[str]:
        prepared = prepare(text)
        return set(self.words(prepared)) | set(self.bigrams(prepared))


# ---------------------------------------------------------------------------------------------
# Index
# ---------------------------------------------------------------------------------------------
@dataclass
class MatchIndex:
    """Inverted index over list items; build once with ``MatchIndex.build``, search many times."""

    _docs: list[_Doc] = field(default_factory=list)
    _offsets: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    _post_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    _post_w: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _post_name: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    _idf: dict[str, float] = field(default_factory=dict)
    _unseen_idf: float = 1.0
    _max_idf: float = 1.0
    _analyzer: _Analyzer | None = None
    # IDF mass of each item's name words and of its name bigrams.
    _name_all_w: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _name_all_b: np.ndarray = field(default_factory=lambda: np.zeros(0))
    _kind_masks: dict[frozenset[str], np.ndarray] = field(default_factory=dict)
    _doc_kinds: list[str] = field(default_factory=list)
    _by_code: dict[str, IndexItem] | None = None
    _cache: dict[tuple, object] = field(default_factory=dict)

    @classmethod
    def build(cls, items: Sequence[IndexItem]) -> MatchIndex:  # noqa: C901 - builds the index in one pass
        tok = new_tokenizer()
        for w in sorted(_domain_words(items)):
            tok.add_word(w)
        analyzer = _Analyzer(tok)

        raw: list[tuple[IndexItem, dict[str, float], set[str]]] = []
        df: dict[str, int] = defaultdict(int)
        for item in items:
            weights: dict[str, float] = {}
            fields = (
                (item.content, _W_CONTENT),
                (item.extra, _W_EXTRA),
                (item.aliases, _W_ALIASES),
                (item.department, _W_DEPARTMENT),
                (item.name, _W_NAME),
            )
            name_terms: set[str] = set()
            for text, w in fields:
                if not text:
                    continue
                terms = analyzer.terms(text)
                if w == _W_NAME:
                    name_terms = terms
                for t in terms:
                    if weights.get(t, 0.0) < w:
                        weights[t] = w
            for t in weights:
                df[t] += 1
            raw.append((item, weights, name_terms))

        n = max(len(items), 1)
        idf = {t: math.log(1.0 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        for t in idf:
            if t.lstrip(_BIGRAM_PREFIX) in ACTION_WORDS:
                idf[t] *= _ACTION_WEIGHT
        postings: dict[str, list[int]] = defaultdict(list)
        post_w: dict[str, list[float]] = defaultdict(list)
        post_name: dict[str, list[int]] = defaultdict(list)
        docs = []
        for i, (item, weights, name_terms) in enumerate(raw):
            for t, w in weights.items():
                postings[t].append(i)
                post_w[t].append(w)
                if t in name_terms:
                    post_name[t].append(i)
            frozen = frozenset(name_terms)
            name_words = tuple(t for t in frozen if not t.startswith(_BIGRAM_PREFIX))
            name_bigrams = tuple(t for t in frozen if t.startswith(_BIGRAM_PREFIX))
            name_all_w = name_all_b = 0.0
            for t in name_words:
                name_all_w += idf[t]
            for t in name_bigrams:
                name_all_b += idf[t]
            docs.append(
                _Doc(
                    item=item,
                    terms=weights,
                    name_terms=frozen,
                    name_mass=sum(idf[t] for t in name_terms),
                    name_words=name_words,
                    name_bigrams=name_bigrams,
                    name_all_w=name_all_w,
                    name_all_b=name_all_b,
                )
            )
        index = cls()
        index._docs = docs
        index._doc_kinds = [d.item.list_kind for d in docs]
        # Postings in one compressed layout (CSR): per term a slice of the item numbers
        # (ascending), of the term's field weight in each, and of the items whose name holds it.
        ids_all: list[int] = []
        fw_all: list[float] = []
        name_all: list[int] = []
        offsets: dict[str, tuple[int, int, int, int]] = {}
        for t, plist in postings.items():
            a, b = len(ids_all), len(name_all)
            ids_all.extend(plist)
            fw_all.extend(post_w[t])
            name_all.extend(post_name.get(t, ()))
            offsets[t] = (a, len(ids_all), b, len(name_all))
        index._offsets = offsets
        index._post_ids = np.array(ids_all, dtype=np.int32)
        index._post_w = np.array(fw_all, dtype=np.float64)
        index._post_name = np.array(name_all, dtype=np.int32)
        index._idf = idf
        # A query word absent from every item still counts against coverage, at half weight:
        # a task about something no list mentions should score low.
        index._unseen_idf = 0.5 * math.log(1.0 + (n + 0.5) / 0.5)
        index._name_all_w = np.array([d.name_all_w for d in docs])
        index._name_all_b = np.array([d.name_all_b for d in docs])
        index._max_idf = math.log(1.0 + (n + 0.5) / 1.5)
        index._analyzer = analyzer
        return index

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def items(self) -> tuple[IndexItem, ...]:
        return tuple(d.item for d in self._docs)

    def item(self, code: str) -> IndexItem | None:
        """The indexed item with stable ``code`` (None if this index does not hold it)."""
        by_code = self._by_code
        if by_code is None:
            by_code = self._by_code = {d.item.code: d.item for d in self._docs}
        return by_code.get(code)

    def similarity(self, a: str, b: str) -> float:
        """IDF-weighted Dice overlap of the words and bigrams of two texts, in [0, 1].

        Used to find earlier decided tasks worded like a new one (类似的已审事项).
        """
        ta, tb = self.terms(a), self.terms(b)
        if not ta or not tb:
            return 0.0
        w = self._term_weight
        shared = sum(w(t) for t in ta & tb)
        return round(2 * shared / (sum(w(t) for t in ta) + sum(w(t) for t in tb)), 6)

    def terms(self, text: str) -> frozenset[str]:
        """The set of words and bigrams of ``text`` (the unit ``similarity`` compares)."""
        words, bigrams = self.analyze(text)
        return frozenset(words) | frozenset(bigrams)

    def _term_weight(self, t: str) -> float:
        v = self._idf.get(t)
        if v is None:
            v = self._unseen_idf
            if t.lstrip(_BIGRAM_PREFIX) in ACTION_WORDS:
                v *= _ACTION_WEIGHT
        return v

    def analyze(self, text: str) -> tuple[list[str], list[str]]:
        """Words and bigrams of ``text`` as the index sees them (for explanations and tests)."""
        if self._analyzer is None:
            raise RuntimeError("MatchIndex.analyze before build()")
        prepared = prepare(text)
        return self._analyzer.words(prepared), self._analyzer.bigrams(prepared)

    def plain_words(self, text: str) -> frozenset[str]:
        """The words really written in ``text`` (normalised, no thesaurus expansion)."""
        if self._analyzer is None:
            raise RuntimeError("MatchIndex.plain_words before build()")
        return frozenset(self._analyzer.words(normalize(text)))

    def weight(self, term: str) -> float:
        """The IDF weight the index gives ``term`` (an unseen word: the rarest possible)."""
        return self._term_weight(term)

    def derived(self, key: tuple, build):
        """A value computed once per index and key (item words, phrase tables of the rules)."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def search(  # noqa: C901 - one scoring pass
        self, text: str, *, limit: int = 10, kinds: Collection[str] | None = None
    ) -> list[Match]:
        if not self._docs or not text or not text.strip():
            return []
        words, bigrams = self.analyze(text)
        qwords, qbigrams = set(words), set(bigrams)
        if not qwords and not qbigrams:
            return []
        idf = self._idf

        def weight(t: str) -> float:
            v = idf.get(t)
            if v is None:
                v = self._unseen_idf
                if t.lstrip(_BIGRAM_PREFIX) in ACTION_WORDS:
                    v *= _ACTION_WEIGHT
            return v

        # Weights of the query terms, once per query, in a fixed order (the order every sum
        # below adds its floats in).
        qw_list = [(t, weight(t)) for t in qwords]
        qb_list = [(t, weight(t)) for t in qbigrams]
        qweight = dict(qw_list)
        wmass = sum(w for _, w in qw_list) or 1.0
        bmass = sum(w for _, w in qb_list) or 1.0
        kind_key = frozenset(kinds) if kinds is not None else None

        # Every item sharing a term is scored, vectorised over the postings: per query term, its
        # items get the term's query weight × field weight (query coverage) and, when the term
        # is in the item's name, its IDF (name coverage).  No candidate cut: the result is the
        # plain formula over all items of the requested kinds.
        n = len(self._docs)
        acc_qw = np.zeros(n)
        acc_qb = np.zeros(n)
        acc_nw = np.zeros(n)
        acc_nb = np.zeros(n)
        for terms, acc_q, acc_n in ((qw_list, acc_qw, acc_nw), (qb_list, acc_qb, acc_nb)):
            for t, w in terms:
                arrays = self._term_arrays(t)
                if arrays is None:
                    continue
                ids, fw, in_name = arrays
                acc_q[ids] += w * fw
                if len(in_name):
                    acc_n[in_name] += idf[t]
        # Same operations, in the same order, as the plain formula on one item.
        nw = np.divide(acc_nw, self._name_all_w, out=np.zeros(n), where=self._name_all_w > 0)
        nb = np.divide(acc_nb, self._name_all_b, out=np.zeros(n), where=self._name_all_b > 0)
        scores = _MIX_Q_WORD * (acc_qw / wmass)
        scores += _MIX_Q_BIGRAM * (acc_qb / bmass)
        scores += _MIX_N_WORD * nw
        scores += _MIX_N_BIGRAM * nb
        if kind_key is not None:
            scores[~self._kind_mask(kind_key)] = 0.0
        positive = np.flatnonzero(scores > 0)
        if not len(positive):
            return []
        # The ``limit`` best (plus anything within rounding distance of the last, so that ties
        # of the rounded score are broken by kind and number exactly as a full sort would).
        if len(positive) > limit:
            part = scores[positive]
            kth = np.partition(part, len(part) - limit)[len(part) - limit]
            positive = positive[part >= kth - 1e-6]
        docs = self._docs
        scored = [(round(float(scores[i]), 6), int(i)) for i in positive]
        scored.sort(key=lambda s: (-s[0], docs[s[1]].item.list_kind, docs[s[1]].item.seq))

        # Explanations (matched terms, evidence) only for the results returned.
        results: list[Match] = []
        for score, i in scored[:limit]:
            doc = docs[i]
            dterms = doc.terms
            name_hit = float(acc_nw[i] + acc_nb[i])
            matched = sorted(
                (t for t, _ in qw_list if t in dterms),
                key=lambda t: (-qweight[t] * dterms[t], t),
            )
            # Each topic word's part of the evidence (summed in ``matched`` order, as before).
            raw = [(t, idf[t] * dterms[t]) for t in matched if t not in ACTION_WORDS]
            evidence = sum(v for _, v in raw) / self._max_idf
            topic = tuple(
                sorted(
                    ((t, round(v / self._max_idf, 6)) for t, v in raw),
                    key=lambda te: (-te[1], te[0]),
                )
            )
            results.append(
                Match(
                    item=doc.item,
                    score=score,
                    matched_terms=tuple(matched[:8]),
                    name_coverage=round(name_hit / (doc.name_mass or 1.0), 6),
                    evidence=round(evidence, 6),
                    topic=topic,
                )
            )
        return results

    def _term_arrays(self, term: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Postings of ``term`` (views, no copy): item numbers (ascending), the term's field
        weight in each, and the item numbers whose name holds it."""
        o = self._offsets.get(term)
        if o is None:
            return None
        return self._post_ids[o[0] : o[1]], self._post_w[o[0] : o[1]], self._post_name[o[2] : o[3]]

    def _kind_mask(self, kinds: frozenset[str]) -> np.ndarray:
        mask = self._kind_masks.get(kinds)
        if mask is None:
            mask = self._kind_masks.setdefault(
                kinds, np.array([k in kinds for k in self._doc_kinds], dtype=bool)
            )
        return mask
