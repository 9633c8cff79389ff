"""What this app shows on "Mijn overzicht" (see verbinding.web.panels)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from verbinding.web.panels import Panel
from verbinding.web.reminders.models import ReminderSettings
from verbinding.web.reminders.services import describe_slots


def panels(user: Any, today: dt.date) -> list[Panel]:
    reminders = ReminderSettings.objects.filter(user=user).first()
    context: dict[str, Any] = {
        "card_times": list(reminders.card_times) if reminders else [],
        "practice": describe_slots(reminders.practice_slots) if reminders else [],
        "email": bool(reminders and reminders.email_enabled),
        "feed": bool(reminders and reminders.feed_token_hash),
    }
    context["any"] = bool(context["card_times"] or context["practice"])
    return [Panel("reminders/_panel.html", 60, context)]
