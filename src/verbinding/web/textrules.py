"""What may be in a text a person types: no control characters.

A NUL, an escape or a noncharacter in a name broke every PDF of that self-test (typst
refuses them) and, on PostgreSQL, a NUL makes the row impossible to store at all. Nobody
types such characters on purpose, so they are refused where text comes in, with one
sentence, before anything is saved. Tabs and line breaks are fine where a text may have
more than one line (a diary, a note); a one-line field (a name, a label) refuses them too.

One rule, used in three places: `PlainTextForm` for Django forms, `check_text` for the
services that read a POST themselves, and `PlainLine` for the JSON API's schemas.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator

LINE_BREAKS = frozenset("\n\r\t")
# Unicode's own "never a character" code points: U+FDD0..U+FDEF and the last two of
# every plane (U+FFFE, U+FFFF, U+1FFFE, ...).
NONCHARACTER_BLOCK = range(0xFDD0, 0xFDF0)

CONTROL_MESSAGE = gettext_lazy(
    "Er staat een onzichtbaar teken in deze tekst dat we niet kunnen bewaren. Typ de tekst "
    "opnieuw, of plak hem zonder opmaak."
)
ONE_LINE_MESSAGE = gettext_lazy(
    "Dit veld is voor één regel tekst. Haal de regelovergang of tab weg."
)


def _is_forbidden(char: str) -> bool:
    code = ord(char)
    if code in NONCHARACTER_BLOCK or (code & 0xFFFE) == 0xFFFE:
        return True
    # Cc: control characters (C0, DEL, C1); Cs: lone surrogates, which JSON can carry
    # ("\ud800") but no database can store as UTF-8.
    return unicodedata.category(char) in ("Cc", "Cs")


def text_problem(text: str, *, multiline: bool = False) -> str:
    """The sentence that says what is wrong with `text`, or "" when it may be stored."""
    for char in text:
        if char in LINE_BREAKS:
            if not multiline:
                return str(ONE_LINE_MESSAGE)
        elif _is_forbidden(char):
            return str(CONTROL_MESSAGE)
    return ""


def check_text(text: str, *, multiline: bool = False) -> None:
    """Raise Django's ValidationError (code "control_character") for text not to store."""
    problem = text_problem(text, multiline=multiline)
    if problem:
        raise ValidationError(problem, code="control_character")


class PlainTextValidator:
    """A form field validator; a class (not a closure) so forms can be deep-copied."""

    def __init__(self, *, multiline: bool) -> None:
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            check_text(value, multiline=self.multiline)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline

    def __hash__(self) -> int:
        return hash(self.multiline)


class PlainTextForm:
    """Mixin for every form a person types into: each text field refuses control
    characters; a textarea may have line breaks and tabs, a one-line field may not.

    Put it first among the bases: ``class DiaryForm(PlainTextForm, forms.Form)``."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.CharField):
                continue
            # Django's own NUL check says the same in other words: one sentence is enough.
            field.validators = [
                v for v in field.validators
                if not isinstance(v, validators.ProhibitNullCharactersValidator)
            ]
            field.validators.append(
                PlainTextValidator(multiline=isinstance(field.widget, forms.Textarea))
            )


def _plain_line(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


# For the JSON API's input schemas: a refused string (one line) is a 422 with the sentence above.
PlainLine = Annotated[str, AfterValidator(_plain_line)]
