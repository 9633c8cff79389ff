"""Charts of a result as small, inlinable, accessible SVG.

The same SVG goes into the result page and into the PDF. We use matplotlib's
object-oriented API (a `Figure` with the SVG canvas), never pyplot, so no global figure
state is shared between requests. The few rcParams the SVG writer reads at draw time
(text stays text, stable ids) are applied under a lock.
"""

from __future__ import annotations

import io
import re
import textwrap
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast
from xml.sax.saxutils import escape, quoteattr

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from verbinding.i18n import SOURCE_LANGUAGE, gettext
from verbinding.interpret import numbers
from verbinding.reports.data import RelationPoint, ScoreBand, StyleProfileView

STYLE_COLOURS = {
    "veilig": "#2f6b5d",
    "vermijdend": "#3d5f86",
    "angstig": "#8a5a12",
    "chaotisch": "#7a3f6e",
}
STYLE_TITLES = {
    "veilig": "Veilig",
    "vermijdend": "Vermijdend",
    "angstig": "Angstig",
    "chaotisch": "Chaotisch",
}
# The charts' own words, as gettext msgids (Dutch); `_words` translates them for the
# reader. Names and scale titles arrive in the data, already in the reader's language.
_WORDS: dict[str, Any] = {
    "styles": STYLE_TITLES,
    "unscorable": "niet te berekenen",
    "band": "{score} (90 %-band {low} tot {high})",
    "profile_axis": "gemiddelde score, 1 (past niet) tot 7 (past sterk)",
    "profile_alt": "Profiel over de vier verbindingsstijlen, elk als gemiddelde op een "
                   "schaal van 1 tot 7: ",
    "plane_x": "vermijding →",
    "plane_y": "angst →",
    "plane_key": "Lijnen: 90 %-band. Open rondje: dicht bij een grens tussen twee stijlen.",
    "plane_alt": "Vlak met vermijding van links naar rechts en angst van onder naar boven, "
                 "beide op een schaal van 1 tot 7, met een 90 %-band per relatie.",
    "plane_empty": " Er zijn nog geen relaties gemeten.",
    "plane_point": "{label}: angst {anxiety}, vermijding {avoidance}",
    "plane_quadrant": ", vlak {quadrant}",
    "plane_borderline": ", dicht bij een grens",
}


def _words(language: str) -> dict[str, Any]:
    return {
        key: ({k: gettext(v, language) for k, v in value.items()}
              if isinstance(value, dict) else gettext(value, language))
        for key, value in _WORDS.items()
    }


INK = "#2a2723"
MUTED = "#5f5a52"
LINE = "#e4ddd1"
SCALE_MIN, SCALE_MAX = 1.0, 7.0
MAX_LABEL = 22
PLANE_LIMITS = (0.5, 7.5)  # the scale plus a margin for the quadrant names

_RC: dict[str, Any] = {
    "text.parse_math": False,  # a "$" in a name is a dollar sign, not mathematics
    "svg.fonttype": "none",  # text stays text: small, searchable, uses the page's fonts
    "svg.hashsalt": "verbinding",  # stable ids, so the same result gives the same bytes
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Verdana", "Arial"],
    "font.size": 10,
    "axes.edgecolor": LINE,
    "axes.labelcolor": MUTED,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "text.color": INK,
}
_METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}
_LOCK = threading.Lock()
Box = tuple[float, float, float, float]
_DECIMALS = re.compile(r"(\d+\.\d\d)\d+")
_FONT_FAMILY = re.compile(r"font-family: [^;\"]*(; )?")
_GROUP_ID = re.compile(r'<g id="[^"]*">')
_PATH_BREAKS = re.compile(r" ?\n(?=[A-Za-z\"])")
_NO_ROTATION = re.compile(r' transform="rotate\(-?0 [^)]*\)"')
_INDENT = re.compile(r">\s+<")
# An id, or a reference to one: id="x", href="#x", xlink:href="#x", url(#x).
_ID_USE = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"(<defs>)?<style[^>]*>.*?</style>(</defs>)?", re.S)
# matplotlib's one style rule (`*{stroke-linejoin: round; stroke-linecap: butt}`), as
# inherited attributes on the root.
_ROOT_LINES = ' stroke-linejoin="round" stroke-linecap="butt"'
# Declared once on the root element and inherited by every text.
FONT_STACK = "DejaVu Sans, Verdana, Arial, sans-serif"


@dataclass(frozen=True)
class Layout:
    """Sizes of one design of the two result charts: inches for the figures, points for
    the type (one point is one unit of the SVG's viewBox).

    `WIDE` is drawn for the PDF and a wide screen. `PHONE` is drawn for a screen of about
    300 px: the drawing is about as wide as it is shown, so its type keeps about its own
    size, at least 12 px, where the wide design would shrink to 6 or 7 px.
    """

    name: str  # the class on the root <svg>: "wide" or "phone"
    profile_width: float
    profile_row: float  # height per style
    profile_extra: float  # height for the axis and its label
    profile_axes: tuple[float, float, float, float]
    profile_title: float  # style names and scores
    plane_size: tuple[float, float]
    plane_axes: tuple[float, float, float, float]
    plane_axis: float  # "vermijding →", "angst →"
    quadrant: float
    point_label: float
    max_label: int  # characters of a relationship's name on the plane
    char_width: float  # width of one character of a point label, in scale units
    tick: float
    small: float  # the profile's axis label, the plane's key
    wrap: int  # characters per line of those (0: one line)


WIDE = Layout(
    name="wide", profile_width=6.4, profile_row=0.55, profile_extra=0.9,
    profile_axes=(0.2, 0.22, 0.62, 0.74), profile_title=11,
    plane_size=(5.6, 5.75), plane_axes=(0.11, 0.135, 0.86, 0.84), plane_axis=10,
    quadrant=10.5, point_label=9, max_label=MAX_LABEL, char_width=0.095, tick=9,
    small=8.5, wrap=0,
)
PHONE = Layout(
    name="phone", profile_width=4.2, profile_row=0.62, profile_extra=1.25,
    profile_axes=(0.35, 0.29, 0.5, 0.68), profile_title=14,
    plane_size=(4.2, 4.95), plane_axes=(0.15, 0.22, 0.82, 0.76), plane_axis=13,
    quadrant=13, point_label=13, max_label=16, char_width=0.2, tick=13, small=13,
    wrap=34,
)


def _wrapped(text: str, layout: Layout) -> str:
    return "\n".join(textwrap.wrap(text, layout.wrap)) if layout.wrap else text


# ---------------------------------------------------------------- number words


def fmt(value: float | None, language: str = SOURCE_LANGUAGE) -> str:
    """A score with one decimal: '4,3' the Dutch way, '4.3' in English; a dash when absent."""
    return numbers.score(value, language)


def band_text(band: ScoreBand, language: str = SOURCE_LANGUAGE) -> str:
    """'4,3 (90 %-band 3,9 tot 4,7)' ('4.3 (90% band 3.9 to 4.7)' in English), or a plain
    sentence when it cannot be scored."""
    words = _words(language)
    if band.score is None:
        return str(words["unscorable"])
    if band.low is None or band.high is None:
        return fmt(band.score, language)
    return str(words["band"]).format(score=fmt(band.score, language),
                                     low=fmt(band.low, language), high=fmt(band.high, language))


def short_label(label: str, most: int = MAX_LABEL) -> str:
    label = " ".join(label.split())
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


# ---------------------------------------------------------------- alt texts


def profile_chart_alt(profile: StyleProfileView, language: str = SOURCE_LANGUAGE) -> str:
    parts = [f"{band.title} {band_text(band, language)}" for band in profile.scores]
    text = str(_words(language)["profile_alt"]) + "; ".join(parts) + "."
    if profile.verdict:
        text += " " + profile.verdict.strip()
    return text


def plane_chart_alt(points: Sequence[RelationPoint], language: str = SOURCE_LANGUAGE) -> str:
    words = _words(language)
    intro = str(words["plane_alt"])
    if not points:
        return intro + str(words["plane_empty"])
    sentences = [intro]
    for point in points:
        sentence = str(words["plane_point"]).format(
            label=point.label,
            anxiety=band_text(point.anxiety, language),
            avoidance=band_text(point.avoidance, language),
        )
        if point.quadrant:
            quadrant = words["styles"].get(point.quadrant, point.quadrant).lower()
            sentence += str(words["plane_quadrant"]).format(quadrant=quadrant)
        if point.borderline:
            sentence += words["plane_borderline"]
        sentences.append(sentence + ".")
    return " ".join(sentences)


# ---------------------------------------------------------------- SVG plumbing


@contextmanager
def _figure(width: float, height: float) -> Iterator[Figure]:
    with _LOCK, matplotlib.rc_context(cast(Any, _RC)):
        figure = Figure(figsize=(width, height), facecolor="none")
        FigureCanvasSVG(figure)
        yield figure


def _to_svg(figure: Figure, alt: str, layout: Layout = WIDE) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=_METADATA, transparent=True)
    return _inlinable(buffer.getvalue(), alt, layout)


def _inlinable(svg: str, alt: str, layout: Layout = WIDE) -> str:
    """Drop prolog and DOCTYPE, scale by viewBox, add the accessible name."""
    svg = svg[svg.index("<svg") :]
    head_end = svg.index(">")
    head = svg[:head_end]
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    head += f' font-family="{FONT_STACK}" role="img" aria-label={quoteattr(alt)}'
    if layout is not WIDE:
        head += f' class="chart-{layout.name}"'
    body = _slim(svg[head_end + 1 :])
    if layout is not WIDE:
        # The wide drawing is on the same page: the same ids twice would be invalid.
        body = _ID_USE.sub(lambda m: f"{m[1]}{layout.name}-{m[2]}", body)
    return presentation_attributes(f"{head}>\n<title>{escape(alt)}</title>{body}".strip()) + "\n"


def _as_attributes(match: re.Match[str]) -> str:
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in declarations)


def presentation_attributes(svg: str) -> str:
    """The same drawing with every `style` attribute and element turned into SVG
    presentation attributes, so it renders under a Content-Security-Policy that allows
    no inline styles. Safe to run twice."""
    if "<style" in svg:
        svg = _STYLE_ELEMENT.sub("", svg)
        svg = svg.replace("<svg", "<svg" + _ROOT_LINES, 1)
    return _STYLE_ATTR.sub(_as_attributes, svg)


def _slim(body: str) -> str:
    """Smaller but identical drawing: one font declaration, two decimals, no group ids."""
    body = _FONT_FAMILY.sub("", body)
    body = _DECIMALS.sub(r"\1", body)
    body = _GROUP_ID.sub("<g>", body)
    body = _NO_ROTATION.sub("", body)
    body = _PATH_BREAKS.sub(" ", body)
    return _INDENT.sub("><", body)


def _style_axis(ax: Axes, layout: Layout) -> None:
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0, labelsize=layout.tick)


# ---------------------------------------------------------------- profile


def profile_chart_svg(
    profile: StyleProfileView, language: str = SOURCE_LANGUAGE, layout: Layout = WIDE
) -> str:
    """Four rows, one per style: the score as a dot, its 90 % band as a line."""
    words = _words(language)
    bands = list(profile.scores)
    height = layout.profile_row * len(bands) + layout.profile_extra
    with _figure(layout.profile_width, height) as figure:
        ax = figure.add_axes(layout.profile_axes)
        _style_axis(ax, layout)
        ax.set_xlim(SCALE_MIN - 0.15, SCALE_MAX + 0.15)
        ax.set_ylim(len(bands) - 0.4, -0.6)
        ax.set_xticks(range(1, 8))
        ax.set_yticks([])
        ax.set_xlabel(_wrapped(words["profile_axis"], layout), fontsize=layout.small)
        ax.grid(axis="x", color=LINE, linewidth=0.6)
        ax.set_axisbelow(True)
        for row, band in enumerate(bands):
            _profile_row(ax, row, band, highlighted=band.scale_id in on_top(profile),
                         language=language, layout=layout)
        return _to_svg(figure, profile_chart_alt(profile, language), layout)


def on_top(profile: StyleProfileView) -> set[str]:
    """The styles the verdict names: the dominant one, or the overlapping ones."""
    return {profile.dominant} if profile.dominant else set(profile.mixed)


def _profile_row(
    ax: Axes, row: int, band: ScoreBand, highlighted: bool, language: str = SOURCE_LANGUAGE,
    layout: Layout = WIDE,
) -> None:
    colour = STYLE_COLOURS.get(band.scale_id, INK)
    ax.text(
        SCALE_MIN - 0.35, row, band.title, ha="right", va="center", color=colour,
        fontsize=layout.profile_title, fontweight="bold" if highlighted else "normal",
        parse_math=False,
    )
    ax.plot([SCALE_MIN, SCALE_MAX], [row, row], color=LINE, linewidth=5,
            solid_capstyle="round", zorder=1)
    if band.score is None:
        ax.text(4.0, row, _words(language)["unscorable"], ha="center", va="center", color=MUTED,
                fontsize=layout.tick, style="italic")
        return
    if band.low is not None and band.high is not None:
        ax.plot([band.low, band.high], [row, row], color=colour, linewidth=5, alpha=0.35,
                solid_capstyle="round", zorder=2)
        ax.plot([band.low, band.low], [row - 0.17, row + 0.17], color=colour, linewidth=1.2)
        ax.plot([band.high, band.high], [row - 0.17, row + 0.17], color=colour, linewidth=1.2)
    ax.plot([band.score], [row], marker="o", markersize=9, color=colour,
            markeredgecolor="white", markeredgewidth=1.2, zorder=3)
    ax.text(SCALE_MAX + 0.35, row, fmt(band.score, language), ha="left", va="center",
            color=colour,
            fontsize=layout.profile_title, fontweight="bold")


# ---------------------------------------------------------------- plane

_QUADRANTS = (  # (style, avoidance side, anxiety side)
    ("veilig", "low", "low"),
    ("vermijdend", "high", "low"),
    ("angstig", "low", "high"),
    ("chaotisch", "high", "high"),
)


def plane_chart_svg(
    points: Sequence[RelationPoint],
    cut: float,
    language: str = SOURCE_LANGUAGE,
    layout: Layout = WIDE,
) -> str:
    """Avoidance (x) against anxiety (y); one point per relationship with its bands."""
    words = _words(language)
    with _figure(*layout.plane_size) as figure:
        ax = figure.add_axes(layout.plane_axes)
        ax.set_xlim(*PLANE_LIMITS)
        ax.set_ylim(*PLANE_LIMITS)
        ax.set_aspect("equal")
        ax.set_xticks(range(1, 8))
        ax.set_yticks(range(1, 8))
        ax.tick_params(length=0, labelsize=layout.tick)
        for spine in ax.spines.values():
            spine.set_color(LINE)
        ax.set_xlabel(words["plane_x"], fontsize=layout.plane_axis)
        ax.set_ylabel(words["plane_y"], fontsize=layout.plane_axis)
        _quadrants(ax, cut, words["styles"], layout)
        # Each point is an obstacle for the other points' labels.
        placed: list[Box] = [box for box in map(_dot_box, points) if box is not None]
        for point in points:
            _plane_point(ax, point, placed, layout)
        figure.text(
            layout.plane_axes[0], 0.02,
            _wrapped(words["plane_key"], layout),
            fontsize=layout.small, color=MUTED,
        )
        return _to_svg(figure, plane_chart_alt(points, language), layout)


def _quadrants(
    ax: Axes, cut: float, titles: dict[str, str] = STYLE_TITLES, layout: Layout = WIDE
) -> None:
    """Tinted quadrants; their names sit in the margin beyond 1–7, where no point can be."""
    cut = min(max(cut, SCALE_MIN), SCALE_MAX)
    lo, hi = PLANE_LIMITS
    spans = {"low": (lo, cut), "high": (cut, hi)}
    for style, x_side, y_side in _QUADRANTS:
        (x0, x1), (y0, y1) = spans[x_side], spans[y_side]
        colour = STYLE_COLOURS[style]
        ax.fill_between([x0, x1], y0, y1, color=colour, alpha=0.07, linewidth=0, zorder=0)
        x = x0 + 0.08 if x_side == "low" else x1 - 0.08
        y = y1 - 0.06 if y_side == "high" else y0 + 0.06
        ax.text(x, y, titles[style].lower(), color=colour, fontsize=layout.quadrant,
                fontweight="bold", zorder=1,
                ha="left" if x_side == "low" else "right",
                va="top" if y_side == "high" else "bottom")
    ax.axvline(cut, color=MUTED, linewidth=0.7, linestyle=(0, (3, 3)), zorder=1)
    ax.axhline(cut, color=MUTED, linewidth=0.7, linestyle=(0, (3, 3)), zorder=1)


def _plane_point(
    ax: Axes,
    point: RelationPoint,
    placed: list[Box],
    layout: Layout = WIDE,
) -> None:
    x, y = point.avoidance.score, point.anxiety.score
    if x is None or y is None:
        return
    colour = STYLE_COLOURS.get(point.quadrant or "", INK)
    xerr = _err(point.avoidance)
    yerr = _err(point.anxiety)
    ax.errorbar(
        [x], [y], xerr=xerr, yerr=yerr, fmt="none", ecolor=colour, elinewidth=1.3,
        capsize=3, alpha=0.75, zorder=3,
    )
    ax.plot([x], [y], marker="o", markersize=8, zorder=4, color=colour,
            markerfacecolor="white" if point.borderline else colour,
            markeredgecolor=colour, markeredgewidth=1.8)
    label = short_label(point.label, layout.max_label)
    lx, ly, ha = _label_spot(x, y, len(label), placed, layout)
    ax.text(lx, ly, label, fontsize=layout.point_label, color=INK, ha=ha, va="center", zorder=5,
            parse_math=False,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                  "alpha": 0.8})


def _err(band: ScoreBand) -> list[list[float]] | None:
    if band.score is None or band.low is None or band.high is None:
        return None
    return [[max(band.score - band.low, 0.0)], [max(band.high - band.score, 0.0)]]


def _label_spot(
    x: float, y: float, n_chars: int, placed: list[Box], layout: Layout = WIDE
) -> tuple[float, float, str]:
    """The first spot around the point where the label covers no other label or point;
    where every spot does, the one that covers the fewest."""
    width = layout.char_width * n_chars + 0.1
    height = 0.26 * layout.point_label / WIDE.point_label
    candidates = [(0.18, 0.2), (0.18, -0.2), (-0.18, 0.2), (-0.18, -0.2),
                  (0.18, 0.5), (0.18, -0.5), (-0.18, 0.5), (-0.18, -0.5),
                  (0.18, 0.8), (0.18, -0.8), (-0.18, 0.8), (-0.18, -0.8)]

    def covered(dx: float, dy: float) -> int:
        box = _box(x + dx, y + dy, width, height, dx > 0)
        return sum(_overlaps(box, other) for other in placed) + (0 if _inside(box) else 99)

    dx, dy = min(candidates, key=lambda spot: covered(*spot))  # min keeps the first of ties
    placed.append(_box(x + dx, y + dy, width, height, dx > 0))
    return x + dx, y + dy, "left" if dx > 0 else "right"


def _dot_box(point: RelationPoint) -> Box | None:
    x, y = point.avoidance.score, point.anxiety.score
    if x is None or y is None:
        return None
    return (x - 0.12, y - 0.12, x + 0.12, y + 0.12)


def _box(x: float, y: float, w: float, h: float, rightwards: bool) -> Box:
    x0 = x if rightwards else x - w
    return (x0, y - h / 2, x0 + w, y + h / 2)


def _inside(box: Box) -> bool:
    return box[0] >= SCALE_MIN and box[2] <= SCALE_MAX and box[1] >= SCALE_MIN and (
        box[3] <= SCALE_MAX
    )


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
