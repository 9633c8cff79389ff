"""Classification of scale scores: style profiles and the anxiety × avoidance quadrant.

Profile (`classification: {kind: profile}`): every respondent gets a score on every
style. The top style is called *dominant* only when, for every other style j, the
difference `top - score_j` exceeds `z * sqrt(SEM_top² + SEM_j²)`, with z the one-sided
normal quantile at the rule's confidence (1.2816 at 90 %): the standard error of a
difference of two independent scores, so "the top really is higher" at that confidence.
Otherwise the result is *mixed*: the styles whose difference to the top lies within
that threshold (the top included).

Acquiescence: someone who agrees with every sentence, whatever its keying, scores high on
every scale, and a few reverse-keyed items decide which scale wins. The index is
`((mean raw forward answer + mean raw reverse-keyed answer) / 2 - midpoint) / half-range`
in [-1, 1]: 0 for anyone whose answers follow the content (agreeing with a scale's
forward items means disagreeing with its reversed ones), 1 for "agree with everything",
-1 for "disagree with everything". When |index| ≥ the rule's `acquiescence_threshold`
(default 0.5: the average raw answer sits halfway between the midpoint and an end of the
scale) no style is named dominant and `acquiescence_flag` is set.

Quadrant (`kind: quadrant`): anxiety and avoidance are compared with the cut (default the
scale midpoint); a score above the cut is high. low/low = veilig, low anxiety/high
avoidance = vermijdend, high anxiety/low avoidance = angstig, high/high = chaotisch. The
distance to the cut is reported per axis, and the result is *borderline* when the cut
lies inside the two-sided confidence band (score ± z * SEM) of either axis.

Vectorised versions (`classify_profiles`, `classify_quadrants`) serve the CLI and the
benchmark; `style_profile()` and `quadrant()` build the models one respondent at a time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict

from verbinding.measure.change import confidence_band
from verbinding.measure.distributions import z_one_sided, z_two_sided
from verbinding.measure.instrument import Instrument, ProfileRule, QuadrantRule
from verbinding.measure.scoring import ScaleScores

QUADRANTS = ("veilig", "vermijdend", "angstig", "chaotisch")  # index = 2*anxious + avoidant


class ScaleResult(BaseModel):
    """One scale score with its measurement error and confidence band."""

    model_config = ConfigDict(frozen=True)

    score: float | None
    n_answered: int
    sem: float | None
    band: tuple[float, float] | None
    confidence: float


class StyleProfile(BaseModel):
    """A profile over all styles; `dominant` is None unless one style clearly leads."""

    model_config = ConfigDict(frozen=True)

    scales: dict[str, ScaleResult]
    dominant: str | None
    mixed: list[str]
    complete: bool
    acquiescence: float | None
    acquiescence_flag: bool
    confidence: float


class QuadrantResult(BaseModel):
    """Position in the anxiety × avoidance plane for one relationship target."""

    model_config = ConfigDict(frozen=True)

    quadrant: str | None
    cut: float
    anxiety: ScaleResult
    avoidance: ScaleResult
    anxiety_distance: float | None  # score - cut; positive = above the cut
    avoidance_distance: float | None
    borderline: bool
    disorganisation: ScaleResult | None
    complete: bool


@dataclass(frozen=True)
class ProfileArrays:
    """Profiles of n respondents: `dominant[i]` is a scale index or -1; `within[i, j]`
    marks the styles within the threshold of the top (the mixed set)."""

    scale_ids: tuple[str, ...]
    dominant: NDArray[np.int8]
    within: NDArray[np.bool_]
    complete: NDArray[np.bool_]
    acquiescence_flag: NDArray[np.bool_]

    def mixed(self, index: int) -> list[str]:
        if self.dominant[index] >= 0 or not self.complete[index]:
            return []
        return [s for s, w in zip(self.scale_ids, self.within[index], strict=True) if w]


@dataclass(frozen=True)
class QuadrantArrays:
    """Quadrants of n respondents: index into QUADRANTS, -1 when an axis is missing."""

    quadrant: NDArray[np.int8]
    borderline: NDArray[np.bool_]


def _sems(inst: Instrument, scale_ids: tuple[str, ...]) -> NDArray[np.float64]:
    values = []
    for scale_id in scale_ids:
        rel = inst.scale(scale_id).reliability
        values.append(rel.sem if rel is not None else math.nan)
    return np.array(values)


def _profile_rule(inst: Instrument) -> ProfileRule:
    rule = inst.classification
    if not isinstance(rule, ProfileRule):
        raise ValueError(f"instrument {inst.id} has no profile classification")
    return rule


def _quadrant_rule(inst: Instrument) -> QuadrantRule:
    rule = inst.classification
    if not isinstance(rule, QuadrantRule):
        raise ValueError(f"instrument {inst.id} has no quadrant classification")
    return rule


def classify_profiles(inst: Instrument, result: ScaleScores) -> ProfileArrays:
    """Dominant style or mixed set for every respondent at once (see module docs)."""
    rule = _profile_rule(inst)
    sem = _sems(inst, result.scale_ids)
    pair_threshold = z_one_sided(rule.confidence) * np.sqrt(sem[:, None] ** 2 + sem[None, :] ** 2)
    scores = result.scores
    complete = np.asarray(~np.isnan(scores).any(axis=1), dtype=np.bool_)
    top = np.argmax(np.where(complete[:, None], scores, -np.inf), axis=1)
    rows = np.arange(scores.shape[0])
    gap = scores[rows, top][:, None] - scores
    within = gap <= pair_threshold[top]
    with np.errstate(invalid="ignore"):
        flag = np.abs(result.acquiescence) >= rule.acquiescence_threshold
    clear = complete & (within.sum(axis=1) == 1) & ~flag
    dominant = np.where(clear, top, -1).astype(np.int8)
    return ProfileArrays(result.scale_ids, dominant, within & complete[:, None], complete, flag)


def classify_quadrants(inst: Instrument, result: ScaleScores) -> QuadrantArrays:
    """Quadrant index and borderline flag for every respondent at once."""
    rule = _quadrant_rule(inst)
    cut = quadrant_cut(inst)
    anx, avo = result.column(rule.anxiety), result.column(rule.avoidance)
    sem = _sems(inst, (rule.anxiety, rule.avoidance))
    half = z_two_sided(rule.confidence) * sem
    quadrant = (2 * (anx > cut) + (avo > cut)).astype(np.int8)
    quadrant[np.isnan(anx) | np.isnan(avo)] = -1
    borderline = (np.abs(anx - cut) <= half[0]) | (np.abs(avo - cut) <= half[1])
    return QuadrantArrays(quadrant, borderline & (quadrant >= 0))


def quadrant_cut(inst: Instrument) -> float:
    rule = _quadrant_rule(inst)
    return rule.cut if rule.cut is not None else inst.response_scale.midpoint


def _scale_result(
    inst: Instrument, result: ScaleScores, row: int, scale_id: str, confidence: float
) -> ScaleResult:
    j = result.scale_ids.index(scale_id)
    raw = float(result.scores[row, j])
    score = None if math.isnan(raw) else raw
    rel = inst.scale(scale_id).reliability
    sem = rel.sem if rel is not None else None
    band = None
    if score is not None and sem is not None:
        rs = inst.response_scale
        low, high = confidence_band(score, sem, confidence, rs.min, rs.max)
        band = (float(low), float(high))
    n = int(result.n_answered[row, j])
    return ScaleResult(score=score, n_answered=n, sem=sem, band=band, confidence=confidence)


def style_profile(inst: Instrument, result: ScaleScores, row: int = 0) -> StyleProfile:
    """The profile of respondent `row` (bands at the rule's two-sided confidence)."""
    rule = _profile_rule(inst)
    arrays = classify_profiles(inst, _one(result, row))
    acq = float(result.acquiescence[row])
    dominant = int(arrays.dominant[0])
    return StyleProfile(
        scales={s: _scale_result(inst, result, row, s, rule.confidence) for s in result.scale_ids},
        dominant=result.scale_ids[dominant] if dominant >= 0 else None,
        mixed=arrays.mixed(0),
        complete=bool(arrays.complete[0]),
        acquiescence=None if math.isnan(acq) else acq,
        acquiescence_flag=bool(arrays.acquiescence_flag[0]),
        confidence=rule.confidence,
    )


def quadrant(inst: Instrument, result: ScaleScores, row: int = 0) -> QuadrantResult:
    """The quadrant of respondent `row` for one relationship target."""
    rule = _quadrant_rule(inst)
    arrays = classify_quadrants(inst, _one(result, row))
    cut = quadrant_cut(inst)
    anxiety = _scale_result(inst, result, row, rule.anxiety, rule.confidence)
    avoidance = _scale_result(inst, result, row, rule.avoidance, rule.confidence)
    disorganisation = None
    if rule.disorganisation is not None:
        disorganisation = _scale_result(inst, result, row, rule.disorganisation, rule.confidence)
    index = int(arrays.quadrant[0])
    return QuadrantResult(
        quadrant=QUADRANTS[index] if index >= 0 else None,
        cut=cut,
        anxiety=anxiety,
        avoidance=avoidance,
        anxiety_distance=None if anxiety.score is None else anxiety.score - cut,
        avoidance_distance=None if avoidance.score is None else avoidance.score - cut,
        borderline=bool(arrays.borderline[0]),
        disorganisation=disorganisation,
        complete=index >= 0,
    )


def classify(inst: Instrument, result: ScaleScores, row: int = 0) -> StyleProfile | QuadrantResult:
    """The instrument's own classification of respondent `row`."""
    if isinstance(inst.classification, QuadrantRule):
        return quadrant(inst, result, row)
    return style_profile(inst, result, row)


def _one(result: ScaleScores, row: int) -> ScaleScores:
    pick: Any = slice(row, row + 1)
    return ScaleScores(
        result.scale_ids, result.scores[pick], result.n_answered[pick], result.acquiescence[pick]
    )
