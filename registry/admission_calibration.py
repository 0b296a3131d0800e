"""The calibrated confidence of the admission check: how likely the reading of the rules is right.

Pure module (no Django). The rules of ``registry.admission`` read a task as one verdict and name
the doubts they see. Some doubts are soft (the top item shares few words; another list's item is
almost as close; the nearest item of a 清单外 task is not far): on their own they say little about
whether the reading is right. A logistic model over a few signals of the check (scores, topic
evidence, lead, the soft doubts, the reading itself) turns them into one probability, and the check
decides automatically only when that probability reaches the threshold. The safety doubts (a
prohibited and an allowed reading close to each other, burden wording without a prohibited item)
are never overruled: a person decides.

The weights are data (``registry.admission_calibration_weights``), written by
``bench/bench_admission.py --write-calibration``: the mean of the weights fitted on each k−1 folds
of the development rows and the median of the thresholds chosen on those folds, never a fit to the
whole file (docs/admission.md, "Calibrated confidence").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from registry.kinds import KIND_TO_VERDICT, VERDICT_UNLISTED

# The readings the model knows (one indicator each), in a fixed order.
READINGS = (
    "basic",
    "cooperate",
    "withdrawn",
    "selfgov",
    "assist",
    "negative",
    "certificate_allowed",
    "certificate_forbidden",
    VERDICT_UNLISTED,
)
# No separate bias: the reading indicators are the intercepts (one per reading).
FEATURE_NAMES = (
    "top_score",
    "top_evidence",
    "lead_over_other_verdict",
    "text_length",
    "doubt_low_score",
    "doubt_other_list_close",
    "rule_confidence",
    *(f"reads_{r}" for r in READINGS),
)
EVIDENCE_SCALE = 6.0  # topic evidence counted up to this much, scaled to 0–1
LENGTH_SCALE = 100.0  # characters


@dataclass(frozen=True)
class Signals:
    """What the rules saw, before any doubt is decided."""

    reading: str
    top_score: float = 0.0
    top_evidence: float = 0.0
    # Share by which the top item leads the best item of another verdict (1.0: none near).
    lead: float = 1.0
    text_length: int = 0
    doubt_low_score: bool = False
    # An item of another verdict on the same side (both allowed, or both prohibited) is close.
    doubt_other_list_close: bool = False
    rule_confidence: float = 1.0
    # A doubt the calibration never overrules (a prohibited and an allowed reading close, burden
    # wording without a prohibited item, a 清单外 reading near an item); not an input.
    firm_doubt: bool = False


def features(s: Signals) -> tuple[float, ...]:
    """The model's inputs, in the order of ``FEATURE_NAMES``."""
    return (
        s.top_score,
        min(s.top_evidence, EVIDENCE_SCALE) / EVIDENCE_SCALE,
        s.lead,
        s.text_length / LENGTH_SCALE,
        float(s.doubt_low_score),
        float(s.doubt_other_list_close),
        s.rule_confidence,
        *(float(s.reading == r) for r in READINGS),
    )


def lead_over_other_verdict(ranked: Sequence) -> float:
    """How far the top match leads the best-ranked match of another verdict (0–1; 1: none)."""
    if not ranked or ranked[0].score <= 0:
        return 1.0
    top = ranked[0]
    verdict = KIND_TO_VERDICT[top.item.list_kind]
    for m in ranked[1:]:
        if KIND_TO_VERDICT[m.item.list_kind] != verdict:
            return max(-1.0, (top.score - m.score) / top.score)
    return 1.0


@dataclass(frozen=True)
class Calibration:
    """Weights over ``FEATURE_NAMES`` and the probability from which the check decides alone."""

    weights: tuple[float, ...]
    threshold: float

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURE_NAMES):
            raise ValueError(
                f"calibration has {len(self.weights)} weights, expected {len(FEATURE_NAMES)}"
            )
        if not 0.0 < self.threshold < 1.0:
            raise ValueError(f"calibration threshold {self.threshold} is not in (0, 1)")

    def probability(self, s: Signals) -> float:
        z = sum(w * x for w, x in zip(self.weights, features(s), strict=True))
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    def decide(
        self, s: Signals, reasons: tuple[str, ...], soft: dict[str, str]
    ) -> tuple[float, tuple[str, ...]]:
        """The calibrated confidence and the reasons left for a person. The soft doubts
        (``soft``, by kind) give way to a probability at or above the threshold; a firm doubt
        (``Signals.firm_doubt``: prohibited against allowed, burden wording, 清单外 near an item)
        never does."""
        p = self.probability(s)
        if s.firm_doubt:
            return round(p, 2), reasons
        if p >= self.threshold:
            return round(p, 2), ()
        # The figure a person sees on the page (a 需人工研判 shows at most threshold − 0.01).
        shown = min(math.floor(p * 100) / 100, round(self.threshold - 0.01, 2))
        unsure = (
            f"综合相似度、共同用语和其他清单的接近程度，系统倾向的结论正确的可能性约为{shown:.0%}，"
            f"低于自动认定所需的{self.threshold:.0%}。"
        )
        return round(p, 2), tuple(soft.values()) or (unsure,)


def shipped() -> Calibration | None:
    """The calibration written by the benchmark, or None before one was written."""
    from registry import admission_calibration_weights as data

    if not data.WEIGHTS:
        return None
    if tuple(data.WEIGHTS) != FEATURE_NAMES:
        raise ValueError("admission_calibration_weights was written for other features")
    return Calibration(tuple(data.WEIGHTS.values()), data.THRESHOLD)
