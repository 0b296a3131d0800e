"""What the admission check returns (registry.admission.check_task). Pure module (no Django)."""

from __future__ import annotations

from dataclasses import dataclass

from registry.admission_calibration import Signals
from registry.admission_cues import Flag
from registry.admission_explain import Highlight
from registry.admission_precedents import PrecedentHit
from registry.kinds import PROHIBITED_VERDICTS, VERDICT_REVIEW, VERDICT_UNLISTED
from registry.matching import Match


@dataclass(frozen=True)
class Candidate:
    """An item a reviewer should consider, and why."""

    match: Match
    verdict: str
    highlights: tuple[Highlight, ...]


@dataclass(frozen=True)
class CheckResult:
    verdict: str
    matches: tuple[Match, ...]
    consequences: tuple[str, ...]
    flags: tuple[Flag, ...]
    # 码上减 category a violation would be filed under (for unlisted: if assigned without
    # approval).  Empty when the task is allowed.
    violation_code: str = ""
    # For ``unlisted``: the nearest items, below the threshold, shown as "did you mean".
    candidates: tuple[Match, ...] = ()
    # 0–1: the calibrated probability that the reading is right (registry.admission_calibration);
    # under the calibration's threshold, or with a doubt between a prohibited and an allowed
    # reading, the verdict is ``review`` and the confidence shown stays under the threshold.
    confidence: float = 1.0
    # For ``review``: the verdict the rules lean to, and why a person must decide.
    suggested_verdict: str = ""
    review_reasons: tuple[str, ...] = ()
    # For ``review``: the top candidate items with their shared words.
    review_candidates: tuple[Candidate, ...] = ()
    # Words shared with each cited match (same order as ``matches``) and each candidate.
    highlights: tuple[tuple[Highlight, ...], ...] = ()
    candidate_highlights: tuple[tuple[Highlight, ...], ...] = ()
    precedents: tuple[PrecedentHit, ...] = ()
    # What the rules saw (the calibration's inputs; bench/admission_eval fits it on them).
    signals: Signals | None = None
    # The confidence from which the check decides alone (the calibration's threshold).
    threshold: float = 0.5

    @property
    def allowed(self) -> bool:
        return self.verdict not in PROHIBITED_VERDICTS and self.verdict not in (
            VERDICT_UNLISTED,
            VERDICT_REVIEW,
        )
