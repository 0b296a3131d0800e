"""Chinese full-text search over published items, identical on SQLite and PostgreSQL.

Neither SQLite FTS5 nor PostgreSQL's built-in text search segments Chinese, so
the words are cut by jieba here, at index time and at query time, with the same
tokenizer:

* index: every item gets one ``ItemSearchEntry`` whose ``name_tokens`` and
  ``body_tokens`` hold jieba's search-mode tokens (full words *and* their
  sub-words: 基本医疗保险 → 基本 医疗 保险 医疗保险), each surrounded by spaces;
* query: the query is normalised, known abbreviations are expanded to their
  canonical wording and back (低保 ⇄ 最低生活保障; the thesaurus of registry.text), the rest is cut into words;
  an item matches when every query word (or one of its synonyms) is one of its
  tokens. The match is a plain ``LIKE '% word %'``, so it behaves the same on
  both databases;
* ranking: a word found in the name counts three times as much as one found in
  the text; the whole query found verbatim in the name counts extra.

The backend is pluggable (``settings.JIANFU_SEARCH_BACKEND``, a dotted path to a
class with ``index_versions`` and ``search``); see docs/search.md for the
OpenSearch/Elasticsearch route a province-scale deployment would take.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from registry.enums import Adjustment, ListKind, RegionLevel, applies_to_values_for
from registry.models import ItemSearchEntry, ListItem, ListVersion, Region
from registry.text import FUNCTION_WORDS as STOP_WORDS
from registry.text import THESAURUS, base_tokenizer, normalize

SCORE_NAME = 3
SCORE_BODY = 1
SCORE_PHRASE_IN_NAME = 5
MAX_CANDIDATES = 500
MAX_QUERY_WORDS = 12


def tokens(text: str) -> list[str]:
    """Search-mode tokens of normalised ``text`` (words and their dictionary sub-words)."""
    text = normalize(text)
    if not text:
        return []
    return [
        t
        for t in (w.strip() for w in base_tokenizer().cut_for_search(text, HMM=False))
        if t and t not in STOP_WORDS
    ]


def token_string(text: str) -> str:
    found = tokens(text)
    return f" {' '.join(found)} " if found else ""


@functools.cache
def _synonym_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(phrase, all phrases of its group), longest phrase first: every member finds every other."""
    groups: dict[str, set[str]] = {}
    for canonical, variants in THESAURUS:
        members = {normalize(canonical), *(normalize(v) for v in variants)}
        merged = set(members)
        for m in members:
            merged |= groups.get(m, set())
        for m in merged:
            groups[m] = merged
    return tuple(
        sorted(((p, tuple(sorted(g))) for p, g in groups.items()), key=lambda e: -len(e[0]))
    )


@dataclasses.dataclass(frozen=True)
class QueryTerm:
    """One thing the user asked for: any alternative matches; an alternative is words, all needed."""

    text: str
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def words(self) -> list[str]:
        return [w for alt in self.alternatives for w in alt]


def parse_query(q: str) -> list[QueryTerm]:
    """Cut a query into terms; known abbreviations become a term with their synonyms."""
    text = normalize(q)[:200]
    terms: list[QueryTerm] = []
    for phrase, group in _synonym_groups():
        if phrase and phrase in text:
            alternatives = tuple(
                tuple(w for p in member.split(" ") for w in _query_words(p)) for member in group
            )
            terms.append(QueryTerm(phrase, tuple(a for a in alternatives if a)))
            text = text.replace(phrase, " ")
    for chunk in text.split():
        for word in _query_words(chunk):
            if word not in {t.text for t in terms}:
                terms.append(QueryTerm(word, ((word,),)))
    return terms[:MAX_QUERY_WORDS]


def _query_words(text: str) -> list[str]:
    """Precise-mode words of a query chunk (the index holds them as tokens)."""
    text = normalize(text)
    words = [w.strip() for w in base_tokenizer().cut(text, HMM=False)]
    return [w for w in words if w and w not in STOP_WORDS]


def _term_q(term: QueryTerm) -> Q:
    q = Q()
    for alternative in term.alternatives:
        all_words = Q()
        for word in alternative:
            token = f" {word} "
            all_words &= Q(name_tokens__contains=token) | Q(body_tokens__contains=token)
        q |= all_words
    return q


def _term_score(term: QueryTerm, entry: ItemSearchEntry) -> int:
    best = 0
    for alternative in term.alternatives:
        if all(f" {w} " in entry.name_tokens for w in alternative):
            best = max(best, SCORE_NAME)
        elif all(
            f" {w} " in entry.name_tokens or f" {w} " in entry.body_tokens for w in alternative
        ):
            best = max(best, SCORE_BODY)
    return best


def highlight(text: str, words: Iterable[str]) -> SafeString:
    """``text`` escaped, with every occurrence of ``words`` wrapped in ``<mark>``."""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not text or not words:
        return escape(text or "")
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _snippet(text: str, words: Sequence[str], width: int = 80) -> str:
    """A window of ``text`` around the first match (the whole text when short)."""
    if len(text) <= width:
        return text
    positions = [p for p in (text.find(w) for w in words) if p >= 0]
    start = max(0, min(positions) - width // 4) if positions else 0
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


@dataclasses.dataclass(frozen=True)
class SearchHit:
    item: ListItem
    version: ListVersion
    score: int
    name_html: SafeString
    snippet_html: SafeString


@dataclasses.dataclass(frozen=True)
class SearchResults:
    query: str
    terms: tuple[QueryTerm, ...]
    hits: tuple[SearchHit, ...]  # this page only
    total: int
    page: int
    per_page: int
    truncated: bool = False  # more candidates than MAX_CANDIDATES; refine the query

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def words(self) -> list[str]:
        return [w for t in self.terms for w in t.words]


@dataclasses.dataclass(frozen=True)
class SearchQuery:
    q: str
    versions: tuple[int, ...] | None  # None: every version in force on ``on``
    on: datetime.date
    applies_to: tuple[str, ...] | None = None
    unit_code: str | None = None  # leaves out admitted items that name other units (targets)
    kind: str = ""
    domain: str = ""
    department: str = ""  # short name
    page: int = 1
    per_page: int = 20
    # Derived lists (registry.layers): source items a layer excludes (不适用) are left out, and
    # so are the adjustment rows themselves (an exclusion or a local wording is not an item).
    excluded_codes: tuple[str, ...] = ()


class DatabaseSearchBackend:
    """The default: a segmented-token table queried with LIKE, on SQLite and PostgreSQL alike."""

    @transaction.atomic
    def index_versions(self, versions: Iterable[ListVersion]) -> int:
        """Index every item of ``versions`` that is not indexed yet; returns how many were added."""
        version_ids = [v.pk for v in versions]
        if not version_ids:
            return 0
        done = set(
            ItemSearchEntry.objects.filter(version_id__in=version_ids).values_list(
                "item_id", flat=True
            )
        )
        entries = [
            ItemSearchEntry(
                item=item,
                version_id=item.version_id,
                applies_to=item.applies_to,
                name_tokens=token_string(item.name),
                body_tokens=token_string(
                    " ".join(
                        [
                            item.domain,
                            item.content,
                            item.basis,
                            item.department_duty,
                            item.local_duty,
                            item.alternative,
                            item.issuer,
                            item.note,
                            # The department's names as published, not its current ones.
                            item.department_name,
                            item.department_short_name,
                        ]
                    )
                ),
            )
            for item in ListItem.objects.filter(version_id__in=version_ids).exclude(pk__in=done)
        ]
        ItemSearchEntry.objects.bulk_create(entries, batch_size=500, ignore_conflicts=True)
        return len(entries)

    def search(self, query: SearchQuery) -> SearchResults:  # noqa: C901 - one scoring pass
        terms = parse_query(query.q)
        if not terms:
            return SearchResults(query.q, (), (), 0, 1, query.per_page)
        versions = (
            list(query.versions)
            if query.versions is not None
            else list(ListVersion.objects.in_force(on=query.on).values_list("pk", flat=True))
        )
        self._ensure_indexed(versions)
        entries = ItemSearchEntry.objects.filter(version_id__in=versions)
        if query.applies_to is not None:
            entries = entries.filter(applies_to__in=query.applies_to)
        if query.unit_code:
            entries = entries.filter(
                Q(item__targets="") | Q(item__targets__contains=query.unit_code)
            )
        entries = entries.filter(item__adjustment=Adjustment.ADDED)
        if query.excluded_codes:
            entries = entries.exclude(item__code__in=query.excluded_codes)
        if query.kind:
            entries = entries.filter(version__duty_list__kind=query.kind)
        if query.domain:
            entries = entries.filter(item__domain=query.domain)
        if query.department:
            # The name the item was published with, or the department's current name.
            entries = entries.filter(
                Q(item__department_short_name=query.department)
                | Q(item__department__short_name=query.department)
            )
        for term in terms:
            entries = entries.filter(_term_q(term))
        candidates = list(
            entries.select_related("item__department", "version__duty_list__region").order_by("pk")[
                : MAX_CANDIDATES + 1
            ]
        )
        truncated = len(candidates) > MAX_CANDIDATES
        candidates = candidates[:MAX_CANDIDATES]
        phrase = normalize(query.q)
        kind_order = {k: i for i, k in enumerate(ListKind.values)}
        scored = []
        for entry in candidates:
            score = sum(_term_score(t, entry) for t in terms)
            if phrase and phrase in normalize(entry.item.name):
                score += SCORE_PHRASE_IN_NAME
            scored.append((score, entry))
        scored.sort(
            key=lambda se: (
                -se[0],
                kind_order.get(se[1].version.duty_list.kind, 99),
                se[1].item.seq,
            )
        )
        # A page past the end is answered empty, as asked: a client paging until the hits run
        # out must see them run out, not the last page again.
        page = max(1, query.page)
        words = [w for t in terms for w in t.words] + [t.text for t in terms]
        words += ["".join(alt) for t in terms for alt in t.alternatives]
        window = scored[(page - 1) * query.per_page : page * query.per_page]
        hits = tuple(
            SearchHit(
                item=entry.item,
                version=entry.version,
                score=score,
                name_html=highlight(entry.item.name, words),
                snippet_html=highlight(
                    _snippet(entry.item.content or entry.item.local_duty or entry.item.note, words),
                    words,
                ),
            )
            for score, entry in window
        )
        return SearchResults(
            query.q, tuple(terms), hits, len(scored), page, query.per_page, truncated
        )

    def _ensure_indexed(self, version_ids: list[int]) -> None:
        """The index is written when a version is published (``version_publish``); a version
        whose entries are missing (entries deleted, a restore of part of the data) is indexed
        here, once: the next search finds it indexed."""
        indexed = set(
            ItemSearchEntry.objects.filter(version_id__in=version_ids)
            .values_list("version_id", flat=True)
            .distinct()
        )
        missing = [v for v in version_ids if v not in indexed]
        if missing:
            self.index_versions(ListVersion.objects.filter(pk__in=missing))


def warm() -> None:
    """Do now what the first search of a process would: load jieba's dictionary and build the
    synonym groups. Called when a server starts (``cms/wsgi.py`` through
    ``cms.public.search.warm``), not in an AppConfig, so management commands (migrate,
    makemigrations, the job worker) do not pay for it."""
    parse_query("基层减负 低保")
    tokens("基层减负清单")


def get_backend():
    path = getattr(settings, "JIANFU_SEARCH_BACKEND", "registry.search.DatabaseSearchBackend")
    return import_string(path)()


def search_index_versions(*, versions: Iterable[ListVersion]) -> int:
    """Index the items of published versions (idempotent)."""
    return get_backend().index_versions(versions)


def search_unindexed_versions() -> list[int]:
    """Ids of published versions that have items but no search entries."""
    indexed = ItemSearchEntry.objects.values("version_id")
    return list(
        ListItem.objects.exclude(version_id__in=indexed)
        .values_list("version_id", flat=True)
        .distinct()
        .order_by("version_id")
    )


def search_reindex(*, rebuild: bool = False, batch: int = 50) -> int:
    """Index every published version not indexed yet; with ``rebuild``, drop the database index
    first and index everything again (after a change of tokenizer or thesaurus). Returns how
    many entries were written."""
    with transaction.atomic():
        if rebuild:
            ItemSearchEntry.objects.all().delete()
        pending = search_unindexed_versions()
        written = 0
        for start in range(0, len(pending), batch):
            written += search_index_versions(
                versions=ListVersion.objects.filter(pk__in=pending[start : start + batch])
            )
        return written


def search_items(
    *,
    q: str,
    region: Region | None = None,
    on: datetime.date | None = None,
    kind: str = "",
    domain: str = "",
    department: str = "",
    page: int = 1,
    per_page: int = 20,
) -> SearchResults:
    """Items matching ``q`` among the lists in force for ``region`` (or everywhere) on ``on``.

    For a township or village, items are narrowed by ``applies_to`` as on its pages.
    """
    from registry.selectors import lists_for_region

    on = on or timezone.localdate()
    versions: tuple[int, ...] | None = None
    applies_to = None
    unit_code = None
    excluded_codes: tuple[str, ...] = ()
    if region is not None:
        chains = lists_for_region(region=region, on=on)
        versions = tuple(v.pk for a in chains for v in a.layers)
        derived = [v.pk for a in chains for v in a.layers[1:]]
        if derived:
            excluded_codes = tuple(
                ListItem.objects.filter(
                    version__in=derived, adjustment=Adjustment.EXCLUDED
                ).values_list("code", flat=True)
            )
        if region.level in (RegionLevel.TOWNSHIP, RegionLevel.VILLAGE):
            applies_to = tuple(applies_to_values_for(region.unit_type))
            unit_code = region.code
    return get_backend().search(
        SearchQuery(
            q=q,
            versions=versions,
            on=on,
            applies_to=applies_to,
            unit_code=unit_code,
            excluded_codes=excluded_codes,
            kind=kind,
            domain=domain,
            department=department,
            page=page,
            per_page=per_page,
        )
    )
