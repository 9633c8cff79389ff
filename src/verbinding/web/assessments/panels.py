"""The latest profile and the retake suggestion on "Mijn overzicht"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from verbinding.web.assessments.models import SelfTest, SelfTestReport
from verbinding.web.assessments.pagecache import result_charts
from verbinding.web.panels import Panel

RETAKE_AFTER_DAYS = 30


def panels(user: Any, today: dt.date) -> list[Panel]:
    finished = SelfTest.objects.submitted_by(user)
    count = finished.count()
    unfinished = SelfTest.objects.filter(owner=user, submitted_at__isnull=True).order_by(
        "-created_at"
    )[:1]
    latest = finished.last()
    days = (today - latest.submitted_at.date()).days if latest and latest.submitted_at else None
    # The chart in the reader's language, which may not be the one the test was taken in.
    charts: dict[str, str] = {}
    if latest is not None and SelfTestReport.objects.filter(selftest=latest).exists():
        charts = result_charts(latest, get_language() or settings.LANGUAGE_CODE, with_plane=False)
    context = {
        "latest": latest,
        "charts": charts,
        "unfinished": list(unfinished),
        "count": count,
        "days_since": days,
        "retake_due": days is not None and days >= RETAKE_AFTER_DAYS,
        "can_compare": count >= 2,
    }
    return [Panel("assessments/_panel.html", 10, context)]
