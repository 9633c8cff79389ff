"""One way to show a number, per language: scores, differences, percentages and dates.

The rounding rule: half away from zero (2,25 -> 2,3; -2,25 -> -2,3), on the decimal
figure a person would write down. A float is first read as its shortest decimal text
(`repr`: 2.25, not 2.2499999…), then rounded with `Decimal`. Python's `round()` and
`f"{x:.1f}"` round half to even on the binary value, which turned 2,25 into 2,2 on one
page and 2,3 on another.

A difference is taken between the rounded figures that are shown, so that
"2,3 → 1,0, verschil −1,3" always adds up.

Pure Python: the web pages (a template filter), the PDF, the charts, the CLI and the
e-mails call these functions with the language they write in.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

DASH = "–"  # a number that is missing (too few answers)
MINUS = "−"  # U+2212: the minus sign of typesetting, wider and clearer than "-"

MONTHS: dict[str, tuple[str, ...]] = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
# Dutch abbreviations as the Taaladviesdienst writes them ("mei" is short enough).
SHORT_MONTHS: dict[str, tuple[str, ...]] = {
    "nl": ("jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.",
           "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec"),
}


def _english(language: str | None) -> bool:
    return bool(language) and str(language).startswith("en")


def _missing(value: float | Decimal | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def rounded(value: float | Decimal, digits: int = 1) -> Decimal:
    """`value` to `digits` decimals, half away from zero (see the module's docs)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _written(value: Decimal, language: str | None) -> str:
    """A rounded figure with the language's decimal mark and a real minus sign."""
    text = f"{abs(value):f}"
    if not _english(language):
        text = text.replace(".", ",")
    return (MINUS + text) if value < 0 else text


def number(value: float | Decimal | None, language: str | None, digits: int = 2) -> str:
    """Any figure for people (a reliability 0,80): `digits` decimals; a dash when absent."""
    if _missing(value):
        return DASH
    assert value is not None
    return _written(rounded(value, digits), language)


def score(value: float | Decimal | None, language: str | None) -> str:
    """A score on the 1–7 scale, with one decimal: '2,3' in Dutch, '2.3' in English."""
    return number(value, language, 1)


def difference_value(before: float, after: float) -> Decimal:
    """After minus before, between the figures as shown (one decimal each)."""
    return rounded(after) - rounded(before)


def difference(before: float, after: float, language: str | None) -> str:
    """'+0,4', '−1,3' or '0,0': the change between two shown scores."""
    change = difference_value(before, after)
    text = _written(change, language)
    return "+" + text if change > 0 else text


def percent(share: float | None, language: str | None) -> str:
    """A share from 0 to 1 as a whole percentage: '80 %' in Dutch, '80%' in English."""
    if _missing(share):
        return DASH
    assert share is not None
    whole = _written(rounded(Decimal(repr(float(share))) * 100, 0), language)
    return f"{whole}%" if _english(language) else f"{whole} %"


def count(value: int, language: str | None) -> str:
    """A head count with thousands grouped: '1.240' in Dutch, '1,240' in English."""
    text = f"{value:,d}"
    return text if _english(language) else text.replace(",", ".")


def long_date(day: dt.date, language: str | None) -> str:
    """'6 december 2026' in Dutch, '6 December 2026' in English (day first in both)."""
    months = MONTHS["en" if _english(language) else "nl"]
    return f"{day.day} {months[day.month - 1]} {day.year}"


def short_date(day: dt.date, language: str | None) -> str:
    """'6 dec. 2026' in Dutch, '6 Dec 2026' in English: for tables and narrow columns."""
    months = SHORT_MONTHS["en" if _english(language) else "nl"]
    return f"{day.day} {months[day.month - 1]} {day.year}"
