"""Written by ``bench/bench_admission.py --write-calibration``; do not edit by hand.

The calibration of the admission check (registry.admission_calibration): the mean of the
weights fitted on each k−1 folds of the development rows, the median of their thresholds
(1495 rows; see docs/admission.md, "Calibrated confidence").
"""

WEIGHTS: dict[str, float] = {
    "top_score": 1.987434,
    "top_evidence": 1.614693,
    "lead_over_other_verdict": 1.095420,
    "text_length": -0.157101,
    "doubt_low_score": -1.293713,
    "doubt_other_list_close": 0.027434,
    "rule_confidence": 1.514312,
    "reads_basic": -0.823255,
    "reads_cooperate": -0.828977,
    "reads_withdrawn": -1.177255,
    "reads_selfgov": 0.250856,
    "reads_assist": -1.296984,
    "reads_negative": 0.575063,
    "reads_certificate_allowed": -0.602284,
    "reads_certificate_forbidden": 0.470999,
    "reads_unlisted": 0.316549,
}
THRESHOLD = 0.75
