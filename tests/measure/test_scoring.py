"""Scoring: reverse keying, the missing-answer rule, range checks, and its properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from verbinding.measure import (
    Instrument,
    ResponseValueError,
    answers_matrix,
    score_answers,
    score_matrix,
)
from verbinding.measure.scoring import keyed_matrix, reverse_key


def naive_scores(inst: Instrument, matrix: np.ndarray) -> np.ndarray:
    """The textbook loop the vectorised scorer must agree with."""
    keyed = keyed_matrix(inst, matrix)
    out = np.full((matrix.shape[0], len(inst.scales)), np.nan)
    for j, scale in enumerate(inst.scales):
        cols = [inst.item_ids.index(i) for i in scale.items]
        for r in range(matrix.shape[0]):
            values = [v for v in keyed[r, cols] if not math.isnan(v)]
            if len(values) >= math.ceil(inst.min_answered * len(cols) - 1e-9):
                out[r, j] = sum(values) / len(values)
    return out


def responses(n_items: int, low: int = 1, high: int = 6) -> st.SearchStrategy[np.ndarray]:
    cell = st.one_of(st.integers(low, high).map(float), st.just(math.nan))
    return st.integers(1, 30).flatmap(lambda n: arrays(np.float64, (n, n_items), elements=cell))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_it_scores_any_missing_pattern_without_error_and_within_the_scale(
    data: st.DataObject, bfi_instrument: Instrument
) -> None:
    matrix = data.draw(responses(len(bfi_instrument.items)))
    result = score_matrix(bfi_instrument, matrix)
    finite = result.scores[~np.isnan(result.scores)]
    assert ((finite >= 1) & (finite <= 6)).all()
    assert result.scores == pytest.approx(naive_scores(bfi_instrument, matrix), nan_ok=True)
    answered = (~np.isnan(matrix)).astype(int)
    assert result.n_answered.sum() == answered.sum()


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_it_permutes_scores_with_the_respondents(
    data: st.DataObject, bfi_instrument: Instrument
) -> None:
    matrix = data.draw(responses(len(bfi_instrument.items)))
    order = data.draw(st.permutations(range(matrix.shape[0])))
    whole = score_matrix(bfi_instrument, matrix)
    shuffled = score_matrix(bfi_instrument, matrix[list(order)])
    assert shuffled.scores == pytest.approx(whole.scores[list(order)], nan_ok=True)
    assert (shuffled.n_answered == whole.n_answered[list(order)]).all()


@given(
    arrays(np.float64, st.integers(0, 20), elements=st.integers(1, 7).map(float)),
    st.integers(-3, 3),
    st.integers(1, 10),
)
def test_reverse_keying_twice_is_the_identity(values: np.ndarray, low: int, width: int) -> None:
    high = low + width
    assert reverse_key(reverse_key(values, low, high), low, high) == pytest.approx(values)


def test_it_reverse_keys_as_min_plus_max_minus_x(bfi_instrument: Instrument) -> None:
    answers = {item: 6 for item in bfi_instrument.item_ids}
    row = score_answers(bfi_instrument, answers).row(0)
    # agree has 1 reversed of 5: (1 + 4 * 6) / 5
    assert row["agree"] == pytest.approx(5.0)
    # openness has 2 reversed of 5: (2 * 1 + 3 * 6) / 5
    assert row["openness"] == pytest.approx(4.0)


def test_it_leaves_a_scale_unscored_below_the_minimum_answered(bfi_instrument: Instrument) -> None:
    answers: dict[str, float | int | None] = {"A2": 4, "A3": 4, "A4": 4, "A5": 4}
    assert score_answers(bfi_instrument, answers).row(0)["agree"] == 4.0  # 4 of 5 = 0.8
    answers["A5"] = None
    result = score_answers(bfi_instrument, answers)
    assert result.row(0)["agree"] is None
    assert result.n_answered[0, 0] == 3


def test_it_treats_declared_missing_codes_as_missing(bfi_instrument: Instrument) -> None:
    matrix = answers_matrix(bfi_instrument, [{i: 3 for i in bfi_instrument.item_ids}])
    matrix[0, 1] = 0
    result = score_matrix(bfi_instrument, matrix, missing_codes=[0])
    assert result.n_answered[0, 0] == 4
    assert result.row(0)["agree"] == pytest.approx((4 + 3 * 3) / 4)


@pytest.mark.parametrize("value", [9.0, 0.0, 2.5])
def test_it_names_row_and_item_of_a_value_outside_the_scale(
    bfi_instrument: Instrument, value: float
) -> None:
    matrix = np.full((3, len(bfi_instrument.items)), 3.0)
    matrix[1, 2] = value
    with pytest.raises(ResponseValueError, match=r"^Fout in rij 2, kolom A3: waarde") as caught:
        score_matrix(bfi_instrument, matrix)
    assert (caught.value.row, caught.value.item_id) == (1, "A3")


def test_it_refuses_unknown_item_ids_in_answers(bfi_instrument: Instrument) -> None:
    with pytest.raises(KeyError, match="Z9"):
        answers_matrix(bfi_instrument, [{"Z9": 1}])


def test_it_scores_float32_blocks_on_threads_like_float64(bfi_instrument: Instrument) -> None:
    rng = np.random.default_rng(5)
    matrix = rng.integers(1, 7, size=(150_000, 25)).astype(np.float32)
    matrix[rng.random(matrix.shape) < 0.05] = np.nan
    fast = score_matrix(bfi_instrument, matrix)
    slow = score_matrix(bfi_instrument, matrix.astype(np.float64)[:1000])
    assert fast.scores[:1000] == pytest.approx(slow.scores, nan_ok=True, abs=1e-6)
    assert fast.scores[:300] == pytest.approx(
        naive_scores(bfi_instrument, matrix[:300].astype(float)), nan_ok=True, abs=1e-6
    )
