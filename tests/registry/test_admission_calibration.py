"""The calibrated confidence (registry/admission_calibration.py): what it may and may not decide.

Pure: no database. The calibrations built here are extreme on purpose (always sure, never sure),
so each test shows what the rules leave to the calibration and what they never do.
"""

from __future__ import annotations

import pytest

from registry.admission import SHIPPED_CALIBRATION, Tuning, check_task
from registry.admission_calibration import FEATURE_NAMES, Calibration
from registry.kinds import VERDICT_REVIEW, VERDICT_UNLISTED
from tests.registry.demo_match_index import assert_never_allowed, demo_index_fixture
from tests.registry.test_admission_calibrated import PROHIBITED_OR_DOUBT
from tests.registry.test_admission_unseen import NEVER_ALLOWED

township = demo_index_fixture("township")
village = demo_index_fixture("village")


def _constant(bias: float, threshold: float = 0.75) -> Calibration:
    """The same probability for every reading (the reading indicators are the intercepts)."""
    return Calibration(
        tuple(bias if n.startswith("reads_") else 0.0 for n in FEATURE_NAMES), threshold
    )


ALWAYS_SURE = _constant(30.0)
NEVER_SURE = _constant(-30.0)

# Few words in common with the nearest item (燃气经营企业安全检查): the rules doubt it, a soft
# doubt only.
WEAK = "请各乡镇对辖区小型水库开展安全检查。"
# Plainly a listed duty (兵役登记), no doubt at all.
SURE = "请各乡镇组织辖区适龄男性公民完成兵役登记。"


def _check(index, level, text, calibration):
    return check_task(text=text, target_level=level, index=index, calibration=calibration)


def test_the_shipped_calibration_is_written_for_these_features():
    assert SHIPPED_CALIBRATION is not None
    assert len(SHIPPED_CALIBRATION.weights) == len(FEATURE_NAMES)
    assert 0.5 <= SHIPPED_CALIBRATION.threshold < 1.0


def test_a_sure_calibration_decides_a_soft_doubt(township):
    rules = _check(township, "township", WEAK, None)
    assert rules.verdict == VERDICT_REVIEW, rules.verdict
    assert rules.signals is not None and not rules.signals.firm_doubt
    sure = _check(township, "township", WEAK, ALWAYS_SURE)
    assert sure.verdict == rules.suggested_verdict
    assert sure.confidence >= sure.threshold
    assert not sure.review_reasons


@pytest.mark.parametrize(
    "level, text", [*PROHIBITED_OR_DOUBT, *(("village", t) for t in NEVER_ALLOWED)]
)
def test_no_calibration_ever_turns_a_prohibited_task_into_an_allowed_duty(
    township, village, level, text
):
    index = township if level == "township" else village
    assert_never_allowed(_check(index, level, text, ALWAYS_SURE))


# Found in review: with a tuning the grid offers (prohibited_doubt 0.9 > 1 − margin), a close call
# between an allowed (妇女儿童权益保障, 配合) and a prohibited item (价格监督检查, 收回) was a soft
# doubt, and a sure calibration decided it as the allowed duty.
MIXED = "请做好妇女儿童权益保障工作，同时价格监督检查。"


def test_a_close_call_between_a_prohibited_and_an_allowed_item_is_never_calibrated_away(township):
    res = check_task(
        text=MIXED,
        target_level="township",
        index=township,
        tuning=Tuning(prohibited_doubt=0.9),
        calibration=ALWAYS_SURE,
    )
    assert_never_allowed(res)
    assert res.signals is not None and res.signals.firm_doubt


def test_a_clear_case_the_calibration_doubts_shows_one_figure(township):
    # The sentence names the figure the page shows (never "75%, under the 75% needed").
    almost = _constant(1.0986, threshold=0.75)  # p = 0.749…
    res = _check(township, "township", SURE, almost)
    assert res.verdict == VERDICT_REVIEW
    assert res.confidence == 0.74
    assert any("约为74%，低于自动认定所需的75%" in r for r in res.review_reasons), (
        res.review_reasons
    )


def test_an_unsure_calibration_sends_a_clear_case_to_a_reviewer_and_says_why(township):
    rules = _check(township, "township", SURE, None)
    assert rules.verdict not in (VERDICT_REVIEW, VERDICT_UNLISTED)
    unsure = _check(township, "township", SURE, NEVER_SURE)
    assert unsure.verdict == VERDICT_REVIEW
    assert unsure.suggested_verdict == rules.verdict
    assert unsure.confidence < unsure.threshold
    assert any("低于自动认定所需的75%" in r for r in unsure.review_reasons), unsure.review_reasons


@pytest.mark.parametrize(
    "level, text",
    [*PROHIBITED_OR_DOUBT, ("township", WEAK), ("township", SURE)],
)
def test_review_shows_a_confidence_under_the_threshold_and_automatic_ones_at_least_it(
    township, village, level, text
):
    index = township if level == "township" else village
    res = check_task(text=text, target_level=level, index=index)
    assert res.threshold == SHIPPED_CALIBRATION.threshold
    if res.verdict == VERDICT_REVIEW:
        assert res.confidence < res.threshold
    else:
        assert res.confidence >= res.threshold


def test_a_calibration_that_does_not_fit_the_features_is_refused():
    with pytest.raises(ValueError):
        Calibration((1.0, 2.0), 0.75)
    with pytest.raises(ValueError):
        _constant(0.0, threshold=1.0)
