"""Which questions a self-test asks, in what order, on which screen, with pauses between.

Pure functions over the instruments: the views and the API both use them, so a page
number, an item and its wording always mean the same thing everywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import zip_longest

from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from verbinding.measure.instrument import Instrument, shipped_instrument

STYLES_INSTRUMENT = "vier-stijlen"
RELATION_INSTRUMENT = "relatie"
OPTIONAL_TARGETS = ("moeder", "vader", "partner", "mannen", "vrouwen", "persoon")
ITEMS_PER_SCREEN = 5
PAUSE_EVERY = 15
SECONDS_PER_ITEM = 8  # a calm pace: read, feel, choose


@dataclass(frozen=True)
class Question:
    position: int  # of the assessment inside the self-test
    item_id: str
    text: str

    @property
    def key(self) -> str:
        """Form field name: unique across the self-test's assessments."""
        return f"a{self.position}-{self.item_id}"


@dataclass(frozen=True)
class Screen:
    number: int  # 1-based
    heading: str
    questions: tuple[Question, ...]
    pause_before: bool


def presentation_order(instrument: Instrument) -> list[str]:
    """Items interleaved across scales, so no screen is about one style only."""
    columns = [scale.items for scale in instrument.scales]
    ordered = [item for row in zip_longest(*columns) for item in row if item is not None]
    unscaled = [i for i in instrument.item_ids if i not in set(ordered)]
    return ordered + unscaled


def _chunks(items: list[str], size: int) -> list[list[str]]:
    """Split evenly: 12 items become 4+4+4 rather than 5+5+2."""
    count = max(1, math.ceil(len(items) / size))
    base, extra = divmod(len(items), count)
    out, start = [], 0
    for index in range(count):
        length = base + (1 if index < extra else 0)
        out.append(items[start : start + length])
        start += length
    return out


def estimate_minutes(n_relations: int) -> int:
    styles = shipped_instrument(STYLES_INSTRUMENT)
    relation = shipped_instrument(RELATION_INSTRUMENT)
    n_items = len(styles.items) + n_relations * len(relation.items)
    return max(1, round(n_items * SECONDS_PER_ITEM / 60))


# Per target: the short label ("Moeder") and the phrase after "met" ("je moeder"). Lazy:
# each is translated where it is shown, in the language active there.
TARGET_LABELS = {
    "algemeen": (gettext_lazy("In het algemeen"),
                 pgettext_lazy("met wie", "andere mensen in het algemeen")),
    "moeder": (gettext_lazy("Moeder"), pgettext_lazy("met wie", "je moeder")),
    "vader": (gettext_lazy("Vader"), pgettext_lazy("met wie", "je vader")),
    "partner": (gettext_lazy("Partner"), pgettext_lazy("met wie", "je partner")),
    "mannen": (gettext_lazy("Mannen"), pgettext_lazy("met wie", "mannen")),
    "vrouwen": (gettext_lazy("Vrouwen"), pgettext_lazy("met wie", "vrouwen")),
}


def target_label(target: str, name: str = "") -> str:
    """Short label for tables and charts: 'Moeder', or the person's name (in the active
    language, as a plain string)."""
    if target == "persoon":
        return name or gettext("Iemand")
    return str(TARGET_LABELS.get(target, (target.capitalize(), target))[0])


@dataclass(frozen=True)
class Part:
    """What the screens need to know about one assessment of the self-test."""

    position: int
    instrument_id: str
    target: str
    target_name: str
    language: str


def _heading(part: Part) -> str:
    """The screen's heading, in the language the self-test is taken in."""
    with translation.override(part.language):
        if part.instrument_id == STYLES_INSTRUMENT:
            return gettext("Hoe je je meestal verbindt")
        if part.target == "persoon":
            who = part.target_name
        else:
            who = str(TARGET_LABELS.get(part.target, ("", part.target))[1])
        return gettext("Hoe je je verbindt met %(who)s") % {"who": who}


def questions_for(part: Part) -> list[Question]:
    instrument = shipped_instrument(part.instrument_id)
    target = part.target or None
    return [
        Question(
            part.position,
            item_id,
            instrument.item_text(item_id, part.language, target, part.target_name or None),
        )
        for item_id in presentation_order(instrument)
    ]


def build_screens(parts: list[Part]) -> list[Screen]:
    """All screens of a self-test; a pause comes before a screen once ~15 items have passed."""
    screens: list[Screen] = []
    since_pause = 0
    for part in sorted(parts, key=lambda p: p.position):
        for chunk in _chunks_of_questions(questions_for(part)):
            pause = since_pause >= PAUSE_EVERY
            since_pause = 0 if pause else since_pause
            screens.append(Screen(len(screens) + 1, _heading(part), tuple(chunk), pause))
            since_pause += len(chunk)
    return screens


def _chunks_of_questions(questions: list[Question]) -> list[list[Question]]:
    index = {q.item_id: q for q in questions}
    return [[index[i] for i in chunk] for chunk in _chunks(list(index), ITEMS_PER_SCREEN)]
