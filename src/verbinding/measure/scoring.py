"""Scale scores for many respondents at once.

A response matrix has one row per respondent and one column per item, in the order of
`Instrument.item_ids`; NaN (or a declared missing code) is a missing answer.

The work is a few column additions per block of rows, so a million respondents take a
fraction of a second:

* the keyed sum of a scale is `sum_forward(x) - sum_reversed(x) + (min + max) * n_reversed`
  over the answered items, so only plain sums of item columns are needed: per scale the
  forward and the reversed items, and over all forward and all reversed items (for the
  acquiescence index);
* missing answers are filled with `min` (so the range check is one min/max per block) and
  their contribution is subtracted again from the counts;
* a scale score is the mean of its answered, keyed items when at least
  `ceil(min_answered * k)` of its k items are answered, else NaN.

Column sums are added up run by run (neighbouring item columns at once) rather than as a
matrix product: for these thin products OpenBLAS is slower and its speed depends on the
memory layout, while the sums of whole numbers are exact either way (below 2**24 even in
float32), so the scores are the same to the last bit.

Blocks run on a small thread pool; numpy releases the GIL inside the kernels.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from verbinding.measure.instrument import Instrument

FloatArray = NDArray[np.float64]
BLOCK_ROWS = 65_536


class ResponseValueError(ValueError):
    """A response is neither missing nor a whole number inside the response scale."""

    def __init__(self, row: int, item_id: str, value: float, low: int, high: int) -> None:
        self.row = row  # 0-based row of the matrix
        self.item_id = item_id
        self.value = value
        self.low = low
        self.high = high
        super().__init__(
            f"Fout in rij {row + 1}, kolom {item_id}: waarde {value:g} ligt buiten de schaal "
            f"{low}–{high}. (Row {row + 1}, column {item_id}: value outside the scale.)"
            if not low <= value <= high
            else f"Fout in rij {row + 1}, kolom {item_id}: waarde {value:g} is geen geheel "
            f"getal op de schaal {low}–{high}. (Value is not a whole scale point.)"
        )


Runs = tuple[tuple[int, int], ...]  # column ranges [start, stop) of a group of items


def _runs(columns: Iterable[int]) -> Runs:
    """Sorted column indices as ranges of neighbours: (0, 1, 2, 5) -> ((0, 3), (5, 6))."""
    runs: list[tuple[int, int]] = []
    for c in sorted(columns):
        if runs and runs[-1][1] == c:
            runs[-1] = (runs[-1][0], c + 1)
        else:
            runs.append((c, c + 1))
    return tuple(runs)


@dataclass(frozen=True)
class ScoringPlan:
    """Item groups derived once from an instrument; reused for every block of rows."""

    item_ids: tuple[str, ...]
    scale_ids: tuple[str, ...]
    low: int
    high: int
    forward: tuple[Runs, ...]  # per scale: its forward-keyed item columns
    reverse: tuple[Runs, ...]  # per scale: its reverse-keyed item columns
    all_forward: Runs  # every forward-keyed item of the instrument
    all_reverse: Runs  # every reverse-keyed item
    n_items: NDArray[np.int64]  # S
    n_forward: NDArray[np.int64]  # S
    n_reversed: NDArray[np.int64]  # S
    required: NDArray[np.int64]  # S: minimum answered items for a score
    total_forward: int
    total_reversed: int
    missing_codes: tuple[float, ...]

    @classmethod
    def for_instrument(cls, inst: Instrument, missing_codes: Iterable[float] = ()) -> ScoringPlan:
        index = {item_id: i for i, item_id in enumerate(inst.item_ids)}
        reverse = [item.reverse for item in inst.items]
        columns = [[index[i] for i in scale.items] for scale in inst.scales]
        n_items = np.array([len(c) for c in columns], dtype=np.int64)
        n_reversed = np.array([sum(reverse[c] for c in cols) for cols in columns], dtype=np.int64)
        required = np.array(
            [max(1, math.ceil(inst.min_answered * n - 1e-9)) for n in n_items], dtype=np.int64
        )
        codes = tuple(sorted({*inst.missing_codes, *missing_codes}))
        return cls(
            item_ids=inst.item_ids,
            scale_ids=inst.scale_ids,
            low=inst.response_scale.min,
            high=inst.response_scale.max,
            forward=tuple(_runs(c for c in cols if not reverse[c]) for cols in columns),
            reverse=tuple(_runs(c for c in cols if reverse[c]) for cols in columns),
            all_forward=_runs(c for c, r in enumerate(reverse) if not r),
            all_reverse=_runs(c for c, r in enumerate(reverse) if r),
            n_items=n_items,
            n_forward=n_items - n_reversed,
            n_reversed=n_reversed,
            required=required,
            total_forward=reverse.count(False),
            total_reversed=reverse.count(True),
            missing_codes=codes,
        )


@dataclass(frozen=True)
class ScaleScores:
    """Scores of n respondents on the S scales of one instrument.

    `scores[i, j]` is respondent i's mean keyed answer on scale `scale_ids[j]` (NaN when
    fewer than the required items were answered); `n_answered[i, j]` counts the answered
    items; `acquiescence[i]` is the response-style index described in `profiles`
    (NaN when the respondent answered no forward or no reverse-keyed item).
    """

    scale_ids: tuple[str, ...]
    scores: FloatArray
    n_answered: NDArray[np.int32]
    acquiescence: FloatArray

    def __len__(self) -> int:
        return int(self.scores.shape[0])

    def column(self, scale_id: str) -> FloatArray:
        return self.scores[:, self.scale_ids.index(scale_id)]

    def row(self, index: int) -> dict[str, float | None]:
        """One respondent's scores as a plain dict; None for a missing score."""
        values = self.scores[index]
        return {
            sid: (None if math.isnan(v) else float(v))
            for sid, v in zip(self.scale_ids, values.tolist(), strict=True)
        }


def _missing_mask(block: NDArray[Any], codes: Sequence[float]) -> NDArray[np.bool_]:
    mask: NDArray[np.bool_] = np.isnan(block)
    for code in codes:
        mask |= block == code
    return mask


def _check_block(plan: ScoringPlan, filled: NDArray[Any], start: int) -> None:
    low, high = filled.min(initial=plan.low), filled.max(initial=plan.high)
    whole = np.rint(filled)
    if low >= plan.low and high <= plan.high and np.array_equal(whole, filled):
        return
    bad = (filled < plan.low) | (filled > plan.high) | (whole != filled)
    row, col = (int(v) for v in np.argwhere(bad)[0])
    value = float(filled[row, col])
    raise ResponseValueError(start + row, plan.item_ids[col], value, plan.low, plan.high)


def _sum_columns(matrix: NDArray[Any], runs: Runs, dtype: Any) -> NDArray[Any]:
    """Row sums over the columns of `runs` (the matrix is best in Fortran order: a run of
    columns is then one block of memory)."""
    total = np.zeros(matrix.shape[0], dtype=dtype)
    for a, b in runs:
        total += np.add.reduce(matrix[:, a:b], axis=1, dtype=dtype)
    return total


def _score_block(
    plan: ScoringPlan, block: NDArray[Any], start: int, out: dict[str, NDArray[Any]], check: bool
) -> NDArray[Any]:
    """Score rows `start`.. of `out` from `block`; return the block with its missing answers
    filled with `min` (the sums of `accumulate` start from it)."""
    dtype = block.dtype
    missing = _missing_mask(block, plan.missing_codes)
    filled = block.copy(order="K")  # a copy and a masked fill: a third of np.where's time
    np.copyto(filled, dtype.type(plan.low), where=missing)
    if check:
        _check_block(plan, filled, start)
    answered = ~missing
    stop = start + block.shape[0]
    scores, n_answered = out["scores"][start:stop], out["n_answered"][start:stop]
    for j in range(len(plan.scale_ids)):
        # Sums of whole numbers: exact in the block's own type, then used as float64.
        fwd = _sum_columns(filled, plan.forward[j], dtype)
        rev = _sum_columns(filled, plan.reverse[j], dtype)
        n_fwd = _sum_columns(answered, plan.forward[j], dtype).astype(np.float64)
        n_rev = _sum_columns(answered, plan.reverse[j], dtype).astype(np.float64)
        n = n_fwd + n_rev
        # Missing cells were filled with `low`; take their contribution out again.
        miss_fwd = float(plan.n_forward[j]) - n_fwd
        miss_rev = float(plan.n_reversed[j]) - n_rev
        keyed = (
            (fwd.astype(np.float64) - rev)
            - plan.low * (miss_fwd - miss_rev)
            + (plan.low + plan.high) * n_rev
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            score = keyed / n
        score[n < plan.required[j]] = np.nan
        scores[:, j] = score
        n_answered[:, j] = n
    # The acquiescence index in the block's own type (float32 from files), as always.
    raw_sums = (
        _sum_columns(filled, plan.all_forward, dtype),
        _sum_columns(filled, plan.all_reverse, dtype),
    )
    n_fwd_all = _sum_columns(answered, plan.all_forward, dtype)
    n_rev_all = _sum_columns(answered, plan.all_reverse, dtype)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw_fwd = (raw_sums[0] - plan.low * (plan.total_forward - n_fwd_all)) / n_fwd_all
        raw_rev = (raw_sums[1] - plan.low * (plan.total_reversed - n_rev_all)) / n_rev_all
    half = (plan.high - plan.low) / 2.0
    mid = (plan.high + plan.low) / 2.0
    out["acquiescence"][start:stop] = ((raw_fwd + raw_rev) / 2.0 - mid) / half
    return filled


def _workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _plan_and_matrix(
    inst: Instrument | ScoringPlan, responses: ArrayLike, missing_codes: Iterable[float]
) -> tuple[ScoringPlan, NDArray[Any]]:
    plan = (
        inst if isinstance(inst, ScoringPlan) else ScoringPlan.for_instrument(inst, missing_codes)
    )
    matrix = np.asarray(responses)
    if matrix.dtype != np.float32:
        matrix = matrix.astype(np.float64, copy=False)
    if matrix.ndim != 2 or matrix.shape[1] != len(plan.item_ids):
        raise ValueError(
            f"expected a matrix with {len(plan.item_ids)} item columns, got shape {matrix.shape}"
        )
    return plan, matrix


def _empty_out(n: int, s: int) -> dict[str, NDArray[Any]]:
    return {
        "scores": np.empty((n, s)),
        "n_answered": np.empty((n, s), dtype=np.int32),
        "acquiescence": np.empty(n),
    }


def score_matrix(
    inst: Instrument | ScoringPlan,
    responses: ArrayLike,
    *,
    missing_codes: Iterable[float] = (),
    check: bool = True,
) -> ScaleScores:
    """Score a response matrix (n respondents × the instrument's items, NaN = missing).

    `missing_codes` adds codes to the instrument's own. With `check` (the default) any
    value that is not missing and not a whole number from min to max raises
    `ResponseValueError` naming the first such row and item. float32 input is kept as
    float32 (exact for response-scale sums), anything else is used as float64.
    """
    plan, matrix = _plan_and_matrix(inst, responses, missing_codes)
    n = matrix.shape[0]
    out = _empty_out(n, len(plan.scale_ids))
    starts = range(0, n, BLOCK_ROWS)
    if n <= BLOCK_ROWS or _workers() == 1:
        for start in starts:
            _score_block(plan, matrix[start : start + BLOCK_ROWS], start, out, check)
    else:
        with ThreadPoolExecutor(_workers()) as pool:
            jobs = [
                pool.submit(_score_block, plan, matrix[a : a + BLOCK_ROWS], a, out, check)
                for a in starts
            ]
            for job in jobs:
                job.result()
    return ScaleScores(plan.scale_ids, out["scores"], out["n_answered"], out["acquiescence"])


def score_filled(
    plan: ScoringPlan, responses: ArrayLike, *, check: bool = True
) -> tuple[ScaleScores, NDArray[np.floating[Any]]]:
    """`score_matrix` in one piece (no threads), and the matrix with its missing answers
    filled with the scale minimum: `accumulate` builds its sums from both."""
    plan, matrix = _plan_and_matrix(plan, responses, ())
    out = _empty_out(matrix.shape[0], len(plan.scale_ids))
    filled = _score_block(plan, matrix, 0, out, check)
    scores = ScaleScores(plan.scale_ids, out["scores"], out["n_answered"], out["acquiescence"])
    return scores, filled


def answers_matrix(
    inst: Instrument, answers: Iterable[Mapping[str, float | int | None]]
) -> FloatArray:
    """Build a response matrix from per-respondent {item_id: value} mappings.

    Absent items and None are missing. Unknown item ids raise KeyError, so a typo in
    stored answers cannot silently drop an answer.
    """
    index = {item_id: i for i, item_id in enumerate(inst.item_ids)}
    rows = list(answers)
    matrix = np.full((len(rows), len(index)), np.nan)
    for r, row in enumerate(rows):
        for item_id, value in row.items():
            if item_id not in index:
                raise KeyError(f"unknown item {item_id!r} for instrument {inst.id}")
            if value is not None:
                matrix[r, index[item_id]] = float(value)
    return matrix


def score_answers(inst: Instrument, answers: Mapping[str, float | int | None]) -> ScaleScores:
    """Score one respondent's answers given as {item_id: value}."""
    return score_matrix(inst, answers_matrix(inst, [answers]))


def reverse_key(values: ArrayLike, low: float, high: float) -> FloatArray:
    """Reverse keying `low + high - x`; NaN stays NaN. Applying it twice is the identity."""
    return np.asarray(values, dtype=np.float64) * -1.0 + (low + high)


def keyed_matrix(inst: Instrument, responses: ArrayLike) -> NDArray[np.floating[Any]]:
    """A copy of the response matrix with reverse-keyed items turned round.

    float32 input stays float32 (exact for whole-number answers); anything else is float64.
    """
    matrix = np.array(responses)
    if matrix.dtype != np.float32:
        matrix = matrix.astype(np.float64)
    rs = inst.response_scale
    for j, item in enumerate(inst.items):
        if item.reverse:
            matrix[:, j] = (rs.min + rs.max) - matrix[:, j]
    return matrix
