"""What one stored result says (its *reading*) and what a whole self-test says.

A reading is made once, when a result is stored, and kept with it as JSON together with
`rules.VERSION`; pages and PDFs show the kept reading. So a later change of a rule never
rewrites an old report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from verbinding.interpret import rules

# Why a style is highlighted; the renderers word each reason.
Reason = Literal["dominant", "mixed", "above_middle", "relation", "secure_default"]


@dataclass(frozen=True)
class Highlight:
    style: str
    reason: Reason
    position: int = -1  # the part it came from (a relationship: who it is about)


@dataclass(frozen=True)
class Reading:
    """What one part (or, combined, one self-test) says."""

    care: bool = False
    verdict: rules.Verdict | None = None
    highlights: tuple[Highlight, ...] = ()
    high: float = field(default_factory=lambda: rules.HIGH)
    version: str = field(default_factory=lambda: rules.VERSION)

    @property
    def newer_exists(self) -> bool:
        """Made with older rules than today's (the page says so, quietly)."""
        return self.version != rules.VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "care": self.care,
            "verdict": (
                {"kind": self.verdict.kind, "styles": list(self.verdict.styles)}
                if self.verdict else None
            ),
            "highlights": [{"style": h.style, "reason": h.reason} for h in self.highlights],
            "high": self.high,
        }


def from_json(stored: Mapping[str, Any], version: str, position: int = -1) -> Reading:
    """A kept reading back; `position` is the part's place in its self-test."""
    raw = stored.get("verdict")
    kept = rules.Verdict(raw["kind"], tuple(raw.get("styles", ()))) if raw else None
    return Reading(
        care=bool(stored.get("care")),
        verdict=kept,
        highlights=tuple(
            Highlight(h["style"], h["reason"], position) for h in stored.get("highlights", ())
        ),
        high=float(stored.get("high", rules.HIGH)),
        version=version,
    )


def _score(scores: Mapping[str, Any], scale_id: str) -> float | None:
    value = (scores.get(scale_id) or {}).get("score")
    return None if value is None else float(value)


def _band_low(scores: Mapping[str, Any], scale_id: str) -> float | None:
    band = (scores.get(scale_id) or {}).get("ci90") or [None, None]
    return None if band[0] is None else float(band[0])


def _read_profile(profile: Mapping[str, Any], scores: Mapping[str, Any]) -> Reading:
    mixed = list(profile.get("mixed", []))
    said = rules.verdict(profile.get("dominant"), mixed, bool(profile.get("acquiescence_flag")))
    highlights: dict[str, Reason] = {}
    if said.kind == "dominant":
        highlights[said.styles[0]] = "dominant"
    elif said.kind == "mixed":
        highlights.update(dict.fromkeys(said.styles, "mixed"))
    for style in rules.INSECURE:
        low = _band_low(scores, style)
        if low is not None and low > rules.MIDDLE:
            highlights.setdefault(style, "above_middle")
    return Reading(
        care=rules.needs_care(_score(scores, rules.CARE_STYLE)),
        verdict=said,
        highlights=tuple(Highlight(s, r) for s, r in highlights.items()),
    )


def _read_quadrant(profile: Mapping[str, Any], scores: Mapping[str, Any]) -> Reading:
    quadrant = profile.get("quadrant")
    shown = quadrant in rules.INSECURE and not profile.get("borderline")
    return Reading(
        care=rules.needs_care(None, [_score(scores, rules.CARE_RELATION_SCALE)]),
        highlights=(Highlight(str(quadrant), "relation"),) if shown else (),
    )


def read_result(profile: Mapping[str, Any], scores: Mapping[str, Any]) -> Reading:
    """The reading of one stored result (`profile` and `scores` as the result keeps them)."""
    kind = profile.get("kind")
    if kind == "profile":
        return _read_profile(profile, scores)
    if kind == "quadrant":
        return _read_quadrant(profile, scores)
    return Reading()  # an instrument without a classification says nothing more


def combine(parts: Sequence[Reading]) -> Reading:
    """A self-test's reading from its parts' kept readings (the style profile first).

    Care shows when any part asks for it; each style is highlighted once, for the first
    reason found; with nothing highlighted, the secure style is offered to grow."""
    reasons: dict[str, Highlight] = {}
    for part in parts:
        for highlight in part.highlights:
            reasons.setdefault(highlight.style, highlight)
    if not reasons:
        reasons[rules.SECURE] = Highlight(rules.SECURE, "secure_default")
    verdict = next((p.verdict for p in parts if p.verdict is not None), None)
    return Reading(
        care=any(p.care for p in parts),
        verdict=verdict,
        highlights=tuple(reasons[s] for s in rules.styles_in_order(reasons)),
        high=max((p.high for p in parts), default=rules.HIGH),
        version=next((p.version for p in parts if p.newer_exists), rules.VERSION),
    )
