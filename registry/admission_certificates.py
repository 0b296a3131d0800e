"""The admission check's rules between the two certificate lists (pure: no Django).

The allowed list (依法出具证明事项) names narrow cases of certificates a village must otherwise
refuse (婚姻状况证明 only when the marriage file is lost, or for 收养; 集体经济组织成员身份 beside
居民身份信息). Two rules read the task's own words against them (docs/admission.md, "Sixth round"):

* ``outweighed``: a generic not-to-be-issued certificate near an allowed one is no doubt when the
  task names the allowed one's narrow case (``narrow_cases_named``) and shares no topic word with
  the generic one that it does not share with the allowed one;
* ``object_doubt``: an allowed reading is in doubt when what the task asks to be certified (the
  words before 证明) is not what the allowed item certifies (低保评议 … 出具离异证明).
* ``siblings_named_elsewhere``: a not-to-be-issued certificate near an allowed one is no doubt when
  what the task asks to be certified is the allowed item's and has no word of the other's (the
  other's words name the papers the person lacks: 无房产证明 … 出具实际居住证明).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from registry.admission_cues import certified_objects
from registry.kinds import (
    KIND_VILLAGE_CERTIFICATES,
    KIND_VILLAGE_NEGATIVE,
    KIND_VILLAGE_NO_CERTIFICATES,
    VERDICT_CERTIFICATE_ALLOWED,
    VERDICT_CERTIFICATE_FORBIDDEN,
    VERDICT_NEGATIVE,
)
from registry.matching import ACTION_WORDS, IndexItem, Match, MatchIndex, normalize

# The topic evidence (about three distinctive words) an allowed certificate needs before a
# generic not-to-be-issued sibling can be outweighed (Tuning.certificate_dominance).
DOMINANT_EVIDENCE = 3.0
UNCOVERED_SLACK = 0.5  # less than half a distinctive word of the sibling's own
NARROW_NAME_SHARE = 0.5  # … and at least half of the allowed name's own words in the task
# More than this share (IDF-weighted) of what the task asks to be certified must be the allowed
# item's own words (name, 常见说法, content).
OBJECT_SHARE = 0.5


def outweighed(
    top: Match,
    other: Match,
    dominance: float,
    named: Collection[tuple[str, str]] = (),
    elsewhere: Collection[tuple[str, str]] = (),
) -> bool:
    """Whether ``other``, a not-to-be-issued certificate, is only the generic sibling of ``top``,
    an allowed one whose narrow case the task names (``dominance``: Tuning.certificate_dominance,
    the most of ``top``'s evidence ``other`` may hold; 0 turns the rule off). Every topic word
    the task shares with ``other`` it shares with ``top`` too (up to ``UNCOVERED_SLACK``): a word
    of ``other``'s own (残疾, 关系, 遗失) keeps the doubt, and so does a task that does not name
    the narrow case itself: ``named`` holds the (allowed, generic) code pairs whose allowed
    name's own words (档案遗失, 收养 …) the task carries, not only the context its 常见说法 add
    (补领结婚证). ``elsewhere`` holds the pairs whose generic certificate the task names only
    outside what it asks to be certified (``siblings_named_elsewhere``)."""
    if (top.item.code, other.item.code) in elsewhere:
        return True
    if not (
        dominance > 0
        and (top.item.code, other.item.code) in named
        and top.item.list_kind == KIND_VILLAGE_CERTIFICATES
        and other.item.list_kind == KIND_VILLAGE_NO_CERTIFICATES
        and top.evidence >= DOMINANT_EVIDENCE
        and other.evidence <= dominance * top.evidence
    ):
        return False
    shared = {t for t, _ in top.topic}
    return sum(e for t, e in other.topic if t not in shared) < UNCOVERED_SLACK


def siblings_named_elsewhere(
    norm: str, ranked: Sequence[Match], index: MatchIndex
) -> frozenset[tuple[str, str]]:
    """The (allowed, not-to-be-issued) certificate pairs, top item first, where what the task asks
    to be certified (``certified_objects``) is the allowed item's and has no word of the other's:
    the other's words stand elsewhere in the task, as the papers the person lacks (无租赁合同和房产
    证明，请社区出具实际居住证明 asks for 居住情况, not for a 财产 certificate)."""
    if not ranked or ranked[0].item.list_kind != KIND_VILLAGE_CERTIFICATES:
        return frozenset()
    objects = certified_objects(norm)
    top = ranked[0].item
    if not objects or any(object_share(index, o, top) <= OBJECT_SHARE for o in objects):
        return frozenset()
    return frozenset(
        (top.code, m.item.code)
        for m in ranked[1:]
        if m.item.list_kind == KIND_VILLAGE_NO_CERTIFICATES
        and all(object_share(index, o, m.item) == 0 for o in objects)
    )


def narrow_cases_named(
    text: str, ranked: Sequence[Match], index: MatchIndex
) -> frozenset[tuple[str, str]]:
    """The (allowed, generic) certificate pairs, top item first, whose allowed name's own words
    the task carries for the most part (``NARROW_NAME_SHARE``), for ``outweighed``."""
    if not ranked or ranked[0].item.list_kind != KIND_VILLAGE_CERTIFICATES:
        return frozenset()
    top = ranked[0].item
    words = index.plain_words(text)
    return frozenset(
        (top.code, m.item.code)
        for m in ranked[1:]
        if m.item.list_kind == KIND_VILLAGE_NO_CERTIFICATES
        and own_name_share(index, words, top, m.item) >= NARROW_NAME_SHARE
    )


# A not-to-be-issued certificate's name, 关键词 or 常见说法 this long (normalised), found word for
# word in the task, names the certificate asked for (无房证明, 证明我是我) whatever the procedure.
PHRASE_MIN = 4


# Words of a certified thing that say nothing of what it is (情况证明, 相关材料 …).
CERTIFICATE_GENERIC = frozenset({"证明", "情况", "相关", "有关", "材料", "一份", "本人", "盖章"})


def own_name_share(
    index: MatchIndex, words: frozenset[str], item: IndexItem, sibling: IndexItem
) -> float:
    """IDF-weighted share of the words of ``item``'s name that ``sibling``'s name lacks (its
    own words: 收养, 档案, 遗失 …) among ``words`` (a task's ``plain_words``: no thesaurus, the
    words must be written); 1.0 when it has none."""
    own = index.derived(
        ("own_name", item.code, sibling.code),
        lambda: index.plain_words(item.name) - index.plain_words(sibling.name) - ACTION_WORDS,
    )
    mass = sum(index.weight(t) for t in own)
    if not mass:
        return 1.0
    return sum(index.weight(t) for t in own if t in words) / mass


def _item_words(index: MatchIndex, item: IndexItem) -> frozenset[str]:
    """The words written in ``item``'s name, 关键词/常见说法 and content, once per index."""
    return index.derived(
        ("item_words", item.code),
        lambda: index.plain_words(" ".join((item.name, item.aliases, item.content))),
    )


def object_share(index: MatchIndex, certified: str, item: IndexItem) -> float:
    """IDF-weighted share of the words written in ``certified`` (what a task asks to be
    certified) that ``item``'s name, 关键词/常见说法 or content also has; 1.0 when it has no topic
    word. No thesaurus on either side."""
    words = index.plain_words(certified) - ACTION_WORDS - CERTIFICATE_GENERIC
    mass = sum(index.weight(t) for t in words)
    if not mass:
        return 1.0
    own = _item_words(index, item)
    return sum(index.weight(t) for t in words if t in own) / mass


def head_covered(index: MatchIndex, certified: str, item: IndexItem) -> bool:
    """Whether the last word of ``certified`` (what is certified: 房屋安全 → 安全, 婚姻状况 →
    婚姻状况) is among ``item``'s own words: a certificate about the house is not the certificate
    of its title because both say 房屋."""
    words = [w for w in index.plain_words(certified) if w not in CERTIFICATE_GENERIC]
    if not words:
        return True
    last = max(certified.rfind(w) + len(w) for w in words)
    own = _item_words(index, item)
    return any(w in own for w in words if certified.rfind(w) + len(w) == last)


def _phrases(index: MatchIndex) -> dict[int, dict[str, IndexItem]]:
    """The not-to-be-issued certificates' names and 关键词/常见说法 (normalised, ``PHRASE_MIN``
    characters or more), by length then phrase, once per index: a task is looked up by its
    substrings, so a check costs the task's length, not the number of items."""

    def build() -> dict[int, dict[str, IndexItem]]:
        table: dict[int, dict[str, IndexItem]] = {}
        for item in index.items:
            if item.list_kind != KIND_VILLAGE_NO_CERTIFICATES:
                continue
            for raw in (item.name, *re.split(r"[；;、,，\s]+", item.aliases)):
                phrase = normalize(raw)
                if len(phrase) >= PHRASE_MIN:
                    table.setdefault(len(phrase), {}).setdefault(phrase, item)
        return table

    return index.derived(("forbidden_phrases", PHRASE_MIN), build)


def _bracket_variants(norm: str) -> tuple[str, ...]:
    """``norm`` as written, without its bracketed asides and with their brackets dropped: a
    bracket offers an alternative (住所（经营场所）证明 names 住所证明 and 经营场所证明)."""
    if "(" not in norm:
        return (norm,)
    return (norm, re.sub(r"\([^()]{0,12}\)", "", norm), norm.replace("(", "").replace(")", ""))


def _own_wording_here(
    norm: str,
    start: int,
    phrase: str,
    sibling: IndexItem,
    allowed_item: IndexItem,
    index: MatchIndex,
) -> bool:
    """Whether the not-to-be-issued ``phrase`` at ``start`` is the allowed item's own wording
    there: it lies inside the item's name or 关键词/常见说法 (婚姻状况证明 inside 收养人婚姻状况证明)
    and the words the allowed name adds (收养人; 档案遗失) stand before it in the same sentence,
    after any earlier certificate (送养人的婚姻状况证明 beside it is the forbidden one)."""
    own = index.derived(
        ("own_wording", allowed_item.code),
        lambda: normalize(" ".join((allowed_item.name, allowed_item.aliases))),
    )
    if phrase not in own:
        return False
    stretch = index.plain_words(re.split(r"[.;]|证明", norm[:start])[-1])
    # The words as written, not the parts the tokenizer also yields (送养人, not its 养人).
    written = frozenset(w for w in stretch if not any(w != v and w in v for v in stretch))
    return own_name_share(index, written, allowed_item, sibling) > 0


def forbidden_phrase(norm, allowed_item, index: MatchIndex) -> tuple[str, IndexItem | None]:
    """(phrase, item) of a not-to-be-issued certificate named word for word in the task and not
    ``allowed_item``'s own wording where it stands (``_own_wording_here``); ("", None) when there
    is none."""
    for variant in _bracket_variants(norm):
        for length, table in sorted(_phrases(index).items()):
            for i in range(len(variant) - length + 1):
                phrase = variant[i : i + length]
                item = table.get(phrase)
                if item is not None and not _own_wording_here(
                    variant, i, phrase, item, allowed_item, index
                ):
                    return phrase, item
    return "", None


# Words that deny what follows (档案没有遗失, 并未遗失, 不是收养); bare 不/无 are left out (不动产,
# 无其他材料可证明).
_DENIAL = re.compile(r"(?:没有|没|并未|尚未|未|不是|并非|非)$")


def denied_case(norm: str, item: IndexItem, index: MatchIndex) -> str:
    """A word of the allowed ``item``'s name the task denies (档案没有遗失 → 没有遗失: the narrow
    case the item is for is not the task's); "" when there is none."""
    words = index.derived(
        ("name_words_longest_first", item.code),
        lambda: sorted(
            index.plain_words(item.name) - ACTION_WORDS - CERTIFICATE_GENERIC, key=len, reverse=True
        ),
    )
    for word in words:
        for found in re.finditer(re.escape(word), norm):
            denial = _DENIAL.search(norm[max(0, found.start() - 2) : found.start()])
            if denial:
                return denial.group(0) + word
    return ""


def as_match(index: MatchIndex, ranked: Sequence[Match], code: str) -> Match | None:
    """The match of item ``code`` among ``ranked``, else the indexed item at score 0 (shown, not
    scored); None when the index does not hold it."""
    for m in ranked:
        if m.item.code == code:
            return m
    item = index.item(code)
    return Match(item=item, score=0.0, matched_terms=()) if item is not None else None


def unlisted_certificate_item(text: str, index: MatchIndex) -> Match | None:
    """The negative-list item on certificates without a basis (a certificate on neither list has
    none a village may certify on), if the county lists one."""
    for m in index.search(text + " 出具证明", limit=5, kinds=(KIND_VILLAGE_NEGATIVE,)):
        if "证明" in m.item.name:
            return m
    return None


def refused_reading(
    text: str, norm: str, ranked: Sequence[Match], index: MatchIndex
) -> tuple[str, list[Match]]:
    """What a reviewer is shown first when ``object_doubt`` holds: the not-to-be-issued
    certificate the task names (word for word, or by what it certifies), else the negative-list
    item on certificates without a basis; the verdict "" (keep the reading) when neither is held."""
    _, item = forbidden_phrase(norm, ranked[0].item, index)
    chosen = as_match(index, ranked, item.code) if item is not None else None
    for obj in () if chosen else certified_objects(norm):
        chosen = next(
            (
                m
                for m in ranked
                if m.item.list_kind == KIND_VILLAGE_NO_CERTIFICATES
                and object_share(index, obj, m.item) > OBJECT_SHARE
            ),
            None,
        )
        if chosen:
            break
    verdict = VERDICT_CERTIFICATE_FORBIDDEN
    if chosen is None:
        chosen, verdict = unlisted_certificate_item(text, index), VERDICT_NEGATIVE
    if chosen is None:
        return "", list(ranked)
    return verdict, [chosen, *(m for m in ranked if m.item.code != chosen.item.code)]


def object_doubt(norm: str, verdict: str, ranked: Sequence[Match], index: MatchIndex) -> str:
    """The doubt an allowed-certificate reading is in when the task asks to certify something
    the cited item does not certify ("" when there is none). The village may issue only what the
    allowed list names; a certificate asked for inside an allowed procedure (低保评议, 政审,
    承包地变更) is not thereby allowed."""
    if verdict != VERDICT_CERTIFICATE_ALLOWED or not ranked:
        return ""
    item = ranked[0].item
    phrase, forbidden = forbidden_phrase(norm, item, index)
    if forbidden is not None:
        return f"任务要求出具的“{phrase}”属于不应由村（社区）出具的“{forbidden.name}”，须人工研判。"
    denied = denied_case(norm, item, index)
    if denied:
        return f"任务写明“{denied}”，不是“{item.name}”适用的情形，须人工研判。"
    for obj in certified_objects(norm):
        if object_share(index, obj, item) <= OBJECT_SHARE or not head_covered(index, obj, item):
            return (
                f"要求出具的“{obj}证明”不是“{item.name}”所证明的内容：可出具证明清单以外的证明"
                "不能由村（社区）出具，须人工研判。"
            )
    return ""
