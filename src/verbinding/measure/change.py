"""Measurement error of an individual score, and reliable change between two occasions.

* Standard error of measurement: `SEM = sd * sqrt(1 - r)` with the reference SD and the
  reliability of the scale (`Scale.reliability` in the instrument).
* Confidence band: `score ± z * SEM` with the two-sided z for the confidence, clipped to
  the response scale (a mean of answers cannot leave it).
* Reliable change (Jacobson & Truax 1991): `S_diff = sqrt(2) * SEM`,
  `RCI = (after - before) / S_diff`. |RCI| above the two-sided z (1.96 at 95 %) is a
  reliable change; whether it is better or worse depends on the scale's direction.
"""

from __future__ import annotations

import math
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict

from verbinding.measure.distributions import z_two_sided
from verbinding.measure.instrument import Instrument, Reliability


class ChangeVerdict(StrEnum):
    RELIABLY_BETTER = "reliably better"
    RELIABLY_WORSE = "reliably worse"
    NO_RELIABLE_CHANGE = "no reliable change"

    @property
    def nl(self) -> str:
        """The verdict in Dutch, for people."""
        return {
            ChangeVerdict.RELIABLY_BETTER: "betrouwbaar verbeterd",
            ChangeVerdict.RELIABLY_WORSE: "betrouwbaar verslechterd",
            ChangeVerdict.NO_RELIABLE_CHANGE: "geen betrouwbare verandering",
        }[self]


class ReliableChange(BaseModel):
    """Jacobson–Truax reliable change of one score between two occasions."""

    model_config = ConfigDict(frozen=True)

    before: float
    after: float
    difference: float
    se: float
    s_diff: float
    rci: float
    threshold: float  # smallest |after - before| in score units that counts as reliable
    confidence: float
    higher_is_better: bool
    verdict: ChangeVerdict


def standard_error(sd: float, reliability: float) -> float:
    """Standard error of measurement, `sd * sqrt(1 - reliability)`."""
    if sd <= 0 or not 0.0 <= reliability <= 1.0:
        raise ValueError("need sd > 0 and 0 <= reliability <= 1")
    return sd * math.sqrt(1.0 - reliability)


def confidence_band(
    score: ArrayLike,
    sem: float,
    confidence: float = 0.90,
    low: float = -math.inf,
    high: float = math.inf,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Two-sided band `score ± z * sem`, clipped to [low, high]. Works on arrays."""
    values = np.asarray(score, dtype=np.float64)
    half = z_two_sided(confidence) * sem
    return np.clip(values - half, low, high), np.clip(values + half, low, high)


def reliable_change(
    before: float,
    after: float,
    *,
    sd: float,
    reliability: float,
    higher_is_better: bool = True,
    confidence: float = 0.95,
) -> ReliableChange:
    """Jacobson–Truax RCI and its verdict.

    With reliability .95 and SD 7.6: se 1.699, s_diff 2.403, threshold 4.71 at 95 %.
    """
    se = standard_error(sd, reliability)
    s_diff = math.sqrt(2.0) * se
    z = z_two_sided(confidence)
    difference = after - before
    rci = difference / s_diff
    if abs(rci) <= z:
        verdict = ChangeVerdict.NO_RELIABLE_CHANGE
    elif (difference > 0) == higher_is_better:
        verdict = ChangeVerdict.RELIABLY_BETTER
    else:
        verdict = ChangeVerdict.RELIABLY_WORSE
    return ReliableChange(
        before=before,
        after=after,
        difference=difference,
        se=se,
        s_diff=s_diff,
        rci=rci,
        threshold=z * s_diff,
        confidence=confidence,
        higher_is_better=higher_is_better,
        verdict=verdict,
    )


def scale_change(
    inst: Instrument, scale_id: str, before: float, after: float, confidence: float = 0.95
) -> ReliableChange:
    """Reliable change on one scale of `inst`, using its reliability and direction."""
    rel = inst.scale(scale_id).reliability
    if rel is None:
        raise ValueError(f"scale {scale_id} of {inst.id} has no reliability figures")
    return reliable_change(
        before,
        after,
        sd=rel.sd,
        reliability=rel.coefficient,
        higher_is_better=inst.higher_is_better(scale_id),
        confidence=confidence,
    )


# --- retakes across instrument versions ---------------------------------------------------


class RetakeReason(StrEnum):
    """Why a retake on one scale cannot be judged (a code: the web layer words it)."""

    SCALE_MISSING = "scale missing"  # the scale is not in both versions (or other instruments)
    SCALE_CHANGED = "scale changed"  # other items, wording, keys, answer scale or missing rule
    NO_RELIABILITY = "no reliability"  # neither version has reliability figures for it


class RetakeBasis(BaseModel):
    """Whether two results on one scale, made with two versions, can be compared.

    When they can, `reliability` holds the figures to judge the change with and
    `version` the version they come from; when not, `reason` says why, as a code.
    """

    model_config = ConfigDict(frozen=True)

    comparable: bool
    version: str | None = None
    reliability: Reliability | None = None
    reason: RetakeReason | None = None


def _measures_the_same(before: Instrument, after: Instrument, scale_id: str) -> bool:
    """Same items, wording, keying and answer scale: the score means the same thing."""
    a, b = before.scale(scale_id), after.scale(scale_id)
    if a.items != b.items or before.response_scale.min != after.response_scale.min:
        return False
    if before.response_scale.max != after.response_scale.max:
        return False
    if before.min_answered != after.min_answered:
        return False
    return all(
        before.item(i).text == after.item(i).text
        and before.item(i).reverse == after.item(i).reverse
        for i in a.items
    )


def retake_basis(before: Instrument, after: Instrument, scale_id: str) -> RetakeBasis:
    """Decide how a retake on `scale_id` across two versions is compared, if at all.

    The scale must exist in both and measure the same thing (same items, wording, keys,
    answer scale and missing-answer rule); only reliability and norms may differ. The
    figures then come from the version calibrated on its own respondents (the one with
    norms), the later one first; otherwise from whichever version has reliability, the
    later one first. Two results of one version are the simple case of the same rule.
    """
    if before.id != after.id or scale_id not in before.scale_ids or scale_id not in after.scale_ids:
        return RetakeBasis(comparable=False, reason=RetakeReason.SCALE_MISSING)
    if not _measures_the_same(before, after, scale_id):
        return RetakeBasis(comparable=False, reason=RetakeReason.SCALE_CHANGED)
    candidates = (after, before)
    calibrated = [i for i in candidates if i.scale(scale_id).norms is not None]
    for inst in (*calibrated, *candidates):
        rel = inst.scale(scale_id).reliability
        if rel is not None:
            return RetakeBasis(comparable=True, version=inst.version, reliability=rel)
    return RetakeBasis(comparable=False, reason=RetakeReason.NO_RELIABILITY)


def retake_change(
    before_inst: Instrument,
    after_inst: Instrument,
    scale_id: str,
    before: float,
    after: float,
    confidence: float = 0.95,
) -> ReliableChange | RetakeBasis:
    """Reliable change between two results made with two versions, or the `RetakeBasis`
    that says why they cannot be compared."""
    basis = retake_basis(before_inst, after_inst, scale_id)
    if basis.reliability is None:
        return basis
    return reliable_change(
        before,
        after,
        sd=basis.reliability.sd,
        reliability=basis.reliability.coefficient,
        higher_is_better=after_inst.higher_is_better(scale_id),
        confidence=confidence,
    )
