"""The rules of the journal: weeks, shares, means and counts, kept out of the views.

Weeks start on Monday (ISO weeks) in the site's time zone (Europe/Amsterdam): a reaction
logged on Sunday at 23:59 belongs to that week, one at Monday 00:00 to the next. Rows are
bucketed in Python after converting to local time, so daylight-saving changes never move
a row into the wrong day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from verbinding import interpret
from verbinding.content import library
from verbinding.interpret import STYLE_ORDER as STYLE_IDS
from verbinding.web.journal.models import (
    RATING_MAX,
    CardReading,
    Interaction,
    InteractionKind,
    SignRating,
)

# The article: people with a secure style react positively to their partner about 80 %
# of the time. A direction to grow towards, shown as a line, never as a pass mark.
SECURE_SHARE = 0.8
# Below this many reactions in a week a share says little; the page says so.
FEW_REACTIONS = 10
CHART_WEEKS = 8
CARD_DAYS = 14
# The Dutch words (the msgids); `rating_labels()` gives them in the active language.
RATING_LABELS = (
    gettext_noop("nog niet"),
    gettext_noop("een beetje"),
    gettext_noop("soms"),
    gettext_noop("vaak"),
    gettext_noop("bijna altijd"),
)


def rating_labels() -> list[tuple[int, str]]:
    """(value, label) for each answer, in the active language."""
    return [(value, _(label)) for value, label in enumerate(RATING_LABELS)]


class InputError(ValueError):
    """Input a person could not have sent from our form; `str()` is one sentence, in the
    language of the request."""


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def recent_weeks(today: dt.date, count: int = CHART_WEEKS) -> list[dt.date]:
    """The Mondays of the last `count` weeks, oldest first, ending with this week."""
    this_week = week_start(today)
    return [this_week - dt.timedelta(weeks=n) for n in range(count - 1, -1, -1)]


def _start_of(day: dt.date) -> dt.datetime:
    """Local midnight at the start of `day`, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# ---------------------------------------------------------------- reactions


@dataclass(frozen=True)
class WeekReactions:
    week: dt.date
    positive: int = 0
    negative: int = 0
    repair_started: int = 0
    repair_received: int = 0

    @property
    def n(self) -> int:
        return self.positive + self.negative

    @property
    def share(self) -> float | None:
        return positive_share(self.positive, self.negative)

    @property
    def few(self) -> bool:
        return self.n < FEW_REACTIONS


def positive_share(positive: int, negative: int) -> float | None:
    """positive / (positive + negative); None when there is nothing to divide."""
    total = positive + negative
    return positive / total if total else None


def weekly_reactions(user: Any, weeks: list[dt.date]) -> list[WeekReactions]:
    """Counts per kind for each week in `weeks` (Mondays, oldest first)."""
    if not weeks:
        return []
    rows = Interaction.objects.filter(
        user=user,
        occurred_at__gte=_start_of(weeks[0]),
        occurred_at__lt=_start_of(weeks[-1] + dt.timedelta(weeks=1)),
    ).values_list("occurred_at", "kind")
    counts: Counter[tuple[dt.date, str]] = Counter(
        (week_start(local_date(at)), kind) for at, kind in rows
    )
    return [
        WeekReactions(week, *(counts[(week, kind)] for kind in InteractionKind.values))
        for week in weeks
    ]


def log_interaction(user: Any, kind: str) -> Interaction:
    if kind not in InteractionKind.values:
        raise InputError(
            _("Die knop kennen we niet. Laad de pagina opnieuw en probeer het nog eens."))
    return Interaction.objects.create(user=user, kind=kind)


def undo_last_interaction(user: Any) -> Interaction | None:
    """Remove the person's most recent tap; None when there is nothing to undo."""
    last = Interaction.objects.filter(user=user).order_by("-occurred_at", "-id").first()
    if last is not None:
        last.delete()
    return last


# ---------------------------------------------------------------- card readings


def card_counts(user: Any, today: dt.date, days: int = CARD_DAYS) -> list[tuple[dt.date, int]]:
    """How often the card was read on each of the last `days` days, oldest first."""
    first = today - dt.timedelta(days=days - 1)
    moments = CardReading.objects.filter(
        user=user, read_at__gte=_start_of(first), read_at__lt=_start_of(today + dt.timedelta(1))
    ).values_list("read_at", flat=True)
    counts = Counter(local_date(at) for at in moments)
    return [(first + dt.timedelta(n), counts[first + dt.timedelta(n)]) for n in range(days)]


def read_today(user: Any, today: dt.date) -> int:
    return card_counts(user, today, days=1)[0][1]


# ---------------------------------------------------------------- signs of improvement


def parse_week(text: str) -> dt.date:
    """A week from the address, 'YYYY-MM-DD' (any day of it); InputError otherwise."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            _("Deze week kunnen we niet lezen. Gebruik een datum als 2025-03-03.")
        ) from None
    if len(text) != 10:  # fromisoformat also takes '20250303'; one spelling only
        raise InputError(_("Deze week kunnen we niet lezen. Gebruik een datum als 2025-03-03."))
    return week_start(day)


def ratings_for_week(user: Any, week: dt.date) -> dict[str, int]:
    rows = SignRating.objects.filter(user=user, week=week).values_list("sign_id", "value")
    return dict(rows)


def parse_ratings(data: Mapping[str, str]) -> dict[str, int]:
    """Read `sign-<id>` fields from a posted form; anything tampered is an InputError.

    A sign left empty is simply not rated (nothing is stored for it).
    """
    known = library().signs()
    ratings: dict[str, int] = {}
    for key, raw in data.items():
        if not key.startswith("sign-"):
            continue
        sign_id = key.removeprefix("sign-")
        if sign_id not in known:
            raise InputError(_("Een van de zinnen kennen we niet. Laad de pagina opnieuw."))
        if raw == "":
            continue
        if raw not in {str(v) for v in range(RATING_MAX + 1)}:
            raise InputError(_("Kies bij elke zin een antwoord van 0 tot en met %(most)d.")
                             % {"most": RATING_MAX})
        ratings[sign_id] = int(raw)
    return ratings


def save_ratings(user: Any, week: dt.date, ratings: Mapping[str, int]) -> int:
    """Store this week's ratings in one transaction (all or nothing)."""
    with transaction.atomic():
        for sign_id, value in ratings.items():
            SignRating.objects.update_or_create(
                user=user, week=week, sign_id=sign_id, defaults={"value": value}
            )
    return len(ratings)


@dataclass(frozen=True)
class StyleTrend:
    style_id: str
    weeks: list[dt.date]
    means: list[float | None]

    @property
    def has_data(self) -> bool:
        return any(m is not None for m in self.means)


def style_trends(user: Any, weeks: list[dt.date]) -> list[StyleTrend]:
    """Per style, the mean of that week's rated signs (None for a week without ratings)."""
    sign_style = {sign_id: style.id for sign_id, (style, _sign) in library().signs().items()}
    rows = SignRating.objects.filter(user=user, week__in=weeks).values_list(
        "week", "sign_id", "value"
    )
    values: dict[tuple[str, dt.date], list[int]] = {}
    for week, sign_id, value in rows:
        style_id = sign_style.get(sign_id)
        if style_id:  # a sign removed from the content no longer counts
            values.setdefault((style_id, week), []).append(value)
    trends = []
    for style_id in STYLE_IDS:
        means = [_mean(values.get((style_id, week))) for week in weeks]
        trends.append(StyleTrend(style_id, weeks, means))
    return trends


def _mean(values: list[int] | None) -> float | None:
    return sum(values) / len(values) if values else None


def rated_weeks(user: Any) -> list[tuple[dt.date, int]]:
    """Weeks with ratings, newest first, with how many signs were rated."""
    counts = Counter(SignRating.objects.filter(user=user).values_list("week", flat=True))
    return sorted(counts.items(), reverse=True)


def default_open_styles(user: Any) -> list[str]:
    """Styles to show unfolded: veilig, the highest non-secure styles, and any already rated.

    The highest non-secure style of the latest submitted self-test is always open; others
    too when they score high. Without a self-test only veilig (and rated styles) open.
    """
    opened = {"veilig"}
    opened.update(_high_styles(latest_scores(user)))
    sign_style = {sign_id: style.id for sign_id, (style, _sign) in library().signs().items()}
    rated = SignRating.objects.filter(user=user).values_list("sign_id", flat=True).distinct()
    opened.update(sign_style[s] for s in rated if s in sign_style)
    return [s for s in STYLE_IDS if s in opened]


def _high_styles(scores: Mapping[str, float]) -> list[str]:
    return interpret.standing_out(scores)


def latest_scores(user: Any) -> dict[str, float]:
    """Style means of the person's latest submitted self-test; empty without one."""
    from verbinding.web.assessments.models import SelfTest
    from verbinding.web.assessments.targets import STYLES_INSTRUMENT

    latest = SelfTest.objects.submitted_by(user).last()
    if latest is None:
        return {}
    assessment = (
        latest.assessments.filter(instrument_id=STYLES_INSTRUMENT, result__isnull=False)
        .select_related("result")
        .first()
    )
    if assessment is None:
        return {}
    stored = assessment.result.scores
    return {
        s: float(stored[s]["score"])
        for s in STYLE_IDS
        if isinstance(stored.get(s), dict) and stored[s].get("score") is not None
    }


def styles_in_order(ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    return [s for s in STYLE_IDS if s in wanted]
