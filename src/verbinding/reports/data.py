"""The input contract of the renderers: plain, frozen values the web app builds.

The renderers never compute scores; they show the numbers they are given, so the page,
the PDF and the charts always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ScoreBand:
    scale_id: str  # "veilig", "vermijdend", "angstig", "chaotisch" (or relatie scales)
    title: str  # "Veilig"
    score: float | None  # scale mean on 1..7, None when not scorable
    low: float | None  # 90 % band
    high: float | None
    n_answered: int
    n_items: int
    # "hoger dan ongeveer 8 op de 10 mensen die …": the kept percentile in words, or ""
    # when the instrument version the result was made with has no norms for this scale.
    norm_text: str = ""


@dataclass(frozen=True)
class StyleProfileView:
    scores: list[ScoreBand]  # the four styles in order veilig, vermijdend, angstig, chaotisch
    dominant: str | None  # style id or None
    mixed: list[str]  # style ids that overlap with the top when no dominant
    verdict: str  # plain Dutch sentence made by the web app
    acquiescence: bool = False  # answers look like agreeing with everything


@dataclass(frozen=True)
class RelationPoint:
    target_id: str  # "algemeen", "moeder", "vader", "partner", "mannen", "vrouwen", "persoon"
    label: str  # "In het algemeen", "Moeder", ..., or the person's name
    anxiety: ScoreBand
    avoidance: ScoreBand
    disorganisation: ScoreBand | None
    quadrant: str | None  # "veilig" | "vermijdend" | "angstig" | "chaotisch"
    borderline: bool


@dataclass(frozen=True)
class StyleHighlight:
    style_id: str  # what to show: from verbinding.content.library().style(style_id)
    reason: str  # plain Dutch: why this style is highlighted
    exercise_ids: list[str]  # best-fitting exercises, ids from the content library


@dataclass(frozen=True)
class ReportData:
    created: datetime
    language: str  # a code of settings.LANGUAGES
    profile: StyleProfileView | None  # None when only relationship forms were answered
    relations: list[RelationPoint]
    cut: float  # cut point of the plane, 4.0
    highlights: list[StyleHighlight]
    care_box: bool
    reliability_note: str  # plain Dutch: which reliability figure is used and where from
    instrument_versions: dict[str, str]  # {"vier-stijlen": "1 (hash abc…)", "relatie": ...}
    scoring_version: str
    interpretation_version: str = "1"  # the rules (verbinding.interpret) it was read with
    newer_interpretation: bool = False  # today's rules are newer: the report says so
    high: float = 5.0  # from this score on the reading spoke of "high"
    # One sentence per relationship marked "niet van toepassing": skipped, not scored.
    skipped: list[str] = field(default_factory=list)
    # Where the norms come from (one sentence per norm group), or the plain statement that
    # the figures are provisional because the version used has no norms.
    norms_note: list[str] = field(default_factory=list)
    has_norms: bool = False
