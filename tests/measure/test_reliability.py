"""Reliability: pingouin and R psych references, and the formulas behind them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from verbinding.measure import Instrument, analyse, cronbach_alpha, omega_total
from verbinding.measure.distributions import f_ppf, z_one_sided, z_two_sided
from verbinding.measure.reliability import (
    covariance_listwise,
    covariance_pairwise,
    feldt_interval,
    item_statistics,
    one_factor_loadings,
)


def test_it_reproduces_pingouin_alpha_on_the_long_format_dataset() -> None:
    data = pg.read_dataset("cronbach_alpha")
    wide = data.pivot(index="Subj", columns="Items", values="Scores").to_numpy(float)
    ours = cronbach_alpha(wide)
    theirs, ci = pg.cronbach_alpha(data=data, items="Items", scores="Scores", subject="Subj")
    assert ours.alpha == pytest.approx(0.5917188, abs=1e-6)
    assert ours.alpha == pytest.approx(theirs, abs=1e-12)
    assert np.round([ours.ci_low, ours.ci_high], 3) == pytest.approx(ci)


def test_it_reproduces_pingouin_alpha_pairwise_with_missing_answers() -> None:
    data = pg.read_dataset("cronbach_wide_missing")
    ours = cronbach_alpha(data.to_numpy(float), pairwise=True)
    theirs, ci = pg.cronbach_alpha(data=data)
    assert ours.alpha == pytest.approx(0.732660835, abs=1e-6)
    assert ours.alpha == pytest.approx(theirs, abs=1e-12)
    assert np.round([ours.ci_low, ours.ci_high], 3) == pytest.approx(ci)


def test_it_reproduces_pingouin_alpha_listwise() -> None:
    data = pg.read_dataset("cronbach_wide_missing")
    ours = cronbach_alpha(data.to_numpy(float))
    theirs, _ = pg.cronbach_alpha(data=data, nan_policy="listwise")
    assert ours.alpha == pytest.approx(0.801694915, abs=1e-6)
    assert ours.alpha == pytest.approx(theirs, abs=1e-12)
    # Feldt's interval with the complete cases actually used (pingouin keeps all rows' n).
    complete = int((~data.isna().any(axis=1)).sum())
    low, high = feldt_interval(ours.alpha, complete, data.shape[1])
    f_hi = stats.f.isf(0.025, complete - 1, (complete - 1) * (data.shape[1] - 1))
    assert ours.n == complete
    assert (ours.ci_low, ours.ci_high) == (low, high)
    assert low == pytest.approx(1 - (1 - ours.alpha) * f_hi, abs=1e-10)


@pytest.mark.parametrize(("p", "df1", "df2"), [(0.975, 14, 126), (0.025, 2708, 10832), (0.5, 3, 7)])
def test_it_computes_f_quantiles_like_scipy(p: float, df1: int, df2: int) -> None:
    assert f_ppf(p, df1, df2) == pytest.approx(stats.f.ppf(p, df1, df2), rel=1e-10)


def test_it_computes_normal_quantiles() -> None:
    assert z_two_sided(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_one_sided(0.90) == pytest.approx(1.281552, abs=1e-6)


def test_it_computes_pairwise_covariance_like_pandas() -> None:
    rng = np.random.default_rng(3)
    x = rng.integers(1, 7, size=(200, 6)).astype(float)
    x[rng.random(x.shape) < 0.2] = np.nan
    cov, n = covariance_pairwise(x)
    assert cov == pytest.approx(pd.DataFrame(x).cov().to_numpy(), abs=1e-12)
    assert n == int((~np.isnan(x)).any(axis=1).sum())


def test_it_computes_item_rest_and_alpha_if_deleted_by_brute_force() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(300, 1)) + rng.normal(size=(300, 5))
    cov, _ = covariance_listwise(x)
    item_rest, deleted = item_statistics(cov)
    for i in range(5):
        rest = np.delete(x, i, axis=1)
        assert item_rest[i] == pytest.approx(np.corrcoef(x[:, i], rest.sum(axis=1))[0, 1])
        assert deleted[i] == pytest.approx(cronbach_alpha(rest).alpha)


def test_it_recovers_an_exact_one_factor_model_for_omega() -> None:
    loadings = np.array([0.8, 0.7, 0.6, 0.5, 0.4, 0.3])
    corr = np.outer(loadings, loadings)
    np.fill_diagonal(corr, 1.0)
    assert one_factor_loadings(corr) == pytest.approx(loadings, abs=1e-6)
    uniq = 1 - loadings**2
    expected = loadings.sum() ** 2 / (loadings.sum() ** 2 + uniq.sum())
    assert omega_total(corr * 4.0) == pytest.approx(expected, abs=1e-6)


def test_omega_equals_alpha_for_parallel_items() -> None:
    corr = np.full((5, 5), 0.4)
    np.fill_diagonal(corr, 1.0)
    alpha = cronbach_alpha(np.random.default_rng(0).multivariate_normal(np.zeros(5), corr, 20))
    assert alpha.k == 5
    assert omega_total(corr) == pytest.approx(5 * 0.4 / (1 + 4 * 0.4), abs=1e-9)


R_PSYCH_BFI = {
    "agree": (0.7038, 2709),
    "conscientious": (0.7293, None),
    "extraversion": (0.7609, None),
    "neuroticism": (0.8133, None),
    "openness": (0.6025, None),
}


def test_it_reproduces_r_psych_bfi_alphas_listwise(
    bfi_instrument: Instrument, bfi_matrix: np.ndarray
) -> None:
    result = analyse(bfi_instrument, bfi_matrix)
    for scale, (alpha, n) in R_PSYCH_BFI.items():
        assert round(result.scales[scale].alpha or 0, 4) == alpha
        if n is not None:
            assert result.scales[scale].n == n
    agree = result.scales["agree"]
    assert agree.items["A1"].item_rest_r == pytest.approx(0.31, abs=0.005)
    assert agree.items["A1"].alpha_if_deleted == pytest.approx(0.72, abs=0.005)
    assert result.correlations["agree"]["agree"] == 1.0
    assert (
        result.correlations["agree"]["neuroticism"] == result.correlations["neuroticism"]["agree"]
    )


def test_it_matches_pingouin_on_every_bfi_scale_in_both_modes(
    bfi_instrument: Instrument, bfi_matrix: np.ndarray
) -> None:
    from verbinding.measure.scoring import keyed_matrix

    keyed = pd.DataFrame(keyed_matrix(bfi_instrument, bfi_matrix), columns=bfi_instrument.item_ids)
    for pairwise, policy in ((False, "listwise"), (True, "pairwise")):
        result = analyse(bfi_instrument, bfi_matrix, pairwise=pairwise)
        for scale in bfi_instrument.scales:
            theirs, _ = pg.cronbach_alpha(keyed[scale.items], nan_policy=policy)
            assert result.scales[scale.id].alpha == pytest.approx(theirs, abs=1e-10)
