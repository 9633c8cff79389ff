"""What this app shows on "Mijn overzicht" (see verbinding.web.panels).

Calm on purpose: what happened today and this week, and a way in. No streaks, no
counts of days missed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from verbinding.web.journal import services
from verbinding.web.journal.models import DiaryEntry
from verbinding.web.panels import Panel


def panels(user: Any, today: dt.date) -> list[Panel]:
    week = services.week_start(today)
    reactions = services.weekly_reactions(user, [week])[0]
    context = {
        "card_today": services.read_today(user, today),
        "reactions": reactions,
        "few": services.FEW_REACTIONS,
        "signs_rated": len(services.ratings_for_week(user, week)),
        "last_entry": DiaryEntry.objects.filter(user=user).only("date").first(),
    }
    return [Panel("journal/_panel.html", 30, context)]
