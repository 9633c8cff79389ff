"""What a self-test holds and whom its parts are about: the two instruments, and the
relationship targets with their words.

The targets, their words, order and options live only in the relatie instrument file
(src/verbinding/instruments/relatie.yaml); these functions read it, so a new target is
a change to that file (and its translations) alone.
"""

from __future__ import annotations

import re
from typing import Literal

from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext

from verbinding.measure.instrument import Target
from verbinding.web.assessments import instruments

STYLES_INSTRUMENT = "vier-stijlen"
RELATION_INSTRUMENT = "relatie"


def relation_targets() -> list[Target]:
    """The relationship targets in the order they are asked and shown."""
    return list(instruments.current(RELATION_INSTRUMENT).targets)


def optional_targets() -> tuple[str, ...]:
    return tuple(t.id for t in relation_targets() if t.optional)


def target_order() -> dict[str, int]:
    """Target id → its place in the file, to sort parts and table rows by."""
    return {t.id: index for index, t in enumerate(relation_targets())}


def _target_words(target: str, field: Literal["label", "about", "choice"], name: str) -> str:
    relation = instruments.current(RELATION_INSTRUMENT)
    language = translation.get_language() or settings.LANGUAGE_CODE
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
    return _target_words(target, "about", spoken_to(name) if name else "")


def spoken_to(name: str) -> str:
    """A typed name or description as the app says it to the person, in the active
    language: their own 'mijn' ('my') becomes 'je' ('your'). A first name is left as it
    was typed.

    The one place for this turn of words: headings of the question screens, the result
    page and the PDF all get it through `target_about`. The words come from the catalogue
    (a language lists its own possessive forms), not from code.
    """
    # Translators: the words a person uses for "my", separated by |, as they may type them.
    mine = pgettext("possessive typed by the person", "mijn|m'n|m’n")
    # Translators: how the app says "your" back to the person (informal).
    yours = pgettext("possessive said back to the person", "je")
    words = "|".join(re.escape(word) for word in mine.split("|") if word)
    if not words:
        return name
    return re.sub(rf"\b(?:{words})\b", yours, name, flags=re.IGNORECASE)


def named_targets() -> tuple[str, ...]:
    """Targets the person names (a name they type: encrypted, never in derived text)."""
    return tuple(t.id for t in relation_targets() if t.named)


def target_choice(target: str) -> str:
    """The target's wording on the start form."""
    return _target_words(target, "choice", "")
