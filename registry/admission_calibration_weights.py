"""Written by ``bench/bench_admission.py --write-calibration``; do not edit by hand.

The calibration of the admission check (registry.admission_calibration): the mean of the
weights fitted on each k−1 folds of the development rows, the median of their thresholds
(1895 rows; see docs/admission.md, "Calibrated confidence").
"""

WEIGHTS: dict[str, float] = {
    "top_score": 2.531350,
    "top_evidence": 1.986843,
    "lead_over_other_verdict": 1.131178,
    "text_length": -0.377364,
    "doubt_low_score": -1.186255,
    "doubt_other_list_close": 0.014781,
    "rule_confidence": 1.292823,
    "reads_basic": -1.001449,
    "reads_cooperate": -1.360684,
    "reads_withdrawn": -1.529934,
    "reads_selfgov": 0.230377,
    "reads_assist": -1.577145,
    "reads_negative": 0.326070,
    "reads_certificate_allowed": 0.264189,
    "reads_certificate_forbidden": 0.428783,
    "reads_unlisted": 0.673970,
}
THRESHOLD = 0.8
