"""From stored answers to the stored, immutable result (the API's `result` shape).

Scores, bands and classification all come from `verbinding.measure`; this module only
chooses the JSON that is kept, and names the version of these rules so an old result
always says how it was made.
"""

from __future__ import annotations

import math
from typing import Any

from verbinding.measure.change import confidence_band
from verbinding.measure.instrument import Instrument, Scale
from verbinding.measure.norms import percentile_of
from verbinding.measure.profiles import QuadrantResult, StyleProfile, classify
from verbinding.measure.scoring import score_answers

SCORING_VERSION = "1.0"
BAND_CONFIDENCE = 0.90


def _rounded(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def _scores(instrument: Instrument, answers: dict[str, int]) -> tuple[Any, dict[str, Any]]:
    result = score_answers(instrument, answers)
    scale = instrument.response_scale
    out: dict[str, Any] = {}
    for index, scale_id in enumerate(result.scale_ids):
        value = _rounded(float(result.scores[0, index]))
        reliability = instrument.scale(scale_id).reliability
        band = None
        if value is not None and reliability is not None:
            low, high = confidence_band(
                value, reliability.sem, BAND_CONFIDENCE, scale.min, scale.max
            )
            band = [_rounded(float(low)), _rounded(float(high))]
        out[scale_id] = {
            "score": value,
            "ci90": band,
            "n_answered": int(result.n_answered[0, index]),
            "n_items": len(instrument.scale(scale_id).items),
            **_norms(instrument.scale(scale_id), value),
        }
    return result, out


def _norms(scale: Scale, value: float | None) -> dict[str, Any]:
    """The percentile and where its norms come from, kept with the result: a later
    instrument version with other norms must never change what an old result says."""
    if scale.norms is None:
        return {"percentile": None, "norms": None}
    origin = scale.norms.provenance
    return {
        "percentile": None if value is None else _rounded(percentile_of(scale, value)),
        "norms": {"n": origin.n, "period": origin.period, "population": origin.population},
    }


def _profile_json(classified: StyleProfile | QuadrantResult) -> dict[str, Any]:
    if isinstance(classified, StyleProfile):
        return {
            "kind": "profile",
            "dominant": classified.dominant,
            "mixed": list(classified.mixed),
            "complete": classified.complete,
            "acquiescence": _rounded(classified.acquiescence),
            "acquiescence_flag": classified.acquiescence_flag,
        }
    disorganisation = classified.disorganisation
    return {
        "kind": "quadrant",
        "quadrant": classified.quadrant,
        "borderline": classified.borderline,
        "anxiety": _rounded(classified.anxiety.score),
        "avoidance": _rounded(classified.avoidance.score),
        "disorganisation": _rounded(disorganisation.score) if disorganisation else None,
        "anxiety_distance": _rounded(classified.anxiety_distance),
        "avoidance_distance": _rounded(classified.avoidance_distance),
        "cut": classified.cut,
    }


def score(instrument: Instrument, answers: dict[str, int]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Scores with 90 % bands per scale, and the instrument's classification."""
    result, scores = _scores(instrument, answers)
    profile = _profile_json(classify(instrument, result)) if instrument.classification else {}
    return scores, profile
