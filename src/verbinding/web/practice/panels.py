"""What this app shows on "Mijn overzicht" (see verbinding.web.panels).

"Vandaag" lists the plan items that still have room this week, as an invitation: no
streaks, no counts of what was missed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from verbinding.content import library
from verbinding.web.panels import Panel
from verbinding.web.practice import services
from verbinding.web.practice.models import PlanItem, PracticeSession

RECENT = 3
TODAY_AT_MOST = 4  # a short list invites; a long one weighs


def panels(user: Any, today: dt.date) -> list[Panel]:
    exercises = library().exercises()
    open_items = [
        (item, left, exercises[item.exercise_id])
        for item, left in services.open_this_week(user, today)
        if item.exercise_id in exercises
    ]
    recent = [
        (session, exercises.get(session.exercise_id))
        for session in PracticeSession.objects.filter(user=user)[:RECENT]
    ]
    has_plan = PlanItem.objects.filter(user=user, active=True).exists()
    found = [Panel("practice/_panel_today.html", 20, {
        "open": open_items[:TODAY_AT_MOST],
        "more": len(open_items) - len(open_items[:TODAY_AT_MOST]),
        "has_plan": has_plan,
    })]
    if recent:
        found.append(Panel("practice/_panel_recent.html", 25, {"recent": recent}))
    return found
