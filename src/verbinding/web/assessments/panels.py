"""The latest profile and the retake suggestion on "Mijn overzicht"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from verbinding.web.accounts.panels import Panel
from verbinding.web.assessments.models import SelfTest

RETAKE_AFTER_DAYS = 30


def panels(user: Any, today: dt.date) -> list[Panel]:
    owned = SelfTest.objects.filter(owner=user).order_by("-submitted_at", "-created_at")
    finished = [s for s in owned if s.submitted_at is not None]
    unfinished = [s for s in owned if s.submitted_at is None]
    latest = finished[0] if finished else None
    days = (today - latest.submitted_at.date()).days if latest else None
    context = {
        "latest": latest,
        "unfinished": unfinished[:1],
        "count": len(finished),
        "days_since": days,
        "retake_due": days is not None and days >= RETAKE_AFTER_DAYS,
        "can_compare": len(finished) >= 2,
    }
    return [Panel("assessments/_panel.html", 10, context)]
