"""The few distribution quantiles the engine needs, without a SciPy run-time dependency.

The normal quantile comes from the standard library. The F quantile (for Feldt's
confidence interval of alpha) inverts the regularized incomplete beta function, evaluated
with the Lentz continued fraction (Numerical Recipes §6.4) and inverted by Newton steps
safeguarded by bisection, to machine precision. Tests compare both with SciPy.
"""

from __future__ import annotations

import math
from statistics import NormalDist

_EPS = 1e-15
_TINY = 1e-300


def z_two_sided(confidence: float) -> float:
    """The z value that leaves (1 - confidence) / 2 in each tail; 1.959964 for 0.95."""
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must lie strictly between 0 and 1")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def z_one_sided(confidence: float) -> float:
    """The z value with `confidence` below it; 1.281552 for 0.90."""
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must lie strictly between 0 and 1")
    return NormalDist().inv_cdf(confidence)


def _beta_cf(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def beta_inc(a: float, b: float, x: float) -> float:
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, 1.0 - x) / b


def f_cdf(x: float, df1: float, df2: float) -> float:
    """Cumulative distribution function of the F distribution."""
    if x <= 0.0:
        return 0.0
    return beta_inc(df1 / 2.0, df2 / 2.0, df1 * x / (df1 * x + df2))


def _beta_pdf(a: float, b: float, x: float) -> float:
    if x <= 0.0 or x >= 1.0:
        return 0.0
    log_pdf = (
        math.lgamma(a + b)
        - math.lgamma(a)
        - math.lgamma(b)
        + (a - 1.0) * math.log(x)
        + (b - 1.0) * math.log1p(-x)
    )
    return math.exp(log_pdf)


def beta_ppf(p: float, a: float, b: float) -> float:
    """Quantile of the beta distribution: Newton steps kept inside a shrinking bracket."""
    lo, hi = 0.0, 1.0
    # Start from the normal approximation: for the large df of alpha's interval it lands
    # within a step or two of the root, and the bracket keeps small df safe.
    mean, total = a / (a + b), a + b
    spread = math.sqrt(a * b / (total * total * (total + 1.0)))
    x = min(max(mean + NormalDist().inv_cdf(p) * spread, 1e-12), 1.0 - 1e-12)
    for _ in range(300):
        gap = beta_inc(a, b, x) - p
        if gap == 0.0:
            return x
        if gap < 0.0:
            lo = x
        else:
            hi = x
        density = _beta_pdf(a, b, x)
        step = gap / density if density > 0.0 else math.inf
        candidate = x - step
        if not lo < candidate < hi:
            candidate = (lo + hi) / 2.0
        if abs(candidate - x) <= 1e-15 * max(x, 1e-300) or hi - lo <= 1e-15 * max(x, 1e-300):
            return candidate
        x = candidate
    return x


def f_ppf(p: float, df1: float, df2: float) -> float:
    """Quantile of the F distribution: the x with f_cdf(x) = p."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    y = beta_ppf(p, df1 / 2.0, df2 / 2.0)  # y = df1 x / (df1 x + df2), monotone in x
    return df2 * y / (df1 * (1.0 - y))
