"""Which questions a self-test asks, in what order, on which screen, with pauses between.

Pure functions over the instruments: the views and the API both use them, so a page
number, an item and its wording always mean the same thing everywhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import zip_longest
from typing import Literal

from django.utils import translation
from django.utils.translation import gettext

from verbinding.measure.instrument import Instrument, Target, shipped_instrument

STYLES_INSTRUMENT = "vier-stijlen"
RELATION_INSTRUMENT = "relatie"
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


# The relationship targets, their words, order and options live only in the relatie
# instrument file (src/verbinding/instruments/relatie.yaml); these read it.


def relation_targets() -> list[Target]:
    """The relationship targets in the order they are asked and shown."""
    return list(shipped_instrument(RELATION_INSTRUMENT).targets)


def optional_targets() -> tuple[str, ...]:
    return tuple(t.id for t in relation_targets() if t.optional)


def target_order() -> dict[str, int]:
    """Target id → its place in the file, to sort parts and table rows by."""
    return {t.id: index for index, t in enumerate(relation_targets())}


def _target_words(target: str, field: Literal["label", "about", "choice"], name: str) -> str:
    relation = shipped_instrument(RELATION_INSTRUMENT)
    language = translation.get_language() or "nl"
    try:
        return relation.target_text(target, field, language, name or None)
    except KeyError:  # a target an older file had: its id is all we know
        return name or target


def target_label(target: str, name: str = "") -> str:
    """Short label for tables and charts: 'Moeder', or the person's name with a capital
    like the other labels ('mijn oudste zus' → 'Mijn oudste zus'), in the active language,
    as a plain string."""
    label = _target_words(target, "label", name)
    return label[:1].upper() + label[1:] if name else label


def target_about(target: str, name: str = "") -> str:
    """Who a part is about, after "met" or "over": 'je moeder', or the person as the
    reader is spoken to ('mijn oudste zus' → 'je oudste zus', 'Anna' stays 'Anna')."""
    language = translation.get_language() or "nl"
    return _target_words(target, "about", spoken_to(name, language) if name else "")


# The words a person uses for their own people, and how the app says them back to them.
_POSSESSIVES = {
    "nl": (re.compile(r"\b(mijn|m'n|m’n)\b", re.IGNORECASE), "je"),
    "en": (re.compile(r"\bmy\b", re.IGNORECASE), "your"),
}


def spoken_to(name: str, language: str = "nl") -> str:
    """A typed name or description as the app says it to the person: their own 'mijn'
    ('my') becomes 'je' ('your'). A first name is left as it was typed.

    The one place for this turn of words: headings of the question screens, the result
    page and the PDF all get it through `target_about`.
    """
    pattern, yours = _POSSESSIVES.get(language[:2], _POSSESSIVES["nl"])
    return pattern.sub(yours, name)


def named_targets() -> tuple[str, ...]:
    """Targets the person names (a name they type: encrypted, never in derived text)."""
    return tuple(t.id for t in relation_targets() if t.named)


def target_choice(target: str) -> str:
    """The target's wording on the start form."""
    return _target_words(target, "choice", "")


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
        who = target_about(part.target, part.target_name)
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
