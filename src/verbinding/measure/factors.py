"""Structure check: exploratory factor analysis of an instrument's items.

* Data: the keyed items of the respondents who answered every item (listwise), as a
  Pearson correlation matrix.
* Number of factors: Horn's parallel analysis on principal components. The eigenvalues
  of the observed correlation matrix are compared with the mean eigenvalues of
  correlation matrices of random normal data of the same size (20 draws, fixed seed so a
  run can be repeated); the factors kept are the leading ones whose eigenvalue exceeds
  the random mean. At least one factor.
* Extraction and rotation: minimum residuals (psych's `fm = "minres"`) with an oblique
  oblimin rotation, done by `factor_analyzer` (not our own optimiser). Each factor's sign
  is turned so its loadings sum to a positive number.
* Factors to scales: for every (factor, scale) pair the mean absolute loading of the
  scale's items on the factor; pairs are matched greedily from the largest, each factor
  and each scale at most once. A factor left over belongs to no scale.
* Flags per item: `wrong_scale` when its highest absolute loading is on a factor that is
  not its own scale's; `weak` when that highest absolute loading is below .30.
"""

from __future__ import annotations

import itertools
import warnings
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict

from verbinding.measure.defaults import WEAK_LOADING
from verbinding.measure.instrument import Instrument
from verbinding.measure.scoring import FloatArray, keyed_matrix

PARALLEL_DRAWS = 20
SEED = 20_041_969  # any fixed number: the same file gives the same number of factors

Flag = Literal["wrong_scale", "weak"]


class ItemLoadings(BaseModel):
    model_config = ConfigDict(frozen=True)

    scale: str
    loadings: list[float]
    factor: int  # index of the highest absolute loading
    flags: list[Flag]


class FactorReport(BaseModel):
    """Result of `explore_factors()`; `model_dump()` is the CLI's JSON shape."""

    model_config = ConfigDict(frozen=True)

    n: int
    n_factors: int
    eigenvalues: list[float]
    random_eigenvalues: list[float]
    factor_scales: list[str | None]
    items: dict[str, ItemLoadings]

    def at_home(self) -> int:
        """How many items load highest on their own scale's factor."""
        return sum("wrong_scale" not in item.flags for item in self.items.values())


def parallel_analysis(
    corr: FloatArray, n: int, draws: int = PARALLEL_DRAWS
) -> tuple[int, FloatArray]:
    """Number of components to keep (Horn), and the mean random eigenvalues."""
    k = corr.shape[0]
    rng = np.random.default_rng(SEED)
    random = np.zeros(k)
    for _ in range(draws):
        noise = rng.standard_normal((n, k))
        random += np.linalg.eigvalsh(np.corrcoef(noise, rowvar=False))[::-1]
    random /= draws
    observed = np.linalg.eigvalsh(corr)[::-1]
    keep = int(np.cumprod(observed > random).sum())
    return max(1, keep), random


def _rotated_loadings(corr: FloatArray, n_factors: int) -> FloatArray:
    from factor_analyzer import FactorAnalyzer

    rotation = "oblimin" if n_factors > 1 else None
    analyzer: Any = FactorAnalyzer(
        n_factors=n_factors, rotation=rotation, method="minres", is_corr_matrix=True
    )
    with warnings.catch_warnings():
        # factor_analyzer calls sklearn's check_array with an argument sklearn renamed.
        warnings.simplefilter("ignore", FutureWarning)
        analyzer.fit(corr)
    loadings = np.asarray(analyzer.loadings_, dtype=np.float64).reshape(corr.shape[0], n_factors)
    signs = np.where(loadings.sum(axis=0) < 0, -1.0, 1.0)
    result: FloatArray = loadings * signs
    return result


def _match_factors(inst: Instrument, loadings: FloatArray) -> list[str | None]:
    """The scale of each factor (greedy matching on mean absolute loading)."""
    n_factors = loadings.shape[1]
    strength = {
        (f, scale.id): float(
            np.abs(loadings[[inst.item_ids.index(i) for i in scale.items], f]).mean()
        )
        for f, scale in itertools.product(range(n_factors), inst.scales)
    }
    owner: list[str | None] = [None] * n_factors
    taken: set[str] = set()
    for (f, scale_id), _ in sorted(strength.items(), key=lambda pair: -pair[1]):
        if owner[f] is None and scale_id not in taken:
            owner[f] = scale_id
            taken.add(scale_id)
    return owner


def explore_factors(
    inst: Instrument, responses: ArrayLike, *, n_factors: int | None = None
) -> FactorReport:
    """Exploratory factor analysis of all items (see module docs).

    Raises ValueError when fewer complete respondents than items remain.
    """
    matrix: NDArray[np.float64] = np.asarray(responses, dtype=np.float64)
    if inst.missing_codes:
        matrix = np.where(np.isin(matrix, inst.missing_codes), np.nan, matrix)
    keyed = np.asarray(keyed_matrix(inst, matrix), dtype=np.float64)
    complete = keyed[~np.isnan(keyed).any(axis=1)]
    n, k = complete.shape
    if n <= k:
        raise ValueError(
            f"te weinig volledige respondenten ({n}) voor een factoranalyse van {k} items "
            "(too few complete respondents)"
        )
    corr: FloatArray = np.asarray(np.corrcoef(complete, rowvar=False), dtype=np.float64)
    suggested, random = parallel_analysis(corr, n)
    chosen = n_factors or suggested
    loadings = _rotated_loadings(corr, chosen)
    owners = _match_factors(inst, loadings)
    scale_of = {i: s.id for s in inst.scales for i in s.items}
    items = {}
    for row, item_id in enumerate(inst.item_ids):
        top = int(np.argmax(np.abs(loadings[row])))
        flags: list[Flag] = []
        if owners[top] != scale_of[item_id]:
            flags.append("wrong_scale")
        if abs(loadings[row, top]) < WEAK_LOADING:
            flags.append("weak")
        items[item_id] = ItemLoadings(
            scale=scale_of[item_id],
            loadings=[round(float(v), 6) for v in loadings[row]],
            factor=top,
            flags=flags,
        )
    return FactorReport(
        n=n,
        n_factors=chosen,
        eigenvalues=[float(v) for v in np.linalg.eigvalsh(corr)[::-1]],
        random_eigenvalues=[float(v) for v in random],
        factor_scales=owners,
        items=items,
    )
