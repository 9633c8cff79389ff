"""On "Mijn overzicht": a kind reminder to confirm the e-mail address, with a resend."""

from __future__ import annotations

import datetime as dt
from typing import Any

from verbinding.web.panels import Panel


def panels(user: Any, today: dt.date) -> list[Panel]:
    if user.email_verified:
        return []
    return [Panel("accounts/_verify_panel.html", order=0, context={"email": user.email})]
