"""Sufficient statistics of response data, gathered batch by batch and merged.

`analyse` and `calibrate` need the whole file, but not all of it at once: every figure
they report comes from a few sums that can be added up over batches of rows, and sums
from different parts of a file (or different machines) can be added up too. So a file
larger than memory is analysed in one pass, and partitions are combined with `merge`.

* Listwise covariance: per scale the count, column sums and cross-products `X'X` of the
  keyed items over complete rows (`ListwiseSums`).
* Pairwise covariance: per scale the pair counts `M'M`, sums `X0'M` and cross-products
  `X0'X0` (`PairwiseSums`), as `reliability.covariance_pairwise` explains.
* Mean and SD of a scale score, and correlations between scale scores: counts, means
  and centred second moments, merged with the update of Chan, Golub & LeVeque (1979),
  which stays accurate over millions of rows (`Moments`, `PairMoments`).
* Norms: the number of complete respondents at each item sum (`SumCounts`): percentiles
  of a discrete score are order statistics, so counts give them exactly.

Answers are whole scale points, so counts, sums and cross-products are whole numbers,
which float64 holds exactly up to 2**53: the covariances, and with them alpha, omega and
the item statistics, are the same to the last bit as from the whole matrix at once, in any
batch order. Means, SDs and correlations agree to about 1e-15 (a different order of
adding up); percentiles and norm tables are exact.

`AnalysisStats` gathers what `reliability.analyse` reports and `CalibrationStats` what
`calibrate.scale_statistics` reports; their `result()` gives the same objects. Pure numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from verbinding.measure.instrument import Instrument
from verbinding.measure.norms import midrank_from_counts, type7_from_counts
from verbinding.measure.reliability import (
    GRAM_BLOCK,
    Analysis,
    correlation_entry,
    covariance_from_pairs,
    covariance_from_sums,
    listwise_sums,
    pairwise_sums,
    scale_analysis,
)
from verbinding.measure.scoring import (
    FloatArray,
    ScoringPlan,
    keyed_matrix,
    score_filled,
    score_matrix,
)

if TYPE_CHECKING:
    # Imported where a calibration is made: `analyse` starts without it (issue #16).
    from verbinding.measure.calibrate import ScaleCalibration


def _zeros(k: int) -> FloatArray:
    return np.zeros((k, k))


@dataclass
class ListwiseSums:
    """Count, column sums and `X'X` of the complete rows of a k-column block."""

    k: int
    n: int = 0
    sums: FloatArray = field(init=False)
    gram: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        self.sums = np.zeros(self.k)
        self.gram = _zeros(self.k)

    def add(self, block: NDArray[np.floating[Any]]) -> None:
        gram, sums, n = listwise_sums(block)
        self.gram += gram
        self.sums += sums
        self.n += n

    def add_filled(
        self, filled: NDArray[np.floating[Any]], complete: NDArray[np.bool_], keys: _Keys
    ) -> None:
        """Add the complete rows of a block of raw answers (missing ones filled with any
        whole number), turned round by `keys`, without a keyed copy of the block: the
        products of all rows less those of the few incomplete rows, then the keying
        applied to the sums (see `_Keys`)."""
        gram, sums, n = _filled_sums(filled, complete)
        self.gram += keys.gram(gram, sums, n)
        self.sums += keys.sums(sums, n)
        self.n += n

    def merge(self, other: ListwiseSums) -> None:
        self.gram += other.gram
        self.sums += other.sums
        self.n += other.n

    def covariance(self) -> FloatArray:
        return covariance_from_sums(self.gram, self.sums, self.n)


@dataclass(frozen=True)
class _Keys:
    """Reverse keying `x -> pivot - x` of some columns, applied to sums over rows.

    A keyed row is `d * x + c` (d = -1 and c = pivot for a reversed item, else 1 and 0), so
    over n rows `sum(keyed) = d * sum(x) + n c` and
    `keyed'keyed = D (x'x) D + (d * sum(x)) c' + c (d * sum(x))' + n c c'`. With whole
    answers all these are whole numbers, exact in float64: the same sums, to the last bit,
    as from a keyed copy of the rows.
    """

    sign: FloatArray
    shift: FloatArray

    @classmethod
    def of(cls, reverse: Sequence[bool], pivot: float) -> _Keys:
        flags = np.asarray(reverse, dtype=np.bool_)
        return cls(np.where(flags, -1.0, 1.0), np.where(flags, float(pivot), 0.0))

    def sums(self, sums: FloatArray, n: int) -> FloatArray:
        result: FloatArray = self.sign * sums + n * self.shift
        return result

    def gram(self, gram: FloatArray, sums: FloatArray, n: int) -> FloatArray:
        signed = self.sign * sums
        result: FloatArray = (
            np.outer(self.sign, self.sign) * gram
            + np.outer(signed, self.shift)
            + np.outer(self.shift, signed)
            + n * np.outer(self.shift, self.shift)
        )
        return result


def _filled_sums(
    filled: NDArray[np.floating[Any]], complete: NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray, int]:
    """`x'x`, column sums and count of the rows where `complete` holds, as float64.

    Blocks of GRAM_BLOCK rows keep float32 products of whole answers exact; from each the
    products of its incomplete rows (a few per cent) are taken off again.
    """
    k = filled.shape[1]
    gram, sums = np.zeros((k, k)), np.zeros(k)
    for start in range(0, filled.shape[0], GRAM_BLOCK):
        block = filled[start : start + GRAM_BLOCK]
        dropped = block[~complete[start : start + GRAM_BLOCK]]
        gram += block.T @ block
        gram -= dropped.T @ dropped
        sums += np.add.reduce(block, axis=0, dtype=np.float64)
        sums -= np.add.reduce(dropped, axis=0, dtype=np.float64)
    return gram, sums, int(np.count_nonzero(complete))


@dataclass
class PairwiseSums:
    """Pair counts, pair sums and cross-products of a k-column block (missing = NaN)."""

    k: int
    n_any: int = 0
    n_pair: FloatArray = field(init=False)
    sum_i: FloatArray = field(init=False)
    cross: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        self.n_pair, self.sum_i, self.cross = _zeros(self.k), _zeros(self.k), _zeros(self.k)

    def add(self, block: NDArray[np.floating[Any]]) -> None:
        n_pair, sum_i, cross, n_any = pairwise_sums(block)
        self.n_pair += n_pair
        self.sum_i += sum_i
        self.cross += cross
        self.n_any += n_any

    def merge(self, other: PairwiseSums) -> None:
        self.n_pair += other.n_pair
        self.sum_i += other.sum_i
        self.cross += other.cross
        self.n_any += other.n_any

    def covariance(self) -> FloatArray:
        return covariance_from_pairs(self.n_pair, self.sum_i, self.cross)


def _combine(
    n1: ArrayLike, mean1: ArrayLike, n2: ArrayLike, mean2: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Chan's update: the merged mean, the mean difference and the weight n1*n2/n."""
    a, b = np.asarray(n1, dtype=np.float64), np.asarray(n2, dtype=np.float64)
    total = a + b
    delta = np.asarray(mean2, dtype=np.float64) - np.asarray(mean1, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, b / total, 0.0)
        weight = np.where(total > 0, a * b / total, 0.0)
    mean: FloatArray = np.asarray(mean1, dtype=np.float64) + delta * share
    return mean, delta, weight


@dataclass
class Moments:
    """Count, mean and centred sum of squares of one column of numbers."""

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, values: FloatArray) -> None:
        """Add numbers (no NaN)."""
        if values.size:
            mean = float(values.mean())
            m2 = float(((values - mean) ** 2).sum())
            self.merge(Moments(int(values.size), mean, m2))

    def merge(self, other: Moments) -> None:
        mean, delta, weight = _combine(self.n, self.mean, other.n, other.mean)
        self.m2 += other.m2 + float(delta) ** 2 * float(weight)
        self.mean = float(mean)
        self.n += other.n

    @property
    def sd(self) -> float:
        return math.sqrt(self.m2 / (self.n - 1)) if self.n > 1 else math.nan


@dataclass
class PairMoments:
    """For every pair (i, j) of c columns, over the rows where both are present: the
    count, the means of i and j, their centred sums of squares and cross-product."""

    c: int
    n: NDArray[np.int64] = field(init=False)
    mean_i: FloatArray = field(init=False)
    m2_i: FloatArray = field(init=False)
    cross: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        self.n = np.zeros((self.c, self.c), dtype=np.int64)
        self.mean_i, self.m2_i, self.cross = _zeros(self.c), _zeros(self.c), _zeros(self.c)

    def add(self, values: FloatArray) -> None:
        """Add rows of c columns (NaN = absent).

        Three matrix products give every pair at once: with M the presence mask and X0
        the values (shifted by their column mean, zero where absent), `M'M` counts the
        pairs, `X0'M` sums column i over the rows where j is present, `(X0*X0)'M` its
        squares, and `X0'X0` the cross-products. The shift keeps the second moments
        accurate; it drops out of them and is added back to the means.
        """
        present = ~np.isnan(values)
        if not present.any():
            return
        mask = present.astype(np.float64)
        counts = mask.sum(axis=0)
        totals = np.where(present, values, 0.0).sum(axis=0)
        shift = np.divide(totals, counts, out=np.zeros(self.c), where=counts > 0)
        x0 = np.where(present, values - shift, 0.0)
        other = PairMoments(self.c)
        n = mask.T @ mask
        sums = x0.T @ mask
        squares = (x0 * x0).T @ mask
        cross = x0.T @ x0
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n > 0, sums / n, 0.0)
        other.n = np.rint(n).astype(np.int64)
        other.mean_i = mean + shift[:, None] * (n > 0)
        other.m2_i = squares - n * mean**2
        other.cross = cross - n * mean * mean.T
        self.merge(other)

    def merge(self, other: PairMoments) -> None:
        mean, delta, weight = _combine(self.n, self.mean_i, other.n, other.mean_i)
        self.m2_i += other.m2_i + delta**2 * weight
        self.cross += other.cross + delta * delta.T * weight
        self.mean_i = mean
        self.n = self.n + other.n

    def correlation(self, i: int, j: int) -> float:
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(self.cross[i, j] / np.sqrt(self.m2_i[i, j] * self.m2_i[j, i]))


@dataclass
class SumCounts:
    """How many complete respondents have each item sum from `k * low` to `k * high`."""

    k: int
    low: int
    high: int
    counts: NDArray[np.int64] = field(init=False)

    def __post_init__(self) -> None:
        self.counts = np.zeros(self.k * (self.high - self.low) + 1, dtype=np.int64)

    def add(self, block: NDArray[np.floating[Any]]) -> None:
        """Add the complete rows of a keyed k-column block (whole-number answers)."""
        complete = block[~np.isnan(block).any(axis=1)]
        sums = np.rint(complete.sum(axis=1, dtype=np.float64)).astype(np.int64)
        self.counts += np.bincount(sums - self.k * self.low, minlength=self.counts.size)

    def merge(self, other: SumCounts) -> None:
        self.counts += other.counts

    @property
    def n(self) -> int:
        return int(self.counts.sum())

    def _sums(self) -> tuple[int, int]:
        ladder = range(self.k * self.low, self.k * self.high + 1)
        tally = self.counts.tolist()
        first = sum(c * s for c, s in zip(tally, ladder, strict=True))
        second = sum(c * s * s for c, s in zip(tally, ladder, strict=True))
        return first, second

    def mean(self) -> float:
        """Mean of the scale scores (item sum / k), from exact integer sums."""
        first, _ = self._sums()
        return first / (self.n * self.k) if self.n else math.nan

    def sd(self) -> float:
        n = self.n
        if n < 2:
            return math.nan
        first, second = self._sums()
        return math.sqrt((n * second - first * first) / (n * (n - 1))) / self.k

    def percentiles(self) -> dict[int, float]:
        values = np.arange(self.k * self.low, self.k * self.high + 1) / self.k
        return type7_from_counts(self.counts, values) if self.n else {}

    def table(self) -> list[tuple[float, float]]:
        return midrank_from_counts(self.counts, self.k, self.low) if self.n else []


def _without_codes(matrix: ArrayLike, codes: Sequence[float]) -> NDArray[np.floating[Any]]:
    data: NDArray[np.floating[Any]] = np.asarray(matrix)
    if data.dtype != np.float32:
        data = data.astype(np.float64, copy=False)
    if codes:
        data = np.where(np.isin(data, codes), np.nan, data)
    return data


def _columns_of(matrix: NDArray[Any], columns: Sequence[int]) -> NDArray[Any]:
    """The columns in this order: a view when they are neighbours, else a copy."""
    first = columns[0] if columns else 0
    if list(columns) == list(range(first, first + len(columns))):
        return matrix[:, first : first + len(columns)]
    return matrix[:, list(columns)]


class AnalysisStats:
    """What `reliability.analyse` reports, gathered over batches of a response matrix."""

    def __init__(
        self, inst: Instrument, *, pairwise: bool = False, missing_codes: Sequence[float] = ()
    ) -> None:
        self.inst = inst
        self.pairwise = pairwise
        self.codes = tuple(sorted({*inst.missing_codes, *missing_codes}))
        self.plan = ScoringPlan.for_instrument(inst, missing_codes)
        self.columns = [[inst.item_ids.index(i) for i in s.items] for s in inst.scales]
        self.covariances: list[ListwiseSums | PairwiseSums] = [
            PairwiseSums(len(c)) if pairwise else ListwiseSums(len(c)) for c in self.columns
        ]
        self.scores = [Moments() for _ in inst.scales]
        self.correlations = PairMoments(len(inst.scales))
        rs = inst.response_scale
        self.keys = [
            _Keys.of([inst.items[c].reverse for c in columns], rs.min + rs.max)
            for columns in self.columns
        ]
        self.rows = 0

    def add(self, matrix: ArrayLike, *, check: bool = True) -> None:
        """Add a batch: respondents × the instrument's items, NaN (or a code) = missing.

        `check=False` skips the range check, for batches checked already (a reader's).
        """
        data = _without_codes(matrix, self.codes)
        if self.pairwise:
            self._add_pairwise(data, check)
        else:
            self._add_listwise(data, check)
        self.rows += data.shape[0]

    def _add_listwise(self, data: NDArray[np.floating[Any]], check: bool) -> None:
        # A row is complete on a scale when all its items count as answered; the sums
        # come from the filled matrix of the scoring, keyed afterwards (`_Keys`).
        result, filled = score_filled(self.plan, data, check=check)
        for j, columns in enumerate(self.columns):
            complete = result.n_answered[:, j] == len(columns)
            sums = self.covariances[j]
            assert isinstance(sums, ListwiseSums)
            sums.add_filled(_columns_of(filled, columns), complete, self.keys[j])
            column = result.scores[complete, j]
            self.scores[j].add(column[~np.isnan(column)])
        self.correlations.add(result.scores)

    def _add_pairwise(self, data: NDArray[np.floating[Any]], check: bool) -> None:
        scores = score_matrix(self.plan, data, check=check).scores
        keyed = keyed_matrix(self.inst, data)
        for j, columns in enumerate(self.columns):
            block = keyed[:, columns]
            self.covariances[j].add(block)
            rows = ~np.isnan(block).all(axis=1)
            column = scores[rows, j]
            self.scores[j].add(column[~np.isnan(column)])
        self.correlations.add(scores)

    def merge(self, other: AnalysisStats) -> AnalysisStats:
        """Add the statistics of another part of the data (same instrument and options)."""
        if other.inst.content_hash != self.inst.content_hash or other.pairwise != self.pairwise:
            raise ValueError("statistics of different instruments or options cannot be merged")
        for mine, theirs in zip(self.covariances, other.covariances, strict=True):
            mine.merge(theirs)  # type: ignore[arg-type]  # same kind: checked above
        for score, other_score in zip(self.scores, other.scores, strict=True):
            score.merge(other_score)
        self.correlations.merge(other.correlations)
        self.rows += other.rows
        return self

    def _n(self, j: int) -> int:
        sums = self.covariances[j]
        return sums.n_any if isinstance(sums, PairwiseSums) else sums.n

    def result(self) -> Analysis:
        scales = {
            scale.id: scale_analysis(
                self.covariances[j].covariance(),
                self._n(j),
                scale.items,
                self.scores[j].n,
                self.scores[j].mean,
                self.scores[j].sd,
            )
            for j, scale in enumerate(self.inst.scales)
        }
        names = self.inst.scale_ids
        pairs = self.correlations
        correlations = {
            a: {
                b: correlation_entry(int(pairs.n[i, j]), 1.0 if i == j else pairs.correlation(i, j))
                for j, b in enumerate(names)
            }
            for i, a in enumerate(names)
        }
        return Analysis(scales=scales, correlations=correlations)


class CalibrationStats:
    """What `calibrate.scale_statistics` reports, gathered over batches."""

    def __init__(self, inst: Instrument, *, missing_codes: Sequence[float] = ()) -> None:
        self.inst = inst
        self.analysis = AnalysisStats(inst, missing_codes=missing_codes)
        rs = inst.response_scale
        self.sums = [SumCounts(len(s.items), rs.min, rs.max) for s in inst.scales]

    def add(self, matrix: ArrayLike, *, check: bool = True) -> None:
        data = _without_codes(matrix, self.analysis.codes)
        self.analysis.add(data, check=check)
        keyed = keyed_matrix(self.inst, data)
        for counts, columns in zip(self.sums, self.analysis.columns, strict=True):
            counts.add(keyed[:, columns])

    def merge(self, other: CalibrationStats) -> CalibrationStats:
        self.analysis.merge(other.analysis)
        for mine, theirs in zip(self.sums, other.sums, strict=True):
            mine.merge(theirs)
        return self

    @property
    def rows(self) -> int:
        return self.analysis.rows

    def result(self) -> dict[str, ScaleCalibration]:
        from verbinding.measure.calibrate import ScaleCalibration

        analysis = self.analysis.result()
        out: dict[str, ScaleCalibration] = {}
        for scale, counts in zip(self.inst.scales, self.sums, strict=True):
            info = analysis.scales[scale.id]
            out[scale.id] = ScaleCalibration(
                n=counts.n,
                mean=counts.mean(),
                sd=counts.sd(),
                alpha=info.alpha,
                alpha_ci=info.alpha_ci,
                omega=info.omega,
                item_rest={i: stats.item_rest_r for i, stats in info.items.items()},
                percentiles=counts.percentiles(),
                table=counts.table(),
            )
        return out
