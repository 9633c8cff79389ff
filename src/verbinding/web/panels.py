"""The parts of "Mijn overzicht": each app says what it has to show for a person today.

An app registers its ``panels(user, today) -> list[Panel]`` in its ``AppConfig.ready()``;
the overview (accounts) asks this registry and only puts the panels in order. So the
apps do not import the overview, the overview imports none of them, and nothing is
found by a dotted string.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    order: int  # smaller first
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[Any, dt.date], list[Panel]]

# By app label: registering again (ready() may run more than once in tests) replaces.
_providers: dict[str, Provider] = {}


def register(app_label: str, provider: Provider) -> None:
    _providers[app_label] = provider


def panels_for(user: Any, today: dt.date) -> list[Panel]:
    found: list[Panel] = []
    for provider in _providers.values():
        found.extend(provider(user, today))
    return sorted(found, key=lambda panel: panel.order)
