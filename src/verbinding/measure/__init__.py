"""The measurement engine: instruments as data, scoring, reliability, error and change.

Pure Python + numpy + pydantic; no Django. The web app and the CLI both call these names:

* instruments: `load_instrument`, `get_instrument`, `builtin_instruments`, `Instrument`,
  `InstrumentError` (with `.faults`), `UnknownInstrumentError`
* scoring: `score_matrix`, `score_answers`, `answers_matrix`, `ScaleScores`,
  `ResponseValueError`
* classification: `style_profile`, `quadrant`, `classify`, `classify_profiles`,
  `classify_quadrants`, `StyleProfile`, `QuadrantResult`
* reliability: `analyse`, `cronbach_alpha`, `omega_total`, `Analysis`
* error and change: `standard_error`, `confidence_band`, `reliable_change`,
  `scale_change`, `ReliableChange`, `ChangeVerdict`
* response files: `read_responses`, `ResponseFileError` (batch by batch:
  `verbinding.measure.responses.iter_responses`; Arrow batches and partitions:
  `verbinding.measure.batches.score_batch` and `verbinding.measure.accumulate`, which
  import pyarrow)
* norms and versions: `percentile_of`, `retake_basis`, `retake_change`, `RetakeBasis`,
  `RetakeReason`
  (calibration itself: `verbinding.measure.calibrate`; structure: `...factors`)

See docs/measurement.md for the format and the reasoning behind every rule.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The names below are imported on first use, not with the package: a command that only
# lists instruments, or prints its help, then starts without loading numpy and the rest.
if TYPE_CHECKING:
    from verbinding.measure.change import (
        ChangeVerdict,
        ReliableChange,
        RetakeBasis,
        RetakeReason,
        confidence_band,
        reliable_change,
        retake_basis,
        retake_change,
        scale_change,
        standard_error,
    )
    from verbinding.measure.instrument import (
        Fault,
        Instrument,
        InstrumentError,
        UnknownInstrumentError,
        builtin_instruments,
        get_instrument,
        load_instrument,
        parse_instrument,
    )
    from verbinding.measure.norms import percentile_of
    from verbinding.measure.profiles import (
        QUADRANTS,
        QuadrantResult,
        ScaleResult,
        StyleProfile,
        classify,
        classify_profiles,
        classify_quadrants,
        quadrant,
        style_profile,
    )
    from verbinding.measure.reliability import Analysis, analyse, cronbach_alpha, omega_total
    from verbinding.measure.scoring import (
        ResponseValueError,
        ScaleScores,
        answers_matrix,
        score_answers,
        score_matrix,
    )

_HOME: dict[str, str] = {
    "ChangeVerdict": "verbinding.measure.change",
    "ReliableChange": "verbinding.measure.change",
    "RetakeBasis": "verbinding.measure.change",
    "RetakeReason": "verbinding.measure.change",
    "confidence_band": "verbinding.measure.change",
    "reliable_change": "verbinding.measure.change",
    "retake_basis": "verbinding.measure.change",
    "retake_change": "verbinding.measure.change",
    "scale_change": "verbinding.measure.change",
    "standard_error": "verbinding.measure.change",
    "Fault": "verbinding.measure.instrument",
    "Instrument": "verbinding.measure.instrument",
    "InstrumentError": "verbinding.measure.instrument",
    "UnknownInstrumentError": "verbinding.measure.instrument",
    "builtin_instruments": "verbinding.measure.instrument",
    "get_instrument": "verbinding.measure.instrument",
    "load_instrument": "verbinding.measure.instrument",
    "parse_instrument": "verbinding.measure.instrument",
    "percentile_of": "verbinding.measure.norms",
    "QUADRANTS": "verbinding.measure.profiles",
    "QuadrantResult": "verbinding.measure.profiles",
    "ScaleResult": "verbinding.measure.profiles",
    "StyleProfile": "verbinding.measure.profiles",
    "classify": "verbinding.measure.profiles",
    "classify_profiles": "verbinding.measure.profiles",
    "classify_quadrants": "verbinding.measure.profiles",
    "quadrant": "verbinding.measure.profiles",
    "style_profile": "verbinding.measure.profiles",
    "Analysis": "verbinding.measure.reliability",
    "analyse": "verbinding.measure.reliability",
    "cronbach_alpha": "verbinding.measure.reliability",
    "omega_total": "verbinding.measure.reliability",
    "ResponseValueError": "verbinding.measure.scoring",
    "ScaleScores": "verbinding.measure.scoring",
    "answers_matrix": "verbinding.measure.scoring",
    "score_answers": "verbinding.measure.scoring",
    "score_matrix": "verbinding.measure.scoring",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found once; later look-ups skip this function
    return value


__all__ = [
    "QUADRANTS",
    "Analysis",
    "ChangeVerdict",
    "Fault",
    "Instrument",
    "InstrumentError",
    "QuadrantResult",
    "ReliableChange",
    "ResponseValueError",
    "RetakeBasis",
    "RetakeReason",
    "ScaleResult",
    "ScaleScores",
    "StyleProfile",
    "UnknownInstrumentError",
    "analyse",
    "answers_matrix",
    "builtin_instruments",
    "classify",
    "classify_profiles",
    "classify_quadrants",
    "confidence_band",
    "cronbach_alpha",
    "get_instrument",
    "load_instrument",
    "omega_total",
    "parse_instrument",
    "percentile_of",
    "quadrant",
    "reliable_change",
    "retake_basis",
    "retake_change",
    "scale_change",
    "score_answers",
    "score_matrix",
    "standard_error",
    "style_profile",
]
