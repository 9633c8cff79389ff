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
* response files: `read_responses`, `ResponseFileError`
* norms and versions: `percentile_of`, `retake_basis`, `retake_change`, `RetakeBasis`
  (calibration itself: `verbinding.measure.calibrate`; structure: `...factors`)

See docs/measurement.md for the format and the reasoning behind every rule.
"""

from __future__ import annotations

from verbinding.measure.change import (
    ChangeVerdict,
    ReliableChange,
    RetakeBasis,
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
