"""Cells that a spreadsheet will not run: one helper for every CSV the product writes.

A cell that starts with = + - @ (or a tab or carriage return before one) is read by
Excel, LibreOffice and Google Sheets as a formula, so an e-mail address like
`=cmd|'/c calc'!a1@x.nl` or a diary line could run something on the reader's machine.
Such a text cell gets a leading apostrophe (OWASP's advice), which the spreadsheet shows
as plain text. Numbers stay numbers: `-1.5` in a score column is data, not a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """`value`, or for text a spreadsheet would run, the same text made inert."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]
