"""What the clinic adds to "Mijn overzicht": a therapist's question, and who looks along."""

from __future__ import annotations

import datetime as dt
from typing import Any

from verbinding.web.accounts.models import Role
from verbinding.web.clinic.models import Sharing
from verbinding.web.clinic.services import open_retake_requests
from verbinding.web.panels import Panel


def panels(user: Any, today: dt.date) -> list[Panel]:
    if user.role != Role.CLIENT:
        return []
    sharings = list(Sharing.objects.active().filter(client=user).select_related("therapist"))
    if not sharings:
        return []
    context = {
        "therapists": [s.therapist.greeting_name for s in sharings],
        "retakes": open_retake_requests(user),
    }
    return [Panel("clinic/_panel.html", 5, context)]
