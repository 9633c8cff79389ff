"""Which version of an instrument a self-test uses: the current one for a new self-test,
the one it was started with ever after.

Its own module so both the services (which start and score) and the report (which reads
what was kept) can ask without importing each other.
"""

from __future__ import annotations

from django.conf import settings

from verbinding.measure.instrument import Instrument, current_instrument, instrument_version
from verbinding.web.assessments.models import Assessment


def current(instrument_id: str) -> Instrument:
    """The version a new self-test uses: an installed newer version wins over the built-in."""
    return current_instrument(instrument_id, settings.INSTRUMENTS_DIR)


def instrument_of(assessment: Assessment) -> Instrument:
    """The exact version the assessment was started with, so a later installed version
    never changes the questions, bands or norms of a self-test already under way."""
    return instrument_version(
        assessment.instrument_id, assessment.instrument_version, settings.INSTRUMENTS_DIR
    )
