"""The admission check's rules between the two certificate lists (pure: no Django).

The allowed list (依法出具证明事项) names narrow cases of certificates a village must otherwise
refuse (婚姻状况证明 only when the marriage file is lost, or for 收养; 集体经济组织成员身份 beside
居民身份信息). Two rules read the task's own words against them (docs/admission.md, "Sixth round"):

* ``outweighed``: a generic not-to-be-issued certificate near an allowed one is no doubt when the
  task names the allowed one's narrow case (``narrow_cases_named``) and shares no topic word with
  the generic one that it does not share with the allowed one;
* ``object_doubt``: an allowed reading is in doubt when what the task asks to be certified (the
  words before 证明) is not what the allowed item certifies (低保评议 … 出具离异证明).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from registry.admission_cues import certified_objects
from registry.kinds import (
    KIND_VILLAGE_CERTIFICATES,
    KIND_VILLAGE_NO_CERTIFICATES,
    VERDICT_CERTIFICATE_ALLOWED,
)
from registry.matching import Match, MatchIndex

# The topic evidence (about three distinctive words) an allowed certificate needs before a
# generic not-to-be-issued sibling can be outweighed (Tuning.certificate_dominance).
DOMINANT_EVIDENCE = 3.0
UNCOVERED_SLACK = 0.5  # less than half a distinctive word of the sibling's own
NARROW_NAME_SHARE = 0.5  # … and at least half of the allowed name's own words in the task
# More than this share (IDF-weighted) of what the task asks to be certified must be the allowed
# item's own words (name, 常见说法, content).
OBJECT_SHARE = 0.5


def outweighed(
    top: Match, other: Match, dominance: float, named: Collection[tuple[str, str]] = ()
) -> bool:
    """Whether ``other``, a not-to-be-issued certificate, is only the generic sibling of ``top``,
    an allowed one whose narrow case the task names (``dominance``: Tuning.certificate_dominance,
    the most of ``top``'s evidence ``other`` may hold; 0 turns the rule off). Every topic word
    the task shares with ``other`` it shares with ``top`` too (up to ``UNCOVERED_SLACK``): a word
    of ``other``'s own (残疾, 关系, 遗失) keeps the doubt, and so does a task that does not name
    the narrow case itself: ``named`` holds the (allowed, generic) code pairs whose allowed
    name's own words (档案遗失, 收养 …) the task carries, not only the context its 常见说法 add
    (补领结婚证)."""
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


def narrow_cases_named(
    text: str, ranked: Sequence[Match], index: MatchIndex
) -> frozenset[tuple[str, str]]:
    """The (allowed, generic) certificate pairs, top item first, whose allowed name's own words
    the task carries for the most part (``NARROW_NAME_SHARE``), for ``outweighed``."""
    if not ranked or ranked[0].item.list_kind != KIND_VILLAGE_CERTIFICATES:
        return frozenset()
    top = ranked[0].item
    return frozenset(
        (top.code, m.item.code)
        for m in ranked[1:]
        if m.item.list_kind == KIND_VILLAGE_NO_CERTIFICATES
        and index.own_name_share(text, top, m.item) >= NARROW_NAME_SHARE
    )


def object_doubt(norm: str, verdict: str, ranked: Sequence[Match], index: MatchIndex) -> str:
    """The doubt an allowed-certificate reading is in when the task asks to certify something
    the cited item does not certify ("" when there is none). The village may issue only what the
    allowed list names; a certificate asked for inside an allowed procedure (低保评议, 政审,
    承包地变更) is not thereby allowed."""
    if verdict != VERDICT_CERTIFICATE_ALLOWED or not ranked:
        return ""
    item = ranked[0].item
    for obj in certified_objects(norm):
        if index.object_share(obj, item) <= OBJECT_SHARE:
            return (
                f"要求出具的“{obj}证明”不是“{item.name}”所证明的内容：可出具证明清单以外的证明"
                "不能由村（社区）出具，须人工研判。"
            )
    return ""
