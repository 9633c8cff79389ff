"""Which version of a questionnaire the web app uses where: the one place that decides.

Two questions, two functions:

* `current(id)`: the version a *new* self-test uses, and what the app says about the
  questionnaire today (the API's list, the start page, the practice's instrument check).
  An installed version (`VERBINDING_DATA_DIR/instruments/`, written by `verbinding
  calibrate`) wins over the built-in one.
* `made_with(id, label)` / `of_assessment(assessment)`: the exact version a self-test was
  begun with, for everything about that self-test (its questions, its result, a retake
  compared with it), so a later installed version never changes an old result.

Nothing else in `verbinding.web` reads instrument files.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from verbinding.measure.instrument import (
    Instrument,
    current_instrument,
    current_instruments,
    instrument_version,
    version_label,
)

__all__ = ["all_current", "current", "label", "made_with", "of_assessment"]


def current(instrument_id: str) -> Instrument:
    """The version a new self-test uses: an installed newer version wins over the built-in."""
    return current_instrument(instrument_id, settings.INSTRUMENTS_DIR)


def all_current() -> dict[str, Instrument]:
    """Every questionnaire the app knows, each in its current version."""
    return current_instruments(settings.INSTRUMENTS_DIR)


def made_with(instrument_id: str, version: str) -> Instrument:
    """The version with this label (`version+hash`, as stored with an assessment); the
    current version when no file carries that label any more (or `version` is empty)."""
    return instrument_version(instrument_id, version, settings.INSTRUMENTS_DIR)


def of_assessment(assessment: Any) -> Instrument:
    """The exact version the assessment was started with."""
    return made_with(assessment.instrument_id, assessment.instrument_version)


def label(instrument: Instrument) -> str:
    """The label kept with an assessment or result: version and content hash."""
    return version_label(instrument)
