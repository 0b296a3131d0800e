"""Admission check (准入审查) of a task a department wants to assign to a township or village.

Pure module: no Django, no settings, no Wagtail.  Implements the rules of domain.md §7:

* township: 基本 → allowed; 配合 → allowed within the township's part, the lead department keeps
  primary responsibility; 收回 → violation; nothing → needs 职责准入 (else ``QDWSX``);
* village: 自治 → allowed; 协助 → allowed with 费随事转; 负面 → violation; certificates are
  checked against the two certificate lists; nothing → needs 准入 (else ``WZRTP``);
* cross-cutting flags, always run, mapped to 码上减 category codes.

Missing a prohibited match (收回 / 负面 / 不应出具证明) is the costliest error, so prohibited
kinds win close calls, and wording that marks professional enforcement or a burden
(罚款, 执法检查, 负总责, 截图, 抽调, 挂牌 …) moves a decision towards them.  Wording that marks
the township's or village's helping role (巡查 … 报告, 协助, 宣传) moves it back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from registry.admission_calibration import Calibration, Signals, lead_over_other_verdict, shipped
from registry.admission_certificates import (
    as_match,
    narrow_cases_named,
    object_doubt,
    outweighed,
    refused_reading,
    siblings_named_elsewhere,
    unlisted_certificate_item,
)
from registry.admission_cues import (
    ASSIST_CUE,
    CERTIFICATE_CUE,
    CONDUCT_CERTIFICATE,
    ENFORCEMENT_ACT_CUE,
    HELPING_CUE,
    REPORTING_FOR_ENFORCEMENT,
    SIGNED_OR_FILLED_CUE,
    STRONG_ENFORCEMENT_CUE,
    WEAK_ENFORCEMENT_CUE,
    WEAK_NEGATIVE_CUE,
    burden_doubt,
    cued_item,
    detect_flags,
    strong_negative_cue,
    violation_code,
)
from registry.admission_explain import consequences, highlights
from registry.admission_parts import PartReading, ask_doubt, reading_of
from registry.admission_precedents import NOT_OVER_PROHIBITED, Precedent, precedent_hits
from registry.admission_result import Candidate, CheckResult
from registry.admission_tuning import DEFAULT_TUNING, Tuning
from registry.kinds import (
    CERTIFICATE_KINDS,
    KIND_TO_VERDICT,
    KIND_TOWNSHIP_COOPERATE,
    KIND_TOWNSHIP_WITHDRAWN,
    KIND_VILLAGE_ASSIST,
    KIND_VILLAGE_NEGATIVE,
    KIND_VILLAGE_NO_CERTIFICATES,
    LEVEL_KINDS,
    LEVEL_VILLAGE,
    PROHIBITED_KINDS,
    PROHIBITED_VERDICTS,
    VERDICT_NEGATIVE,
    VERDICT_REVIEW,
    VERDICT_UNLISTED,
)
from registry.matching import Match, MatchIndex, normalize
from registry.text import plain

MAX_CITED = 5
MAX_CANDIDATES = 3
CITE_RELATIVE = 0.25  # cite items scoring this share of the best (0.02 beside 0.53 is noise)
SHIPPED_CALIBRATION = shipped()

# A hit needs both: a minimum score and about one distinctive topic word in common.
UNLISTED_THRESHOLD = 0.11
EVIDENCE_THRESHOLD = 1.25
# Half as much topic evidence is enough for a kind the wording points at (certificate, burden cue).
CUED_EVIDENCE_THRESHOLD = 0.75
STRONG_SCORE = 0.3  # a score this high needs only the cued evidence
CUE_BONUS = 0.25  # relative boost of a kind whose cue words occur in the task
PROHIBITED_MARGIN = 0.10  # relative edge of prohibited kinds in close calls
EVIDENCE_WEIGHT = 0.05  # relative weight of each unit of topic evidence in the ranking …
EVIDENCE_CAP = 6.0  # … counted up to this much
# A withdrawn item the task names under a quarter of, at a low score, without an enforcement cue:
# a department's other act (水土保持方案审查, 代理记账机构检查) the withdrawn list does not name.
LOOSE_WITHDRAWN_COVERAGE = 0.25
LOOSE_WITHDRAWN_SCORE = 0.25


def _is_hit(m: Match, *, cued: bool = False) -> bool:
    # A high overall score (much of the item's name and of the task in common) is itself a sign
    # of the topic: like a cue, it halves the topic evidence needed.
    need = CUED_EVIDENCE_THRESHOLD if cued or m.score >= STRONG_SCORE else EVIDENCE_THRESHOLD
    return m.score >= UNLISTED_THRESHOLD and m.evidence >= need


@dataclass(frozen=True)
class _Decision:
    verdict: str
    ranked: tuple[Match, ...]
    # The wording (a strong cue) put a prohibited item first over a better-scoring one.
    forced: bool = False
    # A strong cue of the verdict's (prohibited) kind is in the wording.
    cued: bool = False


def _rank(pool: Sequence[Match], bonus: dict[str, float]) -> list[Match]:
    def adjusted(m: Match) -> float:
        # Distinctive topic words in common (evidence) count beside the overall score: a long
        # item sharing many of the task's rarer words beats a short one sharing a few common ones.
        weight = 1.0 + EVIDENCE_WEIGHT * min(m.evidence, EVIDENCE_CAP)
        return m.score * (1.0 + bonus.get(m.item.list_kind, 0.0)) * weight

    return sorted(pool, key=lambda m: (-adjusted(m), m.item.list_kind, m.item.seq))


def _pick(ranked: list[Match], cued: Collection[str], override: Collection[str]) -> _Decision:
    """The best hit, where hits of an ``override`` kind beat every other kind."""
    hits = [m for m in ranked if _is_hit(m, cued=m.item.list_kind in cued)]
    if not hits:
        return _Decision(VERDICT_UNLISTED, tuple(ranked))
    forced = [m for m in hits if m.item.list_kind in override]
    top = forced[0] if forced else hits[0]
    rest = [m for m in ranked if m is not top]
    return _Decision(
        KIND_TO_VERDICT[top.item.list_kind],
        (top, *rest),
        forced=top is not hits[0],
        cued=top.item.list_kind in override,
    )


def _decide_village(norm: str, matches: list[Match], index: MatchIndex, text: str) -> _Decision:
    # A pledge or a form, signed and stamped (签订…责任书…盖章), is no certificate the village issues.
    if CERTIFICATE_CUE.search(norm) and ("证明" in norm or not SIGNED_OR_FILLED_CUE.search(norm)):
        certs = [m for m in matches if m.item.list_kind in CERTIFICATE_KINDS]
        # Not-to-be-issued certificates win close calls against the allowed ones.
        ranked = _rank(certs, {KIND_VILLAGE_NO_CERTIFICATES: PROHIBITED_MARGIN})
        decision = _pick(ranked, cued=CERTIFICATE_KINDS, override=())
        conduct = bool(CONDUCT_CERTIFICATE.search(norm))
        if decision.verdict != VERDICT_UNLISTED and not conduct:
            return decision
        proof = unlisted_certificate_item(text, index)  # on neither list, or of conduct (a cue)
        if proof:
            return _Decision(VERDICT_NEGATIVE, (proof, *ranked), cued=conduct)
    pool = [m for m in matches if m.item.list_kind not in CERTIFICATE_KINDS]
    bonus = {KIND_VILLAGE_NEGATIVE: PROHIBITED_MARGIN}
    cued: set[str] = set()
    override: set[str] = set()
    if strong_negative_cue(norm):
        cued.add(KIND_VILLAGE_NEGATIVE)
        override.add(KIND_VILLAGE_NEGATIVE)
        bonus[KIND_VILLAGE_NEGATIVE] += CUE_BONUS
    elif WEAK_NEGATIVE_CUE.search(norm):
        cued.add(KIND_VILLAGE_NEGATIVE)
        bonus[KIND_VILLAGE_NEGATIVE] += CUE_BONUS
    if ASSIST_CUE.search(norm):
        # The task itself names the village's role as helping a department's work.
        bonus[KIND_VILLAGE_ASSIST] = bonus.get(KIND_VILLAGE_ASSIST, 0.0) + CUE_BONUS / 2
    return _pick(_rank(pool, bonus), cued=cued, override=override)


def _decide_township(norm: str, matches: list[Match]) -> _Decision:
    bonus = {KIND_TOWNSHIP_WITHDRAWN: PROHIBITED_MARGIN}
    cued: set[str] = set()
    override: set[str] = set()
    helping = HELPING_CUE.search(norm) or REPORTING_FOR_ENFORCEMENT.search(norm)
    if ENFORCEMENT_ACT_CUE.search(norm):  # the unit's own act: no help, whatever it reports
        helping = None
    if STRONG_ENFORCEMENT_CUE.search(norm) and not helping:
        cued.add(KIND_TOWNSHIP_WITHDRAWN)
        override.add(KIND_TOWNSHIP_WITHDRAWN)
        bonus[KIND_TOWNSHIP_WITHDRAWN] += CUE_BONUS
    elif WEAK_ENFORCEMENT_CUE.search(norm) and not helping:
        bonus[KIND_TOWNSHIP_WITHDRAWN] += CUE_BONUS
    elif helping:
        bonus[KIND_TOWNSHIP_COOPERATE] = CUE_BONUS / 2
    d = _pick(_rank(matches, bonus), cued=cued, override=override)
    # A licence or enforcement the withdrawn list does not name (取水许可, 农机牌证核发): the cue
    # alone made a hit of generic words (核发, 许可证); without an uncued hit's evidence, 清单外.
    if d.cued and d.ranked[0].evidence < EVIDENCE_THRESHOLD:
        return _Decision(VERDICT_UNLISTED, d.ranked)
    top = d.ranked[0] if d.ranked else None
    if (
        top is not None
        and top.item.list_kind == KIND_TOWNSHIP_WITHDRAWN
        and not STRONG_ENFORCEMENT_CUE.search(norm)
        and top.name_coverage < LOOSE_WITHDRAWN_COVERAGE
        and top.score < LOOSE_WITHDRAWN_SCORE
    ):
        return _Decision(VERDICT_UNLISTED, d.ranked)
    return d


def _cited(ranked) -> tuple:
    """The best item always; the next ones only while they are comparably relevant."""
    if not ranked:
        return ()
    floor = ranked[0].score * CITE_RELATIVE
    return (ranked[0], *(m for m in ranked[1:MAX_CITED] if m.score >= floor))


def _alternative(ranked: Sequence[Match], verdict: str) -> Match | None:
    """The best-ranked hit of another verdict than ``verdict``."""
    for m in ranked[1:]:
        if KIND_TO_VERDICT[m.item.list_kind] != verdict and _is_hit(m):
            return m
    return None


def _prohibited_doubt(
    verdict: str,
    ranked: Sequence[Match],
    tuning: Tuning,
    named: Collection[tuple[str, str]] = (),
    elsewhere: Collection[tuple[str, str]] = (),
) -> str:
    """The doubt an allowed reading is in when a prohibited item comes close to its top item
    ("" when there is none). The rule holds whatever else counts as evidence: a similar decided
    task (类似的已审事项) may confirm an allowed reading, never clear this doubt."""
    if verdict in PROHIBITED_VERDICTS or verdict == VERDICT_UNLISTED or not ranked:
        return ""
    top = ranked[0]
    for m in ranked[1:]:
        # Siblings on the two certificate lists (证件遗失证明 / 承包经营权变更证明): doubt sooner.
        doubt = (
            tuning.certificate_doubt
            if m.item.list_kind == KIND_VILLAGE_NO_CERTIFICATES
            else tuning.prohibited_doubt
        )
        if (
            m.item.list_kind in PROHIBITED_KINDS
            and m.score >= doubt * top.score
            and m.evidence >= CUED_EVIDENCE_THRESHOLD
            and not outweighed(top, m, tuning.certificate_dominance, named, elsewhere)
        ):
            return f"也可能属于禁止事项“{m.item.name}”：禁止与允许之间有疑问时须人工研判。"
    return ""


def _confidence(  # noqa: C901 - the rules' confidence and doubts, one rule per branch (docs/admission.md)
    verdict: str,
    ranked: Sequence[Match],
    tuning: Tuning,
    *,
    forced: bool = False,
    cued: bool = False,
    named: Collection[tuple[str, str]] = (),
    elsewhere: Collection[tuple[str, str]] = (),
) -> tuple[float, tuple[str, ...], dict[str, str]]:
    """Confidence in [0, 1] by the rules and, when it is below 0.5, the reasons a person must
    decide; third, the soft ones among them by kind (``low``: few words in common; ``close``:
    an item of another verdict on the same side of prohibited/allowed is nearly as close), which
    the calibration weighs (registry.admission_calibration). Every other reason is firm."""
    if verdict == VERDICT_UNLISTED:
        best = ranked[0] if ranked else None
        if best is None or tuning.unlisted_doubt <= 0:
            return 1.0, (), {}
        conf = max(0.0, 1.0 - best.score / (2 * tuning.unlisted_doubt))
        if best.score > tuning.unlisted_doubt and best.evidence >= CUED_EVIDENCE_THRESHOLD:
            # Firm: a 清单外 reading near a listed item is never decided by the calibration.
            return min(conf, 0.49), (f"与“{best.item.name}”部分相近，不能排除属于清单事项。",), {}
        return max(conf, 0.5), (), {}
    top = ranked[0]
    strength = min(1.0, top.score / (2 * tuning.accept_score)) if tuning.accept_score else 1.0
    reasons: list[str] = []
    soft: dict[str, str] = {}
    # A low score is no doubt when a strong cue names the prohibited kind it belongs to, or when
    # the task shares much distinctive topic evidence with the item (a long task dilutes the score).
    if top.score < tuning.accept_score and not cued and top.evidence < tuning.low_score_evidence:
        soft["low"] = f"与“{top.item.name}”只有少量共同用语，相似度偏低。"
        reasons.append(soft["low"])
    alt = _alternative(ranked, verdict)
    lead = 1.0
    if alt is not None and top.score > 0:
        lead = (top.score - alt.score) / top.score
        if tuning.margin > 0:
            strength = min(strength, 0.5 + 0.5 * min(1.0, max(-1.0, lead / tuning.margin - 1)))
        # No doubt: a prohibited verdict the wording forced over a higher-scoring item, or whose
        # own strong cue is in the wording (the cue is the evidence, the reading the cautious one).
        if (
            lead < tuning.margin
            and (
                verdict not in PROHIBITED_VERDICTS
                or (tuning.margin > 0 and not forced and not cued)
            )
            and not outweighed(top, alt, tuning.certificate_dominance, named, elsewhere)
        ):
            close = f"“{top.item.name}”与“{alt.item.name}”（另一类清单）同样相近。"
            reasons.append(close)
            # Between two allowed (or two prohibited) readings a close call is a soft doubt the
            # calibration weighs; between a prohibited and an allowed one it is firm.
            if (verdict in PROHIBITED_VERDICTS) == (
                KIND_TO_VERDICT[alt.item.list_kind] in PROHIBITED_VERDICTS
            ):
                soft["close"] = close
        if (
            verdict in PROHIBITED_VERDICTS
            and KIND_TO_VERDICT[alt.item.list_kind] not in PROHIBITED_VERDICTS
            and alt.score > top.score
            and alt.evidence > top.evidence
        ):
            # Won only by the prohibited kinds' edge, an allowed item closer on both: a person.
            reasons.append(
                f"也可能属于允许事项“{alt.item.name}”（更相近）：禁止与允许之间有疑问时须人工研判。"
            )
    doubt = _prohibited_doubt(verdict, ranked, tuning, named, elsewhere)
    if doubt:
        reasons.append(doubt)
    conf = round(strength, 2)
    if reasons:
        conf = min(conf, 0.49)
    elif conf < 0.5:
        conf = 0.5
    return conf, tuple(reasons), soft


def check_task(  # noqa: C901 - the check's pipeline; each step is a helper
    *,
    text: str,
    target_level: str,
    index: MatchIndex,
    department: str = "",
    precedents: Sequence[Precedent] = (),
    tuning: Tuning = DEFAULT_TUNING,
    calibration: Calibration | None = SHIPPED_CALIBRATION,
    split: bool = True,
) -> CheckResult:
    """Check one task assignment against the lists in ``index`` for ``target_level``.

    ``index`` may hold all eight kinds (e.g. a county-wide index); only the kinds of the target
    level are searched.  ``department`` is the assigning department's short name, if known.
    ``precedents`` are tasks of the same county that people have decided: a similar one counts
    as evidence (never across counties: the caller passes only the county's own).

    ``calibration`` turns what the rules saw into the probability that their reading is right
    (``confidence``); the check decides alone when it reaches the calibration's threshold and no
    doubt between a prohibited and an allowed reading remains (those are never overruled).
    Without a calibration the rules' own confidence decides, with 0.5 as threshold.
    The verdict is ``review`` (需人工研判) otherwise; a prohibited reading is never turned into
    an allowed verdict automatically. With ``split``, an allowed reading also holds only if
    each ask of a task of several asks agrees (``admission_parts``).
    """
    if target_level not in LEVEL_KINDS:
        raise ValueError(f"unknown target_level {target_level!r}")
    matches = index.search(text, limit=20, kinds=LEVEL_KINDS[target_level])
    norm = plain(normalize(text))
    if target_level == LEVEL_VILLAGE:
        decision = _decide_village(norm, matches, index, text)
    else:
        decision = _decide_township(norm, matches)
    verdict = decision.verdict
    ranked = list(decision.ranked)
    cleared = {  # certificate pairs whose not-to-be-issued sibling is no doubt
        "named": narrow_cases_named(text, ranked, index),
        "elsewhere": siblings_named_elsewhere(norm, ranked, index),
    }
    confidence, reasons, soft = _confidence(
        verdict, ranked, tuning, forced=decision.forced, cued=decision.cued, **cleared
    )
    cue_doubt, cue_lean = burden_doubt(norm, target_level)
    # Firm doubts in the wording: a burden cue, no prohibited item cited; a certificate not certified.
    allowed = verdict not in PROHIBITED_VERDICTS and verdict != VERDICT_UNLISTED
    other = object_doubt(norm, verdict, ranked, index)
    refused, reordered = refused_reading(text, norm, ranked, index) if other else ("", ranked)
    if refused:  # a reviewer is shown the prohibited reading first
        verdict, ranked = refused, reordered
    # A burden cue on a 清单外 reading of a village task: negative, citing the item the cue names.
    burden_unlisted = (
        bool(cue_doubt) and target_level == LEVEL_VILLAGE and verdict == VERDICT_UNLISTED
    )
    named = cued_item(norm, text, index) if burden_unlisted or allowed and cue_doubt else None
    negative = [m for m in ranked if m.item.list_kind == KIND_VILLAGE_NEGATIVE][:1]
    negative = negative or ([named] if named else [])
    # A department's duty handed down, under half the allowed item's name in the task: 清单外.
    devolved = allowed and cue_lean == VERDICT_UNLISTED and ranked[0].name_coverage < 0.5
    held = (allowed and not devolved) or (burden_unlisted and not negative)
    firm = [d for d in (held and cue_doubt, other) if d]
    if allowed and cue_doubt and cue_lean:
        verdict = cue_lean
    if (burden_unlisted or verdict == VERDICT_NEGATIVE) and negative:  # shown first
        verdict, ranked = (
            VERDICT_NEGATIVE,
            [*negative, *(m for m in ranked if m is not negative[0])],
        )
    if firm:
        reasons, confidence = (*reasons, *firm), min(confidence, 0.49)
    signals = Signals(
        reading=verdict,
        top_score=ranked[0].score if ranked else 0.0,
        top_evidence=ranked[0].evidence if ranked else 0.0,
        lead=lead_over_other_verdict(ranked),
        text_length=len(norm),
        doubt_low_score="low" in soft,
        doubt_other_list_close="close" in soft,
        rule_confidence=confidence,
        firm_doubt=any(r not in soft.values() for r in reasons),
    )
    if named:  # the item the cue names is cited first (the reading is the lexical match's)
        ranked = [named, *(m for m in ranked if m.item.code != named.item.code)]
    below = 0.49  # the highest confidence a 需人工研判 shows
    threshold = 0.5
    if calibration is not None:
        threshold = calibration.threshold
        below = round(threshold - 0.01, 2)
        confidence, reasons = calibration.decide(signals, reasons, soft)

    alike, weaker = tuning.precedent_similarity, tuning.precedent_corroborated
    hits = precedent_hits(text, target_level, precedents, index, alike, MAX_CANDIDATES, weaker)
    if hits:
        best = hits[0].precedent
        chosen = as_match(index, ranked, best.item_code) if best.item_code else None
        # A decision naming an item this index does not hold (unpublished, other lists) is shown.
        usable = best.verdict == VERDICT_UNLISTED or chosen is not None
        same = best.verdict == verdict and (
            not best.item_code or bool(ranked and ranked[0].item.code == best.item_code)
        )
        # A decision of the county's own this alike decides: shown at least at the threshold.
        decided = max(round(hits[0].similarity, 2), threshold)
        if same:
            confidence, reasons = max(confidence, decided), ()
        elif not usable:
            pass
        elif verdict in PROHIBITED_VERDICTS and best.verdict not in PROHIBITED_VERDICTS:
            reasons = (*reasons, NOT_OVER_PROHIBITED)
            confidence = min(confidence, below)
        else:
            verdict = best.verdict
            if chosen is not None:
                ranked = [chosen, *(m for m in ranked if m.item.code != chosen.item.code)]
            if hits[0].similarity < alike:  # loosely alike, if corroborated: a reviewer's lead
                reasons = (*reasons, "类似的已审事项结论与规则不同，但相似度不高，须人工研判。")
                confidence = min(confidence, below)
            else:
                confidence, reasons = decided, ()
        if verdict not in PROHIBITED_VERDICTS and verdict != VERDICT_UNLISTED:
            # A decided task may confirm an allowed reading, never clear a prohibited doubt.
            doubt = _prohibited_doubt(verdict, ranked, tuning, **cleared)
            held = [r for r in (cue_doubt, doubt, object_doubt(norm, verdict, ranked, index)) if r]
            if held:
                reasons = (*reasons, *(r for r in held if r not in reasons))
                confidence = min(confidence, below)

    if split and verdict not in PROHIBITED_VERDICTS and verdict != VERDICT_UNLISTED:
        read = lambda part: _part(part, target_level, index, tuning)  # noqa: E731
        found = ask_doubt(norm, verdict, ranked[0] if ranked else None, read)
        if found:  # the reviewer is shown the ask's reading (its prohibited item) first
            verdict, first = found.reading.verdict, found.reading.matches[:1]
            shown = {m.item.code for m in first}  # the part's match, not the whole's, of an item
            ranked = [*first, *(m for m in ranked if m.item.code not in shown)]
            reasons, confidence = (*reasons, found.reason), min(confidence, below)

    suggested = ""
    if reasons:
        suggested, verdict = verdict, VERDICT_REVIEW
        confidence = min(confidence, below)
    cited = _cited(ranked) if verdict not in (VERDICT_UNLISTED, VERDICT_REVIEW) and ranked else ()
    if verdict not in (VERDICT_UNLISTED, VERDICT_REVIEW) and not cited:
        verdict = VERDICT_UNLISTED  # a precedent of 清单外 leaves nothing to cite
    top = cited[0] if cited else None
    # Under review, the code the suggested reading would be filed under (if it is a violation).
    reading = suggested if verdict == VERDICT_REVIEW else verdict
    violation = violation_code(reading, target_level)
    candidates = tuple(ranked[:MAX_CITED]) if verdict == VERDICT_UNLISTED else ()
    review_candidates: tuple[Candidate, ...] = ()
    if verdict == VERDICT_REVIEW:
        review_candidates = tuple(
            Candidate(
                m, KIND_TO_VERDICT[m.item.list_kind], highlights(text, m.item, m.matched_terms)
            )
            for m in ranked[:MAX_CANDIDATES]
        )
    told = consequences(verdict, top, target_level, department)
    if verdict == VERDICT_REVIEW:
        told = (
            "系统不能确定该事项属于哪一类，已列出最相近的事项及理由，请由审核人员研判后再决定能否交办。",
            *reasons,
        )
    return CheckResult(
        verdict=verdict,
        matches=tuple(cited),
        consequences=told,
        flags=detect_flags(text),
        violation_code=violation,
        candidates=candidates,
        confidence=confidence,
        suggested_verdict=suggested,
        review_reasons=reasons,
        review_candidates=review_candidates,
        highlights=tuple(highlights(text, m.item, m.matched_terms) for m in cited),
        candidate_highlights=tuple(highlights(text, m.item, m.matched_terms) for m in candidates),
        precedents=hits,
        signals=signals,
        threshold=threshold,
    )


def _part(text: str, target_level: str, index: MatchIndex, tuning: Tuning) -> PartReading:
    """The rules alone on one ask of a task (``admission_parts.part_doubt``)."""
    r = check_task(
        text=text,
        target_level=target_level,
        index=index,
        tuning=tuning,
        calibration=None,
        split=False,
    )
    shown = [c.match for c in r.review_candidates] if r.review_candidates else r.matches
    return reading_of(r.verdict, r.suggested_verdict, shown)
