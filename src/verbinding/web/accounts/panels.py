"""The parts of "Mijn overzicht": each app says what it has to show for a person today.

An app offers ``panels(user, today) -> list[Panel]`` in its own ``panels`` module; the
overview only puts them in order. Nothing here knows the apps' tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

PROVIDERS = (
    "verbinding.web.accounts.verifypanel",
    "verbinding.web.assessments.panels",
    "verbinding.web.practice.panels",
    "verbinding.web.journal.panels",
    "verbinding.web.reminders.panels",
    "verbinding.web.clinic.panels",
)


@dataclass(frozen=True)
class Panel:
    template: str
    order: int  # smaller first
    context: dict[str, Any] = field(default_factory=dict)


def panels_for(user: Any, today: dt.date) -> list[Panel]:
    found: list[Panel] = []
    for name in PROVIDERS:
        found.extend(import_module(name).panels(user, today))
    return sorted(found, key=lambda panel: panel.order)
