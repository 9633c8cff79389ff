"""PDF renderers: the result report and the daily card, typeset with typst.

Each renderer returns `(filename, media_type, bytes)` so the web app and the CLI share it.

Values never become typst source: the templates in `templates/` are fixed files and every
word or number reaches them as one JSON document in `sys.inputs.data`, where typst shows
strings literally. A name like "Anne #1 *x*" is therefore printed as it is.

Fonts: typst's own embedded fonts (Libertinus Serif) plus DejaVu Sans from matplotlib's
data folder, which the charts use. System fonts are ignored, so the output is the same on
every machine.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import matplotlib
import typst

from verbinding.content import library
from verbinding.content.models import Exercise, Style
from verbinding.i18n import SOURCE_LANGUAGE, text_in
from verbinding.interpret import numbers
from verbinding.measure.instrument import UnknownInstrumentError, shipped_instrument
from verbinding.reports.charts import (
    fmt,
    on_top,
    plane_chart_svg,
    profile_chart_svg,
)
from verbinding.reports.data import (
    RelationPoint,
    ReportData,
    ScoreBand,
    StyleHighlight,
    StyleProfileView,
)
from verbinding.reports.sample import sample_report_data
from verbinding.reports.words import long_date, words_for

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
PDF = "application/pdf"
CARD_SIZES = ("A6", "A5")
DEFAULT_EXERCISES = 2


class ReportError(Exception):
    """The report could not be typeset; the message names the template and the fault."""


@dataclass
class _WarmCompiler:
    """One typst compiler per template, created on first use and kept.

    Creating a compiler loads the fonts and parses the template; keeping it makes every
    later PDF much faster. A compiler is not safe to share between threads, so each
    compile holds the lock.
    """

    template: str
    _compiler: typst.Compiler | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def compile(self, payload: dict[str, Any], created: datetime) -> bytes:
        with self._lock:
            if self._compiler is None:
                self._compiler = typst.Compiler(
                    str(TEMPLATES / self.template),
                    root=str(TEMPLATES),
                    font_paths=_fonts(),
                    ignore_system_fonts=True,
                )
            try:
                pdf, warnings = self._compiler.compile_with_warnings(
                    format="pdf",
                    sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
                    timestamp=_aware(created),
                )
            except typst.TypstError as exc:
                raise ReportError(f"{self.template}: {exc.message}\n{exc.diagnostic}") from exc
        for warning in warnings:
            log.warning("typst %s: %s", self.template, warning.message)
        assert isinstance(pdf, bytes)
        return pdf


_REPORT = _WarmCompiler("report.typ")
_CARD = _WarmCompiler("card.typ")


@cache
def _fonts() -> typst.Fonts:
    """typst's embedded fonts plus DejaVu Sans from matplotlib, loaded once for all."""
    chart_fonts = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[chart_fonts]
    )


def warm_up() -> None:
    """Load fonts and templates now, so the first person to ask for a PDF does not wait.

    Call it from the web app's start-up (e.g. `AppConfig.ready`) or a worker's post-fork
    hook; it takes about a fifth of a second.
    """
    render_daily_card("A6")
    render_report(sample_report_data())


def _typst_language(language: str) -> str:
    """typst takes the language without its region: 'de' for 'de-ch'."""
    return language.replace("_", "-").partition("-")[0].lower()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ---------------------------------------------------------------- report


def render_report(
    data: ReportData,
    *,
    profile_svg: str | None = None,
    plane_svg: str | None = None,
) -> tuple[str, str, bytes]:
    """The result as an A4 PDF: `("verbindingsstijlen-uitslag-YYYY-MM-DD.pdf", …, bytes)`,
    in `data.language` (English: `connection-styles-result-YYYY-MM-DD.pdf`).

    Pass the cached chart SVGs of the stored result when you have them; otherwise they are
    drawn here.
    """
    language = data.language
    if profile_svg is None:
        profile_svg = profile_chart_svg(data.profile, language) if data.profile else ""
    if plane_svg is None:
        plane_svg = (
            plane_chart_svg(data.relations, data.cut, language) if data.relations else ""
        )
    payload = report_payload(data, profile_svg, plane_svg)
    pdf = _REPORT.compile(payload, data.created)
    filename = words_for(language)["report_file"].format(date=f"{data.created:%Y-%m-%d}")
    return filename, PDF, pdf


def report_payload(data: ReportData, profile_svg: str, plane_svg: str) -> dict[str, Any]:
    """Everything the report template shows, already worded and formatted."""
    language = data.language
    words = words_for(language)
    date = long_date(data.created, words["lang"])
    return {
        "lang": _typst_language(words["lang"]),
        "words": words,
        "title": words["report_title"],
        "date": date,
        "date_line": words["date_line"].format(date=date),
        "profile": _profile_payload(data.profile, profile_svg, words, data.norms_note),
        "relations": {
            "svg": plane_svg,
            "rows": [_relation_row(point, words) for point in data.relations],
            "any_borderline": any(point.borderline for point in data.relations),
            "skipped": list(data.skipped),
        },
        "care_box": data.care_box,
        "highlights": [
            row for row in (_highlight(h, data.language, words) for h in data.highlights) if row
        ],
        "about": {
            "reliability": data.reliability_note,
            "norms": data.norms_note if data.has_norms else [],
            "versions": _versions(data, words),
            "newer": words["newer_interpretation"] if data.newer_interpretation else "",
        },
    }


def _versions(data: ReportData, words: dict[str, Any]) -> list[list[str]]:
    rows = [
        [words["instrument"].format(name=_instrument_name(instrument_id, data.language)),
         version]
        for instrument_id, version in data.instrument_versions.items()
    ]
    return [
        *rows,
        [words["scoring_version"], data.scoring_version],
        [words["interpretation_version"], data.interpretation_version],
    ]


def _instrument_name(instrument_id: str, language: str) -> str:
    """The questionnaire's title in `language`, from the instrument itself; its id when it
    is not a shipped one."""
    try:
        return text_in(shipped_instrument(instrument_id).title, language, instrument_id)
    except UnknownInstrumentError:
        return instrument_id


def _profile_payload(
    profile: StyleProfileView | None, svg: str, words: dict[str, Any], norms_note: list[str]
) -> dict[str, Any] | None:
    if profile is None:
        return None
    # With norms: one line per style in the words the page uses; without: why not.
    standing = [f"{b.title}: {b.norm_text}." for b in profile.scores if b.norm_text]
    return {
        "norms": standing or norms_note,
        "verdict": profile.verdict,
        "acquiescence": profile.acquiescence,
        "svg": svg,
        "rows": [_profile_row(band, on_top(profile), words) for band in profile.scores],
    }


def _profile_row(band: ScoreBand, on_top: set[str], words: dict[str, Any]) -> dict[str, Any]:
    language = words["lang"]
    return {
        "id": band.scale_id,
        "title": band.title,
        "dominant": band.scale_id in on_top,
        "score": fmt(band.score, language),
        "band": _band_range(band, language),
        "answered": words["answered"].format(n=band.n_answered, total=band.n_items),
    }


def _band_range(band: ScoreBand, language: str = SOURCE_LANGUAGE) -> str:
    if band.score is None or band.low is None or band.high is None:
        return numbers.DASH
    return f"{fmt(band.low, language)} – {fmt(band.high, language)}"


def _with_band(band: ScoreBand | None, language: str = SOURCE_LANGUAGE) -> str:
    if band is None or band.score is None:
        return numbers.DASH
    if band.low is None or band.high is None:
        return fmt(band.score, language)
    return f"{fmt(band.score, language)} ({fmt(band.low, language)}–{fmt(band.high, language)})"


def _relation_row(point: RelationPoint, words: dict[str, Any]) -> dict[str, Any]:
    quadrant = point.quadrant or ""
    language = words["lang"]
    return {
        "label": point.label,
        "anxiety": _with_band(point.anxiety, language),
        "avoidance": _with_band(point.avoidance, language),
        "quadrant_id": quadrant,
        "quadrant": words["quadrants"].get(quadrant, numbers.DASH),
        "borderline": point.borderline,
        "disorganisation": _with_band(point.disorganisation, language),
    }


def _highlight(
    highlight: StyleHighlight, language: str, words: dict[str, Any]
) -> dict[str, Any] | None:
    style = library(language).style(highlight.style_id)
    if style is None:
        log.warning("rapport: onbekende stijl %r overgeslagen", highlight.style_id)
        return None
    return {
        "id": style.id,
        "name": style.name,
        "tagline": style.tagline,
        "reason": highlight.reason,
        "summary_title": style.summary.title,
        "summary": {"paragraphs": style.summary.paragraphs, "points": style.summary.points},
        "exercises": [
            _exercise(ex, words) for ex in _exercises_for(style, highlight.exercise_ids, language)
        ],
        "signs_intro": style.signs_intro,
        "signs": [sign.text for sign in style.signs],
    }


def _exercises_for(style: Style, exercise_ids: list[str], language: str) -> list[Exercise]:
    """The chosen exercises, or the style's first ones when none were chosen."""
    chosen = []
    for exercise_id in exercise_ids:
        found = library(language).exercise(exercise_id)
        if found is None:
            log.warning("rapport: onbekende oefening %r overgeslagen", exercise_id)
            continue
        chosen.append(found[1])
    return chosen or list(style.exercises[:DEFAULT_EXERCISES])


def _exercise(exercise: Exercise, words: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": exercise.title,
        "minutes": words["minutes"].format(n=exercise.duration_minutes),
        "summary": exercise.summary,
        "steps": exercise.steps,
    }


# ---------------------------------------------------------------- daily card


def render_daily_card(
    size: Literal["A6", "A5"] = "A6", language: str = SOURCE_LANGUAGE
) -> tuple[str, str, bytes]:
    """The secure characteristics on one printable page of size A6 or A5, in `language`."""
    if size not in CARD_SIZES:
        raise ValueError(f"onbekend formaat {size!r}; kies A6 of A5")
    payload = card_payload(size, language)
    pdf = _CARD.compile(payload, _CARD_DATE)
    return words_for(language)["card_file"].format(size=size.lower()), PDF, pdf


# The card does not change per person; a fixed date keeps its bytes stable.
_CARD_DATE = datetime(2025, 1, 1, tzinfo=UTC)


def card_payload(size: str, language: str) -> dict[str, Any]:
    card = library(language).daily_card
    words = words_for(language)
    return {
        "lang": _typst_language(words["lang"]),
        "size": size,
        "title": card.title,
        "intro": short_intro(card.intro),
        "points": [point.text for point in card.points],
        "foot": words["card_foot"],
        "brand": words["brand"],
    }


def short_intro(intro: str, keep: int = 2) -> str:
    """The last sentences of the card's introduction.

    The first sentence of the intro tells the reader to print and hang the card; on the
    printed card itself only the encouragement that follows is needed.
    """
    sentences = [s.strip() for s in intro.replace("\n", " ").split(". ") if s.strip()]
    if len(sentences) <= keep:
        return intro.strip()
    tail = ". ".join(sentences[-keep:])
    return tail if tail.endswith((".", "!", "?")) else tail + "."
