"""What this app shows on "Mijn overzicht" (see verbinding.web.accounts.panels)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from verbinding.web.accounts.panels import Panel


def panels(user: Any, today: dt.date) -> list[Panel]:
    return []
