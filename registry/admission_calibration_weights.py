"""Written by ``bench/bench_admission.py --write-calibration``; do not edit by hand.

The calibration of the admission check (registry.admission_calibration): the mean of the
weights fitted on each k−1 folds of the development rows, the median of their thresholds.
"""

WEIGHTS: dict[str, float] = {
    "bias": -0.735126,
    "top_score": 1.941930,
    "top_evidence": 1.755849,
    "lead_over_other_verdict": 1.177748,
    "text_length": 0.359564,
    "doubt_low_score": -1.104755,
    "doubt_other_list_close": -0.235099,
    "doubt_near_unlisted": 0.000000,
    "rule_confidence": 1.720023,
    "reads_basic": -0.666324,
    "reads_cooperate": -0.486293,
    "reads_withdrawn": -0.785082,
    "reads_selfgov": 0.716822,
    "reads_assist": -0.855255,
    "reads_negative": 0.762922,
    "reads_certificate_allowed": -0.327859,
    "reads_certificate_forbidden": 0.311274,
    "reads_unlisted": 0.594669,
}
THRESHOLD = 0.75
