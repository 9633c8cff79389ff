"""Reliability of scales: Cronbach's alpha with Feldt's interval, omega total, item statistics.

Everything starts from the item covariance matrix of the *keyed* items (reverse-keyed
items turned round first):

* listwise (default): respondents with every item of the scale answered; the covariance
  comes from one cross-product `X'X`, without pandas.
* pairwise: each covariance uses the respondents who answered both items, with the means
  of exactly those respondents (as `pandas.DataFrame.cov` and so pingouin and R's
  `use="pairwise"` do). Vectorised with three products of the answered-mask M and the
  zero-filled data X0: `X0'X0`, `X0'M` and `M'M`.

Alpha is `k/(k-1) * (1 - trace(C)/sum(C))`. Its interval is Feldt's (Feldt, Woodruff &
Salih 1987), `1 - (1 - alpha) * F(1 -+ a/2; n-1, (n-1)(k-1))`, the one pingouin reports.
n is the number of respondents used: complete cases for listwise (pingouin uses all rows
here, which overstates the precision), respondents with any answer for pairwise.

Omega total is McDonald's omega from a one-factor model fitted to the item correlation
matrix by minimum residuals (ULS): iterated principal-axis factoring, started from the
squared multiple correlations and run until the communalities change less than 1e-9. At
convergence the loadings minimise the sum of squared off-diagonal residuals, which is the
`fm="minres"` solution of R psych. Omega total is then `1 - sum(1 - h2) / sum(R)` with the
observed total variance `sum(R)` in the denominator, psych's definition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict

from verbinding.measure.distributions import f_ppf
from verbinding.measure.instrument import Instrument
from verbinding.measure.scoring import FloatArray, keyed_matrix, score_matrix


class AlphaResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    alpha: float
    ci_low: float
    ci_high: float
    n: int
    k: int


class ItemAnalysis(BaseModel):
    model_config = ConfigDict(frozen=True)

    item_rest_r: float | None
    alpha_if_deleted: float | None


class ScaleAnalysis(BaseModel):
    model_config = ConfigDict(frozen=True)

    n: int
    mean: float | None
    sd: float | None
    alpha: float | None
    alpha_ci: tuple[float | None, float | None]
    omega: float | None
    items: dict[str, ItemAnalysis]


class Analysis(BaseModel):
    """Result of `analyse()`; `model_dump()` gives the CLI's JSON shape exactly."""

    model_config = ConfigDict(frozen=True)

    scales: dict[str, ScaleAnalysis]
    correlations: dict[str, dict[str, float | None]]


GRAM_BLOCK = 131_072  # float32 cross-products of whole numbers |x| <= 11 stay exact per block


def _matrix(data: ArrayLike) -> NDArray[np.floating[Any]]:
    matrix = np.asarray(data)
    if matrix.dtype != np.float32:
        matrix = matrix.astype(np.float64, copy=False)
    if matrix.ndim != 2 or matrix.shape[1] < 2:
        raise ValueError("need a 2-D matrix with at least two item columns")
    return matrix


def complete_rows(data: ArrayLike) -> FloatArray:
    """The rows without any missing value (listwise deletion), as float64."""
    matrix = np.asarray(data, dtype=np.float64)
    keep = ~np.isnan(matrix).any(axis=1)
    return matrix if keep.all() else matrix[keep]


def _listwise_sums(x: NDArray[np.floating[Any]]) -> tuple[FloatArray, FloatArray, int]:
    """Cross-products X'X, column sums and count over complete rows, block by block.

    A row total is NaN exactly when the row has a missing answer, so one matrix-vector
    product finds the complete rows. float32 blocks keep float32 speed; their sums are
    exact for whole-number answers and are accumulated in float64.
    """
    k = x.shape[1]
    ones = np.ones(k, dtype=x.dtype)
    gram, sums, n = np.zeros((k, k)), np.zeros(k), 0
    for start in range(0, x.shape[0], GRAM_BLOCK):
        block = x[start : start + GRAM_BLOCK]
        keep = ~np.isnan(block @ ones)
        if not keep.all():
            block = block[keep]
        gram += block.T @ block
        sums += np.ones(block.shape[0], dtype=x.dtype) @ block
        n += block.shape[0]
    return gram, sums, n


def listwise_sums(x: NDArray[np.floating[Any]]) -> tuple[FloatArray, FloatArray, int]:
    """X'X, column sums and count of the complete rows of `x` (see `_listwise_sums`)."""
    return _listwise_sums(x)


def covariance_from_sums(gram: FloatArray, sums: FloatArray, n: int) -> FloatArray:
    """The listwise covariance from the sums of `listwise_sums` (NaN below two rows)."""
    if n < 2:
        return np.full(gram.shape, np.nan)
    cov: FloatArray = (gram - np.outer(sums, sums) / n) / (n - 1)
    return cov


def covariance_listwise(data: ArrayLike) -> tuple[FloatArray, int]:
    """Item covariance over complete rows, and the number of those rows."""
    x = _matrix(data)
    gram, sums, n = _listwise_sums(x)
    if n >= 2 and not np.isfinite(gram).all():  # a BLAS that dropped a NaN: the sure road
        complete = complete_rows(x)
        centred = complete - complete.mean(axis=0)
        return (centred.T @ centred) / (n - 1), n
    return covariance_from_sums(gram, sums, n), n


def pairwise_sums(data: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray, int]:
    """Pair counts M'M, sums X0'M, cross-products X0'X0 and the rows with any answer.

    X0 is the data with missing cells zero and M the answered-mask; `[i, j]` of the sums
    is the sum of item i over the rows where item j is answered too.
    """
    x = np.asarray(_matrix(data), dtype=np.float64)
    answered = ~np.isnan(x)
    m = answered.astype(np.float64)
    x0 = np.where(answered, x, 0.0)
    return m.T @ m, x0.T @ m, x0.T @ x0, int(answered.any(axis=1).sum())


def covariance_from_pairs(n_pair: FloatArray, sum_i: FloatArray, cross: FloatArray) -> FloatArray:
    """The pairwise-complete covariance from the sums of `pairwise_sums`."""
    with np.errstate(invalid="ignore", divide="ignore"):
        cov: FloatArray = (cross - sum_i * sum_i.T / n_pair) / (n_pair - 1)
    cov[n_pair < 2] = np.nan
    return cov


def covariance_pairwise(data: ArrayLike) -> tuple[FloatArray, int]:
    """Pairwise-complete item covariance, and the number of rows with any answer."""
    n_pair, sum_i, cross, n_any = pairwise_sums(data)
    return covariance_from_pairs(n_pair, sum_i, cross), n_any


def alpha_from_cov(cov: FloatArray) -> float:
    k = cov.shape[0]
    total = float(cov.sum())
    if k < 2 or not math.isfinite(total) or total == 0.0:
        return math.nan
    return float((k / (k - 1)) * (1.0 - float(np.trace(cov)) / total))


def feldt_interval(alpha: float, n: int, k: int, confidence: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval for alpha from n respondents and k items."""
    if not math.isfinite(alpha) or n < 2 or k < 2:
        return math.nan, math.nan
    tail = (1.0 - confidence) / 2.0
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lower = 1.0 - (1.0 - alpha) * f_ppf(1.0 - tail, df1, df2)
    upper = 1.0 - (1.0 - alpha) * f_ppf(tail, df1, df2)
    return lower, upper


def cronbach_alpha(
    data: ArrayLike, *, pairwise: bool = False, confidence: float = 0.95
) -> AlphaResult:
    """Cronbach's alpha of already keyed items (n × k, NaN = missing), with Feldt's CI.

    Listwise deletion by default (R: `use="complete.obs"`); `pairwise=True` uses
    pairwise-complete covariances. Reproduces pingouin's `cronbach_alpha` to 1e-12.
    """
    cov, n = covariance_pairwise(data) if pairwise else covariance_listwise(data)
    value = alpha_from_cov(cov)
    low, high = feldt_interval(value, n, cov.shape[0], confidence)
    return AlphaResult(alpha=value, ci_low=low, ci_high=high, n=n, k=cov.shape[0])


def item_statistics(cov: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Item-rest correlation and alpha-if-item-deleted for every item, from the covariance.

    The rest score of item i is the sum of the other items, so its variance is
    `sum(C) - 2 * rowsum_i + C_ii` and its covariance with item i is `rowsum_i - C_ii`.
    """
    k = cov.shape[0]
    diag = np.diag(cov)
    rowsum = cov.sum(axis=1)
    total = cov.sum()
    rest_var = total - 2.0 * rowsum + diag
    with np.errstate(invalid="ignore", divide="ignore"):
        item_rest = (rowsum - diag) / np.sqrt(diag * rest_var)
        if k > 2:
            trace_rest = np.trace(cov) - diag
            alpha_deleted = ((k - 1) / (k - 2)) * (1.0 - trace_rest / rest_var)
        else:
            alpha_deleted = np.full(k, np.nan)
    return item_rest, alpha_deleted


def one_factor_loadings(corr: FloatArray, tol: float = 1e-9, max_iter: int = 5000) -> FloatArray:
    """Loadings of a one-factor minres (ULS) solution by iterated principal axes."""
    k = corr.shape[0]
    try:
        h2 = 1.0 - 1.0 / np.diag(np.linalg.inv(corr))
    except np.linalg.LinAlgError:
        h2 = np.max(np.abs(corr - np.eye(k)), axis=1)
    h2 = np.clip(h2, 0.005, 0.995)
    loadings = np.sqrt(h2)
    for _ in range(max_iter):
        reduced = corr.copy()
        np.fill_diagonal(reduced, h2)
        values, vectors = np.linalg.eigh(reduced)
        loadings = vectors[:, -1] * math.sqrt(max(values[-1], 0.0))
        new_h2 = np.minimum(loadings**2, 1.0)
        if np.max(np.abs(new_h2 - h2)) < tol:
            h2 = new_h2
            break
        h2 = new_h2
    if loadings.sum() < 0:
        loadings = -loadings
    result: FloatArray = loadings
    return result


def omega_total(cov: FloatArray) -> float:
    """McDonald's omega total of a one-factor model fitted to the item correlations."""
    diag = np.diag(cov)
    if cov.shape[0] < 2 or not np.all(np.isfinite(cov)) or np.any(diag <= 0):
        return math.nan
    scale = 1.0 / np.sqrt(diag)
    corr = cov * np.outer(scale, scale)
    loadings = one_factor_loadings(corr)
    uniqueness = 1.0 - np.minimum(loadings**2, 1.0)
    return float(1.0 - uniqueness.sum() / corr.sum())


def _opt(value: float) -> float | None:
    return None if not math.isfinite(value) else float(value)


def correlation_table(
    names: tuple[str, ...], values: FloatArray
) -> dict[str, dict[str, float | None]]:
    """Pearson correlations between columns, each pair over rows where both are present."""
    table: dict[str, dict[str, float | None]] = {name: {} for name in names}
    for a, name_a in enumerate(names):
        table[name_a][name_a] = correlation_entry(int(np.sum(~np.isnan(values[:, a]))), 1.0)
        for b in range(a + 1, len(names)):
            both = ~np.isnan(values[:, a]) & ~np.isnan(values[:, b])
            r = math.nan
            if both.sum() >= 3:
                with np.errstate(invalid="ignore", divide="ignore"):
                    r = float(np.corrcoef(values[both, a], values[both, b])[0, 1])
            entry = correlation_entry(int(both.sum()), r)
            table[name_a][names[b]] = table[names[b]][name_a] = entry
    return {name: {other: table[name][other] for other in names} for name in names}


def correlation_entry(n: int, r: float) -> float | None:
    """A correlation as reported: None from fewer than three pairs or without variance."""
    return _opt(r) if n >= 3 else None


def scale_analysis(
    cov: FloatArray,
    n: int,
    item_ids: Sequence[str],
    score_n: int,
    mean: float,
    sd: float,
) -> ScaleAnalysis:
    """The report of one scale from its item covariance (n respondents) and the mean and
    SD of its scale score over `score_n` respondents."""
    k = len(item_ids)
    value = alpha_from_cov(cov) if k >= 2 else math.nan
    low, high = feldt_interval(value, n, k)
    item_rest, deleted = item_statistics(cov)
    return ScaleAnalysis(
        n=n,
        mean=_opt(mean) if score_n else None,
        sd=_opt(sd) if score_n > 1 else None,
        alpha=_opt(value),
        alpha_ci=(_opt(low), _opt(high)),
        omega=_opt(omega_total(cov)),
        items={
            item_id: ItemAnalysis(
                item_rest_r=_opt(float(item_rest[i])), alpha_if_deleted=_opt(float(deleted[i]))
            )
            for i, item_id in enumerate(item_ids)
        },
    )


def _analyse_scale(
    inst: Instrument,
    keyed: NDArray[np.floating[Any]],
    scores: FloatArray,
    scale_index: int,
    pairwise: bool,
) -> ScaleAnalysis:
    scale = inst.scales[scale_index]
    columns = [inst.item_ids.index(i) for i in scale.items]
    block = keyed[:, columns]
    if pairwise:
        cov, n = covariance_pairwise(block)
        rows = ~np.isnan(block).all(axis=1)
    else:
        cov, n = covariance_listwise(block)
        rows = ~np.isnan(block).any(axis=1)
    column = scores[rows, scale_index]
    column = column[~np.isnan(column)]
    mean = float(column.mean()) if column.size else math.nan
    sd = float(column.std(ddof=1)) if column.size > 1 else math.nan
    return scale_analysis(cov, n, scale.items, int(column.size), mean, sd)


def analyse(
    inst: Instrument,
    responses: ArrayLike,
    *,
    missing_codes: tuple[float, ...] = (),
    pairwise: bool = False,
) -> Analysis:
    """Reliability report of every scale of `inst` over a response matrix.

    Per scale: n (respondents the alpha uses), mean and sd of the scale score over those
    respondents, alpha with its 95 % Feldt interval, omega total, and per item the
    item-rest correlation and alpha if deleted. `correlations` are Pearson correlations
    between scale scores (min_answered rule), pairwise over respondents with both scores.
    """
    matrix: Any = np.asarray(responses)
    if matrix.dtype != np.float32:  # float32 (as read from files) stays compact
        matrix = matrix.astype(np.float64, copy=False)
    codes = (*inst.missing_codes, *missing_codes)
    if codes:
        matrix = np.where(np.isin(matrix, codes), np.nan, matrix)
    result = score_matrix(inst, matrix)
    keyed = keyed_matrix(inst, matrix)
    scales = {
        scale.id: _analyse_scale(inst, keyed, result.scores, j, pairwise)
        for j, scale in enumerate(inst.scales)
    }
    return Analysis(scales=scales, correlations=correlation_table(inst.scale_ids, result.scores))
