"""Norms of scale scores: percentiles from a group of respondents, and looking a score up.

A norms block (see `Norms` in `instrument`) is made from the scale scores of the
respondents who answered every item of the scale ("complete respondents"):

* `percentiles`: the score at p % for p in 5, 10, 25, 50, 75, 90, 95, by linear
  interpolation between order statistics, R's `quantile(x, p, type = 7)` (numpy's
  default `method="linear"`);
* `table`: for every score a complete respondent can get (the item sum s from k·min to
  k·max, shown as the mean s / k), its *mid-rank percentile*
  `100 × (#below + ½ #equal) / n`. Mid-ranks are the usual rule for norm tables of
  discrete scores: a score shared by many people sits in the middle of their block
  instead of at its top or bottom.

`percentile_of(scale, score)` reads the table: a score that is in it gets its rank; a
score between two entries (possible when a respondent skipped an item, so the mean is
not a multiple of 1/k) gets the rank linearly interpolated between its two neighbours;
a score below the first or above the last entry gets the first or last rank.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from verbinding.measure.instrument import REQUIRED_PERCENTILES, Norms, Scale
from verbinding.measure.scoring import FloatArray


def type7_percentiles(
    scores: ArrayLike, points: tuple[int, ...] = REQUIRED_PERCENTILES
) -> dict[int, float]:
    """The score at each percentile point, R's `quantile(type = 7)`."""
    values = np.asarray(scores, dtype=np.float64)
    found = np.percentile(values, points, method="linear")
    return {p: float(v) for p, v in zip(points, found.tolist(), strict=True)}


def type7_from_counts(
    counts: ArrayLike, values: ArrayLike, points: tuple[int, ...] = REQUIRED_PERCENTILES
) -> dict[int, float]:
    """`type7_percentiles` of a sample given as `counts[i]` copies of `values[i]` (values
    ascending): the same order statistics and the same interpolation as numpy's
    `percentile(method="linear")`, so the result is equal to the last bit."""
    tally = np.asarray(counts, dtype=np.int64)
    ladder = np.asarray(values, dtype=np.float64)
    n = int(tally.sum())
    quantiles = np.true_divide(np.asarray(points), 100)
    virtual = (n - 1) * quantiles
    previous = np.floor(virtual)
    gamma = virtual - previous
    ends = np.cumsum(tally)  # sorted positions below ends[i] hold values[i] or less
    low = np.clip(previous.astype(np.int64), 0, n - 1)
    high = np.clip(low + 1, 0, n - 1)
    a = ladder[np.searchsorted(ends, low, side="right")]
    b = ladder[np.searchsorted(ends, high, side="right")]
    found = a + (b - a) * gamma
    late = gamma >= 0.5  # numpy's lerp counts back from b in the upper half
    found[late] = (b - (b - a) * (1 - gamma))[late]
    return {p: float(v) for p, v in zip(points, found.tolist(), strict=True)}


def midrank_from_counts(counts: ArrayLike, n_items: int, low: int) -> list[tuple[float, float]]:
    """`midrank_table` from the number of complete respondents at each item sum, from
    `n_items * low` upwards."""
    tally = np.asarray(counts, dtype=np.int64)
    n = int(tally.sum())
    possible = np.arange(n_items * low, n_items * low + tally.size)
    below = np.concatenate([[0], np.cumsum(tally)[:-1]])
    ranks = 100.0 * (below + 0.5 * tally) / n
    return [
        (float(s) / n_items, float(r))
        for s, r in zip(possible.tolist(), ranks.tolist(), strict=True)
    ]


def midrank_table(
    item_sums: ArrayLike, n_items: int, low: int, high: int
) -> list[tuple[float, float]]:
    """`[score, mid-rank percentile]` for every attainable item sum of complete respondents.

    Works on the integer sums (not on the means) so that equal scores compare equal
    exactly; the score column is the sum divided by the number of items.
    """
    sums = np.rint(np.asarray(item_sums, dtype=np.float64)).astype(np.int64)
    counts = np.bincount(sums - n_items * low, minlength=n_items * (high - low) + 1)
    return midrank_from_counts(counts, n_items, low)


def _lookup(norms: Norms, scores: FloatArray) -> FloatArray:
    table = np.asarray(norms.table, dtype=np.float64)
    # np.interp clamps outside the table to the end ranks: the documented rule.
    found: FloatArray = np.interp(scores, table[:, 0], table[:, 1])
    return found


def percentile_of(scale: Scale, score: float) -> float | None:
    """The mid-rank percentile of `score` in the scale's norms (interpolated, see module
    docs); None when the scale has no norms or the score is missing (NaN)."""
    if scale.norms is None or score != score:
        return None
    return float(_lookup(scale.norms, np.array([score]))[0])


def percentiles_of(scale: Scale, scores: ArrayLike) -> FloatArray:
    """`percentile_of` for many scores at once; NaN where a score is missing."""
    if scale.norms is None:
        raise ValueError(f"scale {scale.id} has no norms")
    values = np.asarray(scores, dtype=np.float64)
    found = _lookup(scale.norms, values)
    found[np.isnan(values)] = np.nan
    return found
