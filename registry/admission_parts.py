"""The asks of a task that says more than one thing (pure: no Django).

A notice often names an allowed duty first and adds a burden after it (请协助做好垃圾分类宣传。
局里建了督导工作群，请社区书记入群每天报情况). Read as a whole, the allowed duty outweighs the
burden; read ask by ask, the burden is what it is. So an allowed reading holds only if no other
ask of the task reads as prohibited, and none is a duty the lists do not hold (清单外 needs 准入).
A sentence that asks nothing of the unit (县气象台发布暴雨橙色预警; 经费由县林草局拨付) or only for
a report on the work (请于每周五前报送进展) is no ask of its own. See docs/admission.md, "Seventh
round".

The ask is also read without the clauses that frame it (根据协助事项第N项“…”，请…; 结合<an allowed
item>，请…; …属于村内公共事务，请…): what the department says the work is proves nothing, the ask must
carry the reading itself (``frame_doubt``; docs/admission.md, "Eighth round").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from registry.admission_cues import certified_objects
from registry.kinds import (
    PROHIBITED_VERDICTS,
    VERDICT_CERTIFICATE_ALLOWED,
    VERDICT_REVIEW,
    VERDICT_UNLISTED,
)
from registry.matching import Match

# Where one ask ends: a sentence, or a turn to another matter within it.
_BOUNDARY = re.compile(r"[.;!?]|另外|此外|同时")
PART_MIN = 8  # characters (normalised); shorter pieces are no ask of their own
# An ask of the unit: a request, or a duty put on the unit itself (由社区自行购买).
_UNIT = r"(?:本|各)?(?:村|社区|居委会|村委会|村里|乡镇|街道|镇里|乡里)"
_ASK = re.compile(
    r"请|麻烦|辛苦|拜托|要求|务必|必须|由"
    + _UNIT
    + r"(?:自行|负责|承担|组织|办理|直接|先行|牵头|解决|购买|垫|出)"
)
# How a certificate is issued (按式样如实出具, 加盖公章后交申请人), said apart from what it certifies.
_ISSUING = re.compile(r"出具|开具|盖章|公章|式样")
# Only a report on the work asked for (请于每周五前报送进展), which belongs to that work.
_REPORT_ONLY = re.compile(r"^[^,]{0,20}(?:报送|上报|报告|反馈)[^,]{0,12}$")


def parts(norm: str) -> tuple[str, ...]:
    """The parts of a normalised task, when it has more than one; () otherwise."""
    found = [p.strip(", ") for p in _BOUNDARY.split(norm)]
    found = [p for p in found if len(p) >= PART_MIN]
    return tuple(found) if len(found) >= 2 else ()


def is_ask(part: str) -> bool:
    """Whether a part asks something of the unit (not only for a report on the work)."""
    return bool(_ASK.search(part)) and not _REPORT_ONLY.match(part)


@dataclass(frozen=True)
class PartReading:
    """What the rules read in one ask of a task."""

    verdict: str  # the rules' verdict, or under review the one they lean to
    matches: tuple[Match, ...]  # the ask's items, best first
    firm: bool = True  # the verdict itself, not a lean under review


@dataclass(frozen=True)
class PartDoubt:
    """An ask of the task that the allowed reading of the whole does not cover."""

    part: str
    reading: PartReading
    reason: str


def part_doubt(
    norm: str, read: Callable[[str], PartReading], verdict: str = ""
) -> PartDoubt | None:
    """The first part of a task read as allowed that reads as prohibited, else the first ask
    that is on no list; None when every part agrees. ``read`` is the rules alone on one ask (no
    calibration, no precedents, no splitting again). Under an allowed certificate, a part that
    only says how the certificate is issued (请按式样出具，加盖公章后交申请人: it names no thing
    certified) is that certificate, not an ask of its own."""
    unlisted: PartDoubt | None = None
    for part in parts(norm):
        issuing = verdict == VERDICT_CERTIFICATE_ALLOWED and _ISSUING.search(part)
        if issuing and not certified_objects(part):
            continue
        reading = read(part)
        shown = part if len(part) <= 30 else part[:30] + "…"
        # A part that asks nothing of the unit (经费由县司法局保障) counts only if read prohibited
        # outright, not by a lean under review.
        if (
            reading.verdict in PROHIBITED_VERDICTS
            and reading.matches
            and (reading.firm or is_ask(part))
        ):
            name = reading.matches[0].item.name
            return PartDoubt(
                part,
                reading,
                f"任务中“{shown}”一句可能属于禁止事项“{name}”：一项任务中有禁止的部分时须人工研判。",
            )
        if reading.verdict == VERDICT_UNLISTED and unlisted is None and is_ask(part):
            unlisted = PartDoubt(
                part,
                reading,
                f"任务中“{shown}”一句不在清单之内（清单外事项须经准入）：须人工研判。",
            )
    return unlisted


def reading_of(verdict: str, suggested: str, matches: Sequence[Match]) -> PartReading:
    """A ``PartReading`` from a check's verdict (``review``: the verdict it leans to)."""
    review = verdict == VERDICT_REVIEW
    return PartReading(suggested if review else verdict, tuple(matches), firm=not review)


# A clause that frames the ask instead of stating it: the basis cited (根据…, 按…, 参照…的做法,
# 结合…) or a claim of the list the work is on (属于村内公共事务, 依据配合履职事项“…”). What the
# department says the work is proves nothing; the work asked must carry the reading itself.
_FRAME_LEAD = re.compile(r"^(?:根据|依据|依照|按照|按|参照|对照|结合|鉴于|作为)")
_LIST_CITED = re.compile(
    r"协助事项|配合履职|基本履职|自治事项|依法协助|依法自治|履职事项|清单|第\d+项|第[一二三四五六七八九十]+项"
)
_KIND_CLAIM = re.compile(
    r"(?:属于|是)[^,]{0,12}(?:公共事务|公益事业|自治|协助|配合|分内|本职|职责)"
)


@dataclass(frozen=True)
class Framed:
    """A task with the clauses that frame its ask taken out."""

    rest: str
    frame: str  # the first framing clause, as written (normalised)
    claims: bool  # a framing clause names a list, an item or the kind of the work


def unframed(norm: str) -> Framed | None:
    """The task without its framing clauses; None when it has none, or no ask is left."""
    kept: list[str] = []
    frames: list[str] = []
    claims = asked = False
    for sentence in re.split(r"(?<=[.;!?])", norm):
        for clause in sentence.split(","):
            bare = clause.strip(".;!? ")
            ask = bool(_ASK.search(bare))
            cites = bool(_LIST_CITED.search(bare) or _KIND_CLAIM.search(bare))
            # A basis named before the ask frames it (根据…,请…); after it, it is how the work
            # is done (请村集体…,依据承包合同出具证明).
            if bare and not ask and (cites or (not asked and _FRAME_LEAD.match(bare))):
                frames.append(bare)
                claims = claims or cites
            else:
                kept.append(clause)
            asked = asked or ask
    rest = ",".join(kept).strip(",. ")
    if not frames or len(rest) < PART_MIN:
        return None
    return Framed(rest, frames[0], claims)


def _carried_by_frame(framed: Framed, top: Match) -> bool:
    """Whether the frame, not the ask, holds most of the topic the reading rests on
    (结合群众性文体活动，请村里承担公众号运营 reads 群众性文体 from its frame)."""
    in_frame = sum(w for t, w in top.topic if t in framed.frame)
    in_rest = sum(w for t, w in top.topic if t in framed.rest)
    return in_frame > in_rest


def frame_doubt(
    norm: str, verdict: str, top: Match | None, read: Callable[[str], PartReading]
) -> PartDoubt | None:
    """The doubt an allowed reading is in when it rests on how the task frames its ask: the ask
    alone reads prohibited, or (where the frame names a list, claims the kind of the work, or
    holds most of the topic) it does not read as the allowed item."""
    framed = unframed(norm)
    if framed is None or top is None:
        return None
    reading = read(framed.rest)
    shown = framed.frame if len(framed.frame) <= 30 else framed.frame[:30] + "…"
    if reading.verdict in PROHIBITED_VERDICTS and reading.matches:
        name = reading.matches[0].item.name
        return PartDoubt(
            framed.rest,
            reading,
            f"任务以“{shown}”为由，但交办的工作本身可能属于禁止事项“{name}”：须人工研判。",
        )
    claims = framed.claims or _carried_by_frame(framed, top)
    if claims and not (
        reading.verdict == verdict
        and reading.matches
        and reading.matches[0].item.code == top.item.code
    ):
        return PartDoubt(
            framed.rest,
            PartReading(VERDICT_UNLISTED, (), firm=False),
            f"任务援引“{shown}”，但交办的工作本身不能确认属于该事项（清单外事项须经准入）：须人工研判。",
        )
    return None


def ask_doubt(
    norm: str, verdict: str, top: Match | None, read: Callable[[str], PartReading]
) -> PartDoubt | None:
    """What the asks of a task read as allowed put in doubt: a part (``part_doubt``), else its
    frame (``frame_doubt``); None when nothing does."""
    return part_doubt(norm, read, verdict) or frame_doubt(norm, verdict, top, read)
