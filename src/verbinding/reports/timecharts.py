"""Small accessible SVG charts of values over time (weeks or days), in pure Python.

The result charts use matplotlib; these are drawn on every page view of the diary, the
signs and the reaction log, where matplotlib's start-up and drawing time would dominate
the request. So this module writes the few SVG elements by hand and imports no Django.

The API is two functions and three small types::

    line_chart(dates, [Series("Veilig", values, "#2f6b5d")], title=..., y_max=4)
    bar_chart(dates, [Series("Positief", shares)], title=..., y_max=1,
              reference=Reference(0.8, "80 %"), fmt=percent)

`dates` are the x positions (the Monday of each week, or each day with
``period="day"``); each series has one value per date, ``None`` where nothing was
recorded (drawn as a gap, never as zero). Both return a `Chart`: the SVG text (with
``role="img"``, a `<title>` and a `<desc>`) and the same description as plain text, for
a caption or a table summary.

The charts' own words (months, "week of", the text alternative) are Dutch by default;
pass ``language=`` to both functions for another language (gettext for the words, CLDR
for the months). The module's own number formats (`decimal`, `whole`, `percent`) follow
that language too ('2.5', '80%' in English); titles, series labels and reference labels
are the caller's words and arrive as given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from verbinding.i18n import SOURCE_LANGUAGE, gettext
from verbinding.interpret import numbers

Period = Literal["week", "day"]

INK = "#2a2723"
MUTED = "#5f5a52"
GRID = "#e4ddd1"
ACCENT = "#2f6b5d"
# The charts' own words, as gettext msgids (Dutch), translated for the reader.
_WORDS = {
    "week": "week van {date}",
    "no_data": "nog geen gegevens",
    "reference": "Een stippellijn markeert {label}.",
}

# The drawing area, in SVG user units. Narrow on purpose: on a phone the chart is shown
# at about 350 px wide, and the type must stay readable after scaling down.
WIDTH, HEIGHT = 420, 220
LEFT, RIGHT, TOP, BOTTOM = 50, 46, 16, 34
FONT = 14
SMALL = 12
MAX_X_LABELS = 5
LEGEND = 30  # extra room above the plot for the key when there are several series


@dataclass(frozen=True)
class Design:
    """The drawing's width and type. `WIDE` shows at up to 32rem; `PHONE` is drawn about
    as wide as a phone shows it (~300 px), so its type stays at 12 px or more there."""

    name: str
    width: int
    font: int
    small: int
    max_x_labels: int


WIDE = Design("wide", WIDTH, FONT, SMALL, MAX_X_LABELS)
PHONE = Design("phone", 300, 14, 13, 3)


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: a label, a value (or None) per date, a colour."""

    label: str
    values: Sequence[float | None]
    colour: str = ACCENT


@dataclass(frozen=True)
class Reference:
    """A dashed horizontal line, e.g. a direction to grow towards."""

    value: float
    label: str


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str
    phone: str = ""  # the same chart drawn for a phone screen

    def __str__(self) -> str:  # lets a template print the chart with {{ chart }}|safe
        return self.svg

    @property
    def html(self) -> str:
        """Both drawings for a page; the stylesheet shows one by the width of the screen."""
        return both_sizes(self.svg, self.phone)


def both_sizes(wide: str, phone: str) -> str:
    """A wide and a phone drawing of one chart, for the site's stylesheet to pick from
    (`.for-wide`, `.for-phone`); the wide one alone when there is no phone drawing."""
    if not phone:
        return wide
    return f'<div class="for-wide">{wide}</div><div class="for-phone">{phone}</div>'


def decimal(value: float) -> str:
    """One decimal in the source language: 2.5 -> '2,5' (see `in_language`)."""
    return numbers.score(value, SOURCE_LANGUAGE)


def whole(value: float) -> str:
    return numbers.number(value, SOURCE_LANGUAGE, 0)


def percent(value: float) -> str:
    """A share from 0 to 1 as a whole percentage: 0.8 -> '80 %' (see `in_language`)."""
    return numbers.percent(value, SOURCE_LANGUAGE)


_IN_LANGUAGE: dict[Callable[[float], str], Callable[[float, str], str]] = {
    decimal: numbers.score,
    whole: lambda value, language: numbers.number(value, language, 0),
    percent: numbers.percent,
}


def in_language(fmt: Callable[[float], str], language: str) -> Callable[[float], str]:
    """This module's own formats written in `language`; any other format (the caller's
    own) is kept as it is."""
    written = _IN_LANGUAGE.get(fmt)
    if written is None:
        return fmt
    return lambda value: written(value, language)


def _words(language: str) -> dict[str, str]:
    return {key: gettext(text, language) for key, text in _WORDS.items()}


def date_label(day: dt.date, language: str = SOURCE_LANGUAGE) -> str:
    """'3 mrt' ('3 Mar' in English): short enough to sit under a bar."""
    return numbers.when(day, language, "short_day_month")


def date_words(day: dt.date, period: Period = "week", language: str = SOURCE_LANGUAGE) -> str:
    """'week van 3 maart 2025' or '3 maart 2025' ('week of 3 March 2025' in English), for
    the text alternative."""
    date = numbers.long_date(day, language)
    return _words(language)["week"].format(date=date) if period == "week" else date


def line_chart(
    dates: Sequence[dt.date],
    series: Sequence[Series],
    *,
    title: str,
    y_max: float,
    y_min: float = 0.0,
    y_ticks: Sequence[float] | None = None,
    fmt: Callable[[float], str] = decimal,
    reference: Reference | None = None,
    period: Period = "week",
    language: str = SOURCE_LANGUAGE,
) -> Chart:
    """Lines through the values per date; a lone value between gaps is drawn as a dot."""
    _check(dates, series)
    fmt = in_language(fmt, language)
    alt = _alt(dates, series, title, fmt, reference, period, language)

    def draw(design: Design) -> str:
        frame = _Frame(dates, y_min, y_max, legend=len(series) > 1, design=design)
        parts = _axes(frame, y_ticks, fmt, reference, language)
        for s in series:
            parts.extend(_line(frame, s))
        return _svg(title, alt, parts, series, design)

    return Chart(draw(WIDE), alt, draw(PHONE))


def bar_chart(
    dates: Sequence[dt.date],
    series: Sequence[Series],
    *,
    title: str,
    y_max: float | None = None,
    y_ticks: Sequence[float] | None = None,
    fmt: Callable[[float], str] = whole,
    reference: Reference | None = None,
    period: Period = "week",
    language: str = SOURCE_LANGUAGE,
) -> Chart:
    """Bars per date, side by side when there are several series.

    Without `y_max` the axis runs to the largest value (at least 1), for counts; there a
    zero gets no number above it (an empty slot reads as none). With `y_max` every value
    is labelled, since 0 % is not the same as no data.
    """
    _check(dates, series)
    fmt = in_language(fmt, language)
    top = y_max if y_max is not None else _nice_max(series)
    ticks = y_ticks if y_ticks is not None else _count_ticks(top)
    alt = _alt(dates, series, title, fmt, reference, period, language)

    def draw(design: Design) -> str:
        frame = _Frame(dates, 0.0, top, legend=len(series) > 1, design=design)
        parts = _axes(frame, ticks, fmt, reference, language)
        for index, s in enumerate(series):
            parts.extend(_bars(frame, s, index, len(series), fmt, label_zero=y_max is not None,
                               avoid=None if reference is None else frame.y(reference.value)))
        return _svg(title, alt, parts, series, design)

    return Chart(draw(WIDE), alt, draw(PHONE))


# ---------------------------------------------------------------- layout


class _Frame:
    """Maps (index of date, value) to SVG coordinates."""

    def __init__(
        self, dates: Sequence[dt.date], y_min: float, y_max: float, legend: bool = False,
        design: Design = WIDE,
    ) -> None:
        if y_max <= y_min:
            raise ValueError("y_max moet groter zijn dan y_min")
        self.design = design
        self.dates = list(dates)
        self.y_min, self.y_max = y_min, y_max
        self.top = TOP + (LEGEND if legend else 0)
        self.plot_w = design.width - LEFT - RIGHT
        self.plot_h = HEIGHT - self.top - BOTTOM
        self.slot = self.plot_w / max(len(self.dates), 1)

    def x(self, index: int) -> float:
        return LEFT + self.slot * (index + 0.5)

    def y(self, value: float) -> float:
        clipped = min(max(value, self.y_min), self.y_max)
        share = (clipped - self.y_min) / (self.y_max - self.y_min)
        return self.top + self.plot_h * (1 - share)


def _check(dates: Sequence[dt.date], series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != len(dates):
            raise ValueError(f"reeks '{s.label}' heeft {len(s.values)} waarden voor "
                             f"{len(dates)} datums")


def _nice_max(series: Sequence[Series]) -> float:
    largest = max((v for s in series for v in s.values if v is not None), default=0.0)
    return float(max(1, int(largest) + (0 if largest == int(largest) else 1)))


def _count_ticks(top: float) -> list[float]:
    step = max(1, round(top / 4))
    return [float(v) for v in range(0, int(top) + 1, step)]


def _axes(
    frame: _Frame,
    y_ticks: Sequence[float] | None,
    fmt: Callable[[float], str],
    reference: Reference | None,
    language: str = SOURCE_LANGUAGE,
) -> list[str]:
    ticks = y_ticks if y_ticks is not None else [frame.y_min, frame.y_max]
    design = frame.design
    font = design.font
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(_hline(y, GRID, width=design.width))
        parts.append(_text(LEFT - 6, y + font * 0.35, fmt(tick), "end", MUTED, size=font))
    # ceil: at most max_x_labels labels
    step = max(1, -(-len(frame.dates) // design.max_x_labels))
    last = len(frame.dates) - 1
    for index, day in enumerate(frame.dates):
        if (last - index) % step == 0:  # always label the newest date
            parts.append(_text(frame.x(index), HEIGHT - 12, date_label(day, language), "middle",
                               MUTED, size=font))
    if reference is not None:
        y = frame.y(reference.value)
        parts.append(_hline(y, INK, dash=True, width=design.width))
        # In the right margin, so it never collides with a bar's value label.
        parts.append(_text(design.width - RIGHT + 5, y + font * 0.35, reference.label, "start",
                           INK, size=font))
    return parts


def _line(frame: _Frame, series: Series) -> list[str]:
    colour = quoteattr(series.colour)
    parts: list[str] = []
    run: list[tuple[float, float]] = []
    for index, value in [*enumerate(series.values), (len(series.values), None)]:
        if value is not None:
            run.append((frame.x(index), frame.y(value)))
            continue
        if len(run) > 1:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(f'<polyline points="{points}" fill="none" stroke={colour} '
                         'stroke-width="2.5" stroke-linejoin="round"/>')
        run = []
    for index, value in enumerate(series.values):
        if value is not None:
            parts.append(f'<circle cx="{frame.x(index):.1f}" cy="{frame.y(value):.1f}" '
                         f'r="3.5" fill={colour}/>')
    return parts


def _bars(
    frame: _Frame,
    series: Series,
    index: int,
    count: int,
    fmt: Callable[[float], str],
    label_zero: bool,
    avoid: float | None = None,
) -> list[str]:
    """The bars of one series, each with its value above it, lifted above the dashed
    reference line at `avoid` where it would otherwise be struck through by it."""
    group = frame.slot * 0.7
    width = group / count
    parts = []
    base = frame.y(frame.y_min)
    show_values = len(frame.dates) * count <= 16  # room for a number above each bar
    for position, value in enumerate(series.values):
        if value is None:
            continue
        x = frame.x(position) - group / 2 + width * index
        y = frame.y(value)
        height = max(base - y, 0.0)
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width * 0.92:.1f}" '
                     f'height="{height:.1f}" fill={quoteattr(series.colour)} rx="2"/>')
        if show_values and (value or label_zero):
            size = frame.design.small
            baseline = y - 4
            if avoid is not None and baseline - size < avoid + 3 and baseline > avoid - 3:
                baseline = avoid - 4  # just above the dashed line, not struck through
            parts.append(_text(x + width * 0.46, baseline, fmt(value), "middle", INK,
                               size=size))
    return parts


def _hline(y: float, colour: str, dash: bool = False, width: int = WIDTH) -> str:
    extra = ' stroke-dasharray="6 4" stroke-width="1.5"' if dash else ' stroke-width="1"'
    return (f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - RIGHT}" y2="{y:.1f}" '
            f'stroke="{colour}"{extra}/>')


def _text(x: float, y: float, words: str, anchor: str, colour: str, size: int = FONT) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{colour}">{escape(words)}</text>')


# ---------------------------------------------------------------- words and wrapper


def _alt(
    dates: Sequence[dt.date],
    series: Sequence[Series],
    title: str,
    fmt: Callable[[float], str],
    reference: Reference | None,
    period: Period,
    language: str = SOURCE_LANGUAGE,
) -> str:
    words = _words(language)
    sentences = [title.rstrip(".") + "."]
    for s in series:
        shown = [f"{date_words(d, period, language)}: {fmt(v)}"
                 for d, v in zip(dates, s.values, strict=True) if v is not None]
        if shown:
            sentences.append(f"{s.label}: " + "; ".join(shown) + ".")
        else:
            sentences.append(f"{s.label}: {words['no_data']}.")
    if reference is not None:
        sentences.append(str(words["reference"]).format(label=reference.label))
    return " ".join(sentences)


def _svg(
    title: str, alt: str, parts: list[str], series: Sequence[Series], design: Design = WIDE
) -> str:
    # Ids must be unique on a page with several charts; a hash of the content keeps the
    # same chart byte-for-byte stable between requests. The phone drawing of the same
    # chart is on the page too, so its ids differ by a prefix.
    key = hashlib.sha1((title + alt).encode("utf-8")).hexdigest()[:10]
    if design is not WIDE:
        key = design.name + key
    legend = _legend(series, design.small) if len(series) > 1 else []
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {design.width} {HEIGHT}" '
        + ("" if design is WIDE else f'class="chart-{design.name}" ')
        + f'role="img" aria-labelledby="t{key}" aria-describedby="d{key}" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        f'<title id="t{key}">{escape(title)}</title><desc id="d{key}">{escape(alt)}</desc>'
        + "".join(parts + legend)
        + "</svg>"
    )


def _legend(series: Sequence[Series], size: int = SMALL) -> list[str]:
    parts = []
    x = LEFT + 4.0
    for s in series:
        parts.append(f'<rect x="{x:.1f}" y="{TOP - 2}" width="12" height="12" rx="2" '
                     f'fill={quoteattr(s.colour)}/>')
        parts.append(_text(x + 17, TOP + 8.5, s.label, "start", INK, size=size))
        x += 30 + 7 * size / SMALL * len(s.label)
    return parts
