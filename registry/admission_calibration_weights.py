"""Written by ``bench/bench_admission.py --write-calibration``; do not edit by hand.

The calibration of the admission check (registry.admission_calibration): the mean of the
weights fitted on each k−1 folds of the development rows, the median of their thresholds
(2495 rows; see docs/admission.md, "Calibrated confidence").
"""

WEIGHTS: dict[str, float] = {
    "top_score": 2.259552,
    "top_evidence": 2.025714,
    "lead_over_other_verdict": 0.957283,
    "text_length": -0.307340,
    "doubt_low_score": -0.895939,
    "doubt_other_list_close": 0.069164,
    "rule_confidence": 1.285450,
    "reads_basic": -1.038958,
    "reads_cooperate": -1.078620,
    "reads_withdrawn": -1.176093,
    "reads_selfgov": 0.092679,
    "reads_assist": -1.298957,
    "reads_negative": 0.235856,
    "reads_certificate_allowed": 0.185252,
    "reads_certificate_forbidden": 0.544543,
    "reads_unlisted": 0.606642,
}
THRESHOLD = 0.75
