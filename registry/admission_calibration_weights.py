"""Written by ``bench/bench_admission.py --write-calibration``; do not edit by hand.

The calibration of the admission check (registry.admission_calibration): the mean of the
weights fitted on each k−1 folds of the development rows, the median of their thresholds
(1295 rows; see docs/admission.md, "Calibrated confidence").
"""

WEIGHTS: dict[str, float] = {
    "top_score": 1.764746,
    "top_evidence": 1.485774,
    "lead_over_other_verdict": 1.167184,
    "text_length": -0.086244,
    "doubt_low_score": -1.326855,
    "doubt_other_list_close": 0.098205,
    "rule_confidence": 1.542758,
    "reads_basic": -0.813140,
    "reads_cooperate": -0.658897,
    "reads_withdrawn": -0.986052,
    "reads_selfgov": 0.530018,
    "reads_assist": -1.016356,
    "reads_negative": 0.557094,
    "reads_certificate_allowed": -0.436608,
    "reads_certificate_forbidden": 0.157761,
    "reads_unlisted": 0.232539,
}
THRESHOLD = 0.8
