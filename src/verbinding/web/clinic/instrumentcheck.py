"""How well the questionnaires measure in this clinic's own clients, as aggregates.

One row per consenting client: their latest submitted answers to an instrument (for the
relationship form, the 'in het algemeen' part, which everyone fills in).

Two rules keep one person from being read off the figures:

- Below `MIN_RESPONDENTS` nothing is shown at all: with few people an average can point
  at one.
- The figures are a stored snapshot, recomputed only once at least `NEW_FOR_REFRESH`
  answer sets are in that the snapshot did not have (a newcomer, or someone's retake).
  Two views a person apart therefore show the same figures; between two snapshots at
  least ten people differ, so a difference is a mix of ten or more people, never one.
  On top of that the page shows means and SDs to one decimal only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import get_language

from verbinding.i18n import text_in
from verbinding.measure.instrument import Instrument
from verbinding.measure.reliability import Analysis, analyse
from verbinding.web.assessments import instruments, targets
from verbinding.web.assessments.models import Answer, Assessment
from verbinding.web.clinic.models import InstrumentCheckSnapshot, Sharing

MIN_RESPONDENTS = 20
NEW_FOR_REFRESH = 10
CHECKED = ((targets.STYLES_INSTRUMENT, ""), (targets.RELATION_INSTRUMENT, "algemeen"))


@dataclass(frozen=True)
class InstrumentCheck:
    instrument: Instrument
    n: int  # consenting people with answers now
    analysis: Analysis | None  # the snapshot's figures; None while there is none
    made_at: dt.datetime | None = None
    figures_n: int = 0  # people in the snapshot
    new_since: int = 0  # answer sets the snapshot does not have yet

    @property
    def title(self) -> str:
        return _in_language(self.instrument.title, self.instrument.id)


def _in_language(texts: dict[str, str], fallback: str) -> str:
    """An instrument's text in the active language, else the Dutch, else `fallback`."""
    return text_in(texts, get_language(), fallback)


def consenting_clients() -> set[int]:
    return set(
        Sharing.objects.active().filter(share_profiles=True).values_list("client_id", flat=True)
    )


def latest_assessments(instrument: Instrument, target: str, clients: set[int]) -> list[int]:
    """Each client's latest submitted assessment of `instrument` (its id)."""
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
    return sorted(latest.values())


def response_matrix(instrument: Instrument, assessment_ids: list[int]) -> np.ndarray:
    """Rows: the assessments; columns: the instrument's items."""
    columns = {item.id: j for j, item in enumerate(instrument.items)}
    rows = {assessment_id: i for i, assessment_id in enumerate(assessment_ids)}
    matrix = np.full((len(rows), len(columns)), np.nan)
    for assessment_id, item_id, value in Answer.objects.filter(
        assessment_id__in=list(rows)
    ).values_list("assessment_id", "item_id", "value"):
        if item_id in columns:
            matrix[rows[assessment_id], columns[item_id]] = value
    return matrix


def _snapshot(instrument: Instrument, target: str, current: list[int]) -> tuple[
    InstrumentCheckSnapshot | None, int
]:
    """The snapshot to show (made anew when the rule allows) and how many are new since."""
    snapshot = InstrumentCheckSnapshot.objects.filter(
        instrument_id=instrument.id, instrument_hash=instrument.content_hash, target=target
    ).first()
    new = len(set(current) - set(snapshot.assessment_ids)) if snapshot else len(current)
    if len(current) >= MIN_RESPONDENTS and (snapshot is None or new >= NEW_FOR_REFRESH):
        analysis = analyse(instrument, response_matrix(instrument, current))
        snapshot = InstrumentCheckSnapshot.objects.create(
            instrument_id=instrument.id, instrument_hash=instrument.content_hash,
            target=target, assessment_ids=current, analysis=analysis.model_dump(mode="json"),
        )
        new = 0
    return snapshot, new


def clinic_checks() -> list[InstrumentCheck]:
    clients = consenting_clients()
    checks = []
    for instrument_id, target in CHECKED:
        # The current version: how the questionnaire people get today measures here.
        instrument = instruments.current(instrument_id)
        current = latest_assessments(instrument, target, clients)
        snapshot, new = _snapshot(instrument, target, current)
        if snapshot is None:
            checks.append(InstrumentCheck(instrument, len(current), None))
            continue
        checks.append(InstrumentCheck(
            instrument, len(current), Analysis.model_validate(snapshot.analysis),
            made_at=snapshot.made_at, figures_n=len(snapshot.assessment_ids), new_since=new,
        ))
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
