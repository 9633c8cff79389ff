"""What each journal page shows: contexts built from the services and the content."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import get_language

from verbinding.content import library
from verbinding.interpret import numbers
from verbinding.web.journal import charts, services
from verbinding.web.journal.forms import DiaryEntryForm
from verbinding.web.journal.models import InteractionKind


def emotion_groups(form: DiaryEntryForm) -> dict[str, Any]:
    """The emotion word checkboxes, grouped as in the content, with their checked state."""
    chosen = set(form["words"].value() or [])
    groups = [
        {
            "group": group,
            "words": [{"word": w, "checked": w in chosen} for w in group.words],
        }
        for group in library().emotion_words.groups
    ]
    return {"emotion_groups": groups, "emotion_intro": library().emotion_words.intro}


# ---------------------------------------------------------------- signs


def signs_context(user: Any, monday: dt.date, today: dt.date) -> dict[str, Any]:
    current = services.week_start(today)
    rated = services.ratings_for_week(user, monday)
    opened = services.default_open_styles(user)
    styles = []
    for style in library().styles.values():
        signs = [{"sign": s, "value": rated.get(s.id)} for s in style.signs]
        count = sum(1 for s in signs if s["value"] is not None)
        styles.append({"style": style, "signs": signs, "rated": count,
                       "open": style.id in opened or count > 0})
    previous = monday - dt.timedelta(weeks=1)
    following = monday + dt.timedelta(weeks=1)
    return {
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "is_current": monday == current,
        "previous": previous,
        "following": following if following <= current else None,
        "styles": styles,
        "labels": services.rating_labels(),
        "has_selftest": bool(services.latest_scores(user)),
        "rated_weeks": services.rated_weeks(user)[:12],
    }


def progress_context(user: Any, today: dt.date) -> dict[str, Any]:
    weeks = services.recent_weeks(today, 12)
    trends = [t for t in services.style_trends(user, weeks) if t.has_data]
    shown = [
        {"style": library().styles[t.style_id], "chart": charts.trend_chart(t),
         "rows": [(w, m) for w, m in zip(t.weeks, t.means, strict=True) if m is not None]}
        for t in trends
    ]
    return {"trends": shown, "labels": services.rating_labels()}


# ---------------------------------------------------------------- reactions


def reactions_context(user: Any, today: dt.date) -> dict[str, Any]:
    weeks = services.weekly_reactions(user, services.recent_weeks(today))
    this_week = weeks[-1]
    return {
        "kinds": InteractionKind,
        "this_week": this_week,
        "weeks": weeks,
        "any_data": any(w.n or w.repair_started or w.repair_received for w in weeks),
        "share_chart": charts.share_chart(weeks),
        "repair_chart": charts.repair_chart(weeks),
        "few": services.FEW_REACTIONS,
        "secure_share": numbers.percent_figure(services.SECURE_SHARE, get_language()),
    }


# ---------------------------------------------------------------- daily card


def card_context(user: Any, today: dt.date, next_url: str = "/dagkaart/") -> dict[str, Any]:
    counts = services.card_counts(user, today)
    return {
        "card_today": counts[-1][1],
        "card_counts": counts,
        "card_days_read": sum(1 for _, n in counts if n),
        "card_chart": charts.card_chart(counts),
        "next_url": next_url,
    }
