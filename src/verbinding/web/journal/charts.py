"""The journal's charts, drawn with `verbinding.reports.timecharts` from service data."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verbinding.content import library
from verbinding.interpret import numbers
from verbinding.reports.timecharts import (
    Chart,
    Reference,
    Series,
    bar_chart,
    decimal,
    line_chart,
    percent,
)
from verbinding.web.journal.services import SECURE_SHARE, StyleTrend, WeekReactions

STYLE_COLOURS = {
    "veilig": "#2f6b5d",
    "vermijdend": "#3d5f86",
    "angstig": "#8a5a12",
    "chaotisch": "#7a3f6e",
}
RECEIVED_COLOUR = "#b77b32"


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


def share_chart(weeks: list[WeekReactions]) -> Chart:
    shares = [w.share for w in weeks]
    return bar_chart(
        [w.week for w in weeks],
        [Series(_("Positieve reacties"), shares, STYLE_COLOURS["veilig"])],
        title=_("Aandeel positieve reacties per week"),
        y_max=1.0,
        y_ticks=[0.0, 0.25, 0.5, 0.75, 1.0],
        fmt=percent,
        reference=Reference(SECURE_SHARE, numbers.percent(SECURE_SHARE, _language())),
        language=_language(),
    )


def repair_chart(weeks: list[WeekReactions]) -> Chart:
    dates = [w.week for w in weeks]
    return bar_chart(
        dates,
        [
            Series(_("Zelf begonnen"), [w.repair_started for w in weeks],
                   STYLE_COLOURS["vermijdend"]),
            Series(_("Aangenomen"), [w.repair_received for w in weeks], RECEIVED_COLOUR),
        ],
        title=_("Herstelpogingen per week"),
        language=_language(),
    )


def trend_chart(trend: StyleTrend) -> Chart:
    style = library().styles[trend.style_id]
    return line_chart(
        trend.weeks,
        [Series(style.short_name, trend.means, STYLE_COLOURS[trend.style_id])],
        title=_("Tekenen van groei, %(style)s: gemiddelde per week (0 tot 4)")
        % {"style": style.short_name.lower()},
        y_max=4.0,
        y_ticks=[0.0, 1.0, 2.0, 3.0, 4.0],
        fmt=decimal,
        language=_language(),
    )


def card_chart(counts: list[tuple[dt.date, int]]) -> Chart:
    return bar_chart(
        [day for day, _count in counts],
        [Series(_("Keer gelezen"), [float(n) for _day, n in counts], STYLE_COLOURS["veilig"])],
        title=_("Hoe vaak je de dagkaart las, per dag"),
        period="day",
        language=_language(),
    )
