"""The journal's charts, drawn with `verbinding.reports.timecharts` from service data."""

from __future__ import annotations

import datetime as dt

from verbinding.content import library
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


def share_chart(weeks: list[WeekReactions]) -> Chart:
    shares = [w.share for w in weeks]
    return bar_chart(
        [w.week for w in weeks],
        [Series("Positieve reacties", shares, STYLE_COLOURS["veilig"])],
        title="Aandeel positieve reacties per week",
        y_max=1.0,
        y_ticks=[0.0, 0.25, 0.5, 0.75, 1.0],
        fmt=percent,
        reference=Reference(SECURE_SHARE, "80 %"),
    )


def repair_chart(weeks: list[WeekReactions]) -> Chart:
    dates = [w.week for w in weeks]
    return bar_chart(
        dates,
        [
            Series("Zelf begonnen", [w.repair_started for w in weeks], STYLE_COLOURS["vermijdend"]),
            Series("Aangenomen", [w.repair_received for w in weeks], RECEIVED_COLOUR),
        ],
        title="Herstelpogingen per week",
    )


def trend_chart(trend: StyleTrend) -> Chart:
    style = library().styles[trend.style_id]
    return line_chart(
        trend.weeks,
        [Series(style.short_name, trend.means, STYLE_COLOURS[trend.style_id])],
        title=f"Tekenen van groei, {style.short_name.lower()}: gemiddelde per week (0 tot 4)",
        y_max=4.0,
        y_ticks=[0.0, 1.0, 2.0, 3.0, 4.0],
        fmt=decimal,
    )


def card_chart(counts: list[tuple[dt.date, int]]) -> Chart:
    return bar_chart(
        [day for day, _ in counts],
        [Series("Keer gelezen", [float(n) for _, n in counts], STYLE_COLOURS["veilig"])],
        title="Hoe vaak je de dagkaart las, per dag",
        period="day",
    )
