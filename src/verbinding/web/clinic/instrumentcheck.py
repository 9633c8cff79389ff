"""How well the questionnaires measure in this practice's own clients, as aggregates.

One row per consenting client: their latest submitted answers to an instrument (for the
relationship form, the 'in het algemeen' part, which everyone fills in). Below
`MIN_RESPONDENTS` nothing is shown at all: with few people an average can point at one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import get_language

from verbinding.measure.instrument import Instrument, shipped_instrument
from verbinding.measure.reliability import Analysis, analyse
from verbinding.web.assessments import plan
from verbinding.web.assessments.models import Answer, Assessment
from verbinding.web.clinic.models import Sharing

MIN_RESPONDENTS = 20
CHECKED = ((plan.STYLES_INSTRUMENT, ""), (plan.RELATION_INSTRUMENT, "algemeen"))


@dataclass(frozen=True)
class InstrumentCheck:
    instrument: Instrument
    n: int
    analysis: Analysis | None  # None below MIN_RESPONDENTS

    @property
    def title(self) -> str:
        return _in_language(self.instrument.title, self.instrument.id)


def _in_language(texts: dict[str, str], fallback: str) -> str:
    """An instrument's text in the active language, else the Dutch, else `fallback`."""
    return texts.get(get_language() or "nl") or texts.get("nl") or fallback


def consenting_clients() -> set[int]:
    return set(
        Sharing.objects.active().filter(share_profiles=True).values_list("client_id", flat=True)
    )


def response_matrix(instrument: Instrument, target: str, clients: set[int]) -> np.ndarray:
    """Rows: each client's latest submitted assessment; columns: the instrument's items."""
    latest: dict[int, int] = {}
    for owner, assessment_id in (
        Assessment.objects.filter(
            instrument_id=instrument.id, target=target, submitted_at__isnull=False,
            selftest__owner_id__in=clients,
        )
        .order_by("submitted_at", "id")
        .values_list("selftest__owner_id", "id")
    ):
        latest[owner] = assessment_id  # later ones overwrite earlier ones
    columns = {item.id: j for j, item in enumerate(instrument.items)}
    rows = {assessment_id: i for i, assessment_id in enumerate(latest.values())}
    matrix = np.full((len(rows), len(columns)), np.nan)
    for assessment_id, item_id, value in Answer.objects.filter(
        assessment_id__in=list(rows)
    ).values_list("assessment_id", "item_id", "value"):
        if item_id in columns:
            matrix[rows[assessment_id], columns[item_id]] = value
    return matrix


def practice_checks() -> list[InstrumentCheck]:
    clients = consenting_clients()
    checks = []
    for instrument_id, target in CHECKED:
        instrument = shipped_instrument(instrument_id)
        matrix = response_matrix(instrument, target, clients)
        n = matrix.shape[0]
        result = analyse(instrument, matrix) if n >= MIN_RESPONDENTS else None
        checks.append(InstrumentCheck(instrument, n, result))
    return checks


def scale_rows(check: InstrumentCheck) -> list[dict[str, Any]]:
    """One row per scale, with its items, ready for the page."""
    if check.analysis is None:
        return []
    rows = []
    for scale in check.instrument.scales:
        found = check.analysis.scales[scale.id]
        rows.append({
            "title": _in_language(scale.title, scale.id),
            "result": found,
            "items": [
                (item_id, found.items[item_id]) for item_id in scale.items
            ],
        })
    return rows
