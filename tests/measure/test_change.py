"""Measurement error and Jacobson–Truax reliable change."""

from __future__ import annotations

import pytest

from verbinding.measure import (
    ChangeVerdict,
    confidence_band,
    reliable_change,
    standard_error,
)


def test_it_reproduces_the_jacobson_truax_worked_numbers() -> None:
    change = reliable_change(20.0, 25.0, sd=7.6, reliability=0.95)
    assert change.se == pytest.approx(1.699, abs=5e-4)
    assert change.s_diff == pytest.approx(2.403, abs=5e-4)
    assert change.threshold == pytest.approx(4.71, abs=5e-3)
    assert change.rci == pytest.approx(5.0 / change.s_diff)
    assert change.verdict is ChangeVerdict.RELIABLY_BETTER


def test_it_calls_a_change_within_the_threshold_no_reliable_change() -> None:
    change = reliable_change(20.0, 24.7, sd=7.6, reliability=0.95)
    assert change.verdict is ChangeVerdict.NO_RELIABLE_CHANGE
    assert change.verdict.nl == "geen betrouwbare verandering"


def test_it_respects_the_direction_of_the_scale() -> None:
    rising = reliable_change(2.0, 5.0, sd=1.1, reliability=0.8, higher_is_better=False)
    falling = reliable_change(5.0, 2.0, sd=1.1, reliability=0.8, higher_is_better=False)
    assert rising.verdict is ChangeVerdict.RELIABLY_WORSE
    assert falling.verdict is ChangeVerdict.RELIABLY_BETTER
    assert falling.model_dump(mode="json")["verdict"] == "reliably better"


def test_it_clips_the_confidence_band_to_the_scale() -> None:
    sem = standard_error(1.1, 0.8)
    assert sem == pytest.approx(1.1 * 0.2**0.5)
    low, high = confidence_band([1.2, 4.0], sem, 0.90, 1, 7)
    assert low[0] == 1.0
    assert (low[1], high[1]) == pytest.approx((4 - 1.644854 * sem, 4 + 1.644854 * sem))
