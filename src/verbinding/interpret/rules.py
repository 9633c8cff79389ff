"""The product's rules about scores: which styles there are, what counts as high, when the
care box shows, and how a profile is summed up.

Every page, PDF, dashboard, plan and journal asks these functions; nothing else decides.
When a rule here changes, raise `VERSION`: results keep the reading they were made with.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from verbinding.content.models import STYLE_IDS, StyleId
from verbinding.interpret.numbers import rounded

# The version of these rules. A stored result records the version it was read with.
VERSION = "1"

# The one list of style ids, in the article's order (the content files are keyed by it).
STYLE_ORDER: tuple[StyleId, ...] = STYLE_IDS
SECURE: StyleId = "veilig"
INSECURE: tuple[StyleId, ...] = ("vermijdend", "angstig", "chaotisch")

# A mean of 5 is "een beetje eens" on average: from there we speak of a high score.
HIGH = 5.0
# The middle of the 1–7 scale: a band wholly above it is "clearly above the middle".
MIDDLE = 4.0
# The scales whose high score calls for the care box (trauma): the chaotic style in the
# profile, confusion (desorganisatie) in any relationship.
CARE_STYLE = "chaotisch"
CARE_RELATION_SCALE = "desorganisatie"


def is_high(score: float | None, high: float | None = None) -> bool:
    """High from `high` (default `HIGH`) on, judged on the figure people see: 4,96 shows
    as 5,0, so it is high."""
    if score is None or score != score:  # None or NaN: nothing to judge
        return False
    return rounded(score) >= rounded(HIGH if high is None else high)


def needs_care(chaotic: float | None, confusion: Iterable[float | None] = ()) -> bool:
    """The care rule: the chaotic style, or confusion towards anyone, scores high."""
    return is_high(chaotic) or any(is_high(value) for value in confusion)


def styles_in_order(ids: Iterable[str]) -> list[str]:
    wanted = set(ids)
    return [s for s in STYLE_ORDER if s in wanted]


def standing_out(scores: Mapping[str, float | None]) -> list[str]:
    """Insecure styles that ask for attention: the highest one, and every high one."""
    insecure = {s: v for s, v in scores.items() if s in INSECURE and v is not None}
    if not insecure:
        return []
    top = max(insecure.values())
    return styles_in_order(s for s, v in insecure.items() if v == top or is_high(v))


# ---------------------------------------------------------------- the verdict

VerdictKind = Literal["dominant", "mixed", "all_close", "all_alike", "none"]


@dataclass(frozen=True)
class Verdict:
    """The profile in one key (the wording belongs to the renderer) and its styles."""

    kind: VerdictKind
    styles: tuple[str, ...] = ()


def verdict(dominant: str | None, mixed: Sequence[str], all_alike: bool) -> Verdict:
    """From the measurement's classification (a difference test, see
    `verbinding.measure.profiles`) to what the page says about it."""
    if all_alike:
        return Verdict("all_alike")
    if dominant:
        return Verdict("dominant", (dominant,))
    if len(mixed) >= len(STYLE_ORDER):
        return Verdict("all_close", tuple(styles_in_order(mixed)))
    if mixed:
        return Verdict("mixed", tuple(styles_in_order(mixed)))
    return Verdict("none")



# ---------------------------------------------------------------- norms

# A norm group is a sample: "0 op de 10" or "10 op de 10" would claim a certainty it
# cannot give, so the wording stays between 1 and 9 tenths.
FEWEST_TENTHS, MOST_TENTHS = 1, 9


def out_of_ten(percentile: float | None) -> int | None:
    """A percentile (0–100) as "ongeveer X op de 10": the X, rounded half up and kept
    between 1 and 9; None when there is no percentile (no norms, or no score)."""
    if percentile is None or percentile != percentile:
        return None
    tenths = int(rounded(percentile / 10, 0))
    return min(MOST_TENTHS, max(FEWEST_TENTHS, tenths))
