"""The proposal for a practice plan, from a person's latest profile. Pure: no database
(Django only translates the reasons).

The rule, in words:

- A plan proposes `TOTAL` exercises. At least `MIN_SECURE` come from `veilig`, because
  strengthening the secure way of connecting is the aim for everyone (the article).
- The other places go to the insecure styles in proportion to how much each was
  recognised: the weight of a style is its score above `FLOOR` (on the 1–7 scale, below
  "een beetje eens" a style hardly speaks). A relationship whose quadrant is that style
  (and not borderline) adds `RELATION_BONUS`, so a pattern with, say, your mother is not
  lost when the general scores are low.
- When no insecure style has weight (or the answers were all alike), the places that are
  left stay empty: a short plan of secure exercises is proposed, not filler.
- Within a style the exercises are taken in the article's order; how often per week
  follows from how long an exercise takes.

Every item carries a reason, in the active language, that names the score and, where it
matters, the relationships in which the style showed up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from verbinding import interpret
from verbinding.interpret import numbers

SECURE = interpret.SECURE
INSECURE = interpret.INSECURE
TOTAL = 6
MIN_SECURE = 2
FLOOR = 3.0
RELATION_BONUS = 1.0
SCALE_MAX = 7


@dataclass(frozen=True)
class ExerciseInfo:
    id: str
    duration_minutes: int


@dataclass(frozen=True)
class Relation:
    """One relationship target's result: `who` is how the reason names it ("je moeder");
    `general` marks the form about other people in general."""

    who: str
    quadrant: str | None
    borderline: bool = False
    general: bool = False


@dataclass(frozen=True)
class Profile:
    """What the proposal needs from a self-test; scores are style id -> mean (1–7)."""

    scores: Mapping[str, float | None]
    relations: Sequence[Relation] = ()
    all_alike: bool = False  # the acquiescence flag: scores say little about styles


@dataclass(frozen=True)
class Proposed:
    exercise_id: str
    style: str
    times_per_week: int
    reason: str


@dataclass(frozen=True)
class Catalogue:
    """Exercises per style in the article's order; `names` holds the short name in lower
    case ("angstig"), which the reasons bend into "de angstige stijl"."""

    exercises: Mapping[str, Sequence[ExerciseInfo]]
    names: Mapping[str, str] = field(default_factory=dict)


def times_per_week(duration_minutes: int) -> int:
    """Short exercises fit into most days; long ones once or twice a week."""
    if duration_minutes <= 3:
        return 7
    if duration_minutes <= 5:
        return 4
    if duration_minutes <= 10:
        return 3
    if duration_minutes <= 20:
        return 2
    return 1


def weights(profile: Profile) -> dict[str, float]:
    """How much each insecure style asks for attention (0 = not at all)."""
    out: dict[str, float] = dict.fromkeys(INSECURE, 0.0)
    if profile.all_alike:
        return out
    for style in INSECURE:
        score = profile.scores.get(style)
        if score is not None and not math.isnan(score):
            out[style] = max(0.0, score - FLOOR)
    for relation in profile.relations:
        if relation.quadrant in out and not relation.borderline:
            out[relation.quadrant] += RELATION_BONUS
    return out


def allocate(style_weights: Mapping[str, float], places: int,
             capacity: Mapping[str, int]) -> dict[str, int]:
    """Share `places` in proportion to the weights (largest remainder), within capacity."""
    counts = dict.fromkeys(style_weights, 0)
    for _place in range(places):
        open_styles = [s for s, w in style_weights.items() if w > 0 and counts[s] < capacity[s]]
        if not open_styles:
            break
        # Give the next place to the style that is furthest below its fair share.
        total = sum(style_weights[s] for s in open_styles)
        given = sum(counts[s] for s in open_styles) + 1
        chosen = max(open_styles, key=lambda s: (style_weights[s] / total * given - counts[s],
                                                 style_weights[s]))
        counts[chosen] += 1
    return counts


def score_text(value: float | None) -> str:
    """One decimal, written the way the active language writes it (5,2 or 5.2)."""
    return numbers.score(value, get_language())


def _joined(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _pattern(relations: Sequence[Relation], name: str) -> str:
    """ "In het algemeen en bij je moeder kwam het angstige patroon naar voren." """
    named = [str(r.who) for r in relations if not r.general]
    if any(r.general for r in relations):
        if named:
            return _("In het algemeen en bij %(who)s kwam het %(name)se patroon naar voren.") % {
                "who": _joined(named), "name": name}
        return _("In het algemeen kwam het %(name)se patroon naar voren.") % {"name": name}
    return _("Bij %(who)s kwam het %(name)se patroon naar voren.") % {
        "who": _joined(named), "name": name}


def reason_for(style: str, profile: Profile, name: str) -> str:
    if style == SECURE:
        return _("Veilig verbinden is waar je naartoe groeit. Deze oefening versterkt dat, "
                 "welke stijlen je verder ook herkent.")
    parts = []
    score = profile.scores.get(style)
    # "Je herkende je in" only where the result page, too, calls the score high.
    if interpret.is_high(score):
        parts.append(_("Je herkende je in de %(name)se stijl (score %(score)s van %(max)d).")
                     % {"name": name, "score": score_text(score), "max": SCALE_MAX})
    elif score is not None and not math.isnan(score) and score > FLOOR:
        parts.append(_("De %(name)se stijl speelt een beetje mee in je antwoorden "
                       "(score %(score)s van %(max)d).")
                     % {"name": name, "score": score_text(score), "max": SCALE_MAX})
    shown = [r for r in profile.relations if r.quadrant == style and not r.borderline]
    if shown:
        parts.append(_pattern(shown, name))
    parts.append(_("Het artikel raadt bij die stijl oefeningen als deze aan."))
    return " ".join(parts)


def propose(profile: Profile, catalogue: Catalogue) -> list[Proposed]:
    """The proposed plan: most-recognised styles first, the secure exercises after them."""
    capacity: dict[str, int] = {s: len(catalogue.exercises.get(s, ())) for s in (SECURE, *INSECURE)}
    style_weights = weights(profile)
    counts = allocate(style_weights, TOTAL - MIN_SECURE, capacity)
    order = sorted((s for s in INSECURE if counts[s]), key=lambda s: -style_weights[s])
    # Secure exercises fill the places the insecure styles did not need, up to three.
    secure = min(capacity[SECURE], max(MIN_SECURE, min(3, TOTAL - sum(counts.values()))))
    plan: list[Proposed] = []
    for style, count in [*((s, counts[s]) for s in order), (SECURE, secure)]:
        name = catalogue.names.get(style, style)
        for info in list(catalogue.exercises.get(style, ()))[:count]:
            plan.append(Proposed(info.id, style, times_per_week(info.duration_minutes),
                                 reason_for(style, profile, name)))
    return plan
