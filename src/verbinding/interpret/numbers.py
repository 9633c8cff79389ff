"""One way to show a number, per language: scores, differences, percentages and dates.

The rounding rule: half away from zero (2,25 -> 2,3; -2,25 -> -2,3), on the decimal
figure a person would write down. A float is first read as its shortest decimal text
(`repr`: 2.25, not 2.2499999…), then rounded with `Decimal`. Python's `round()` and
`f"{x:.1f}"` round half to even on the binary value, which turned 2,25 into 2,2 on one
page and 2,3 on another.

A difference is taken between the rounded figures that are shown, so that
"2,3 → 1,0, verschil −1,3" always adds up.

What a language writes differently comes from data, never from a branch on a language
code: the decimal mark, the thousands separator and the month names from CLDR (the
`babel` package), keyed by the language code; an unknown code gets the source language's
(Dutch) conventions. Two choices of this project are the same everywhere: a real minus
sign (U+2212) and the day before the month in dates. How a percentage is written
("80 %" in Dutch, "80%" in English) is a line of the gettext catalogue
(`pgettext("percentage", "{number} %")`), because CLDR writes Dutch without the space
the Taaladviesdienst prefers and our Dutch prose ("90 %-band") uses.

Surfaces (all call these functions; nothing formats a figure or a date on its own):
- pages: the template filters `nl1`, `figure`, `percent`, `percent_figure`, `when`,
  `when_time`, `time_of_day`, `long_date` and `short_date` (built into every template;
  Django's `date`, `time`, `floatformat` and `widthratio` are not used for people);
  the PDF, the charts and the e-mails: the rounded figure in the reader's language.
- the CLI's tables for researchers (`instrument show`, `analyse`, `calibrate`):
  `research_figure`, rounded the same way but with a decimal point, as in their
  statistics software and in the machine files next to it.
- machine-readable exports keep the stored figure in full with a decimal point and
  dates in ISO 8601, because a researcher or a person re-using their data expects the
  value itself, not a rounded copy: the person's own export (`about_figures` says so,
  in their language: `machine_note`), the JSON API (its description says so), the
  `verbinding score` CSV/JSON. The research export holds raw answers (integers) and a
  codebook; the practice's audit-trail CSV holds ISO timestamps and no figures.
  Rounding a stored figure with `rounded()` gives what people were shown.

Pure Python: the web pages (a template filter), the PDF, the charts, the CLI and the
e-mails call these functions with the language they write in.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel import dates as cldr_dates
from babel import numbers as cldr_numbers

from verbinding.i18n import SOURCE_LANGUAGE, gettext, gettext_noop, pgettext

DASH = "–"  # a number that is missing (too few answers)
MINUS = "−"  # U+2212: the minus sign of typesetting, wider and clearer than "-"
# What machine-readable exports say about their figures (a gettext msgid; see
# `machine_note`).
MACHINE_NOTE = gettext_noop(
    "Cijfers staan hier volledig, met een punt als decimaalteken (2.25). Op de pagina's, "
    "in de pdf en in e-mails staan ze afgerond op één decimaal, de helft van nul af "
    "(2.25 wordt 2,3). Datums en tijden staan in ISO 8601 (2026-12-06T14:05:00+01:00)."
)
# The ways a date is written, as CLDR patterns: the names come from the language's CLDR
# data, the order is ours (day before month, a 24-hour clock) in every language.
DATE_PATTERNS = {
    "long": "d MMMM y",  # 6 december 2026
    "short": "d MMM y",  # 6 dec 2026, for tables
    "day_month": "d MMMM",  # 6 december
    "short_day_month": "d MMM",  # 6 dec, under a bar
    "weekday": "EEEE d MMMM y",  # zondag 6 december 2026
    "weekday_day_month": "EEEE d MMMM",  # zondag 6 december
    "month_year": "LLLL y",  # december 2026
    "short_weekday_day_month": "EEE d MMM",  # zo 6 dec
}
TIME_PATTERN = "HH:mm"


@cache
def _locale(language: str | None) -> Locale:
    """The CLDR data of `language` ('en-gb' and 'en_GB' both work); the source language's
    when CLDR does not know it."""
    for code in (language, SOURCE_LANGUAGE):
        if code:
            try:
                return Locale.parse(str(code).replace("-", "_"))
            except (UnknownLocaleError, ValueError):
                continue
    return Locale.parse(SOURCE_LANGUAGE)


def decimal_mark(language: str | None) -> str:
    return str(cldr_numbers.get_decimal_symbol(_locale(language)))


def _group_mark(language: str | None) -> str:
    return str(cldr_numbers.get_group_symbol(_locale(language)))


def _missing(value: float | Decimal | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def rounded(value: float | Decimal, digits: int = 1) -> Decimal:
    """`value` to `digits` decimals, half away from zero (see the module's docs)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _written(value: Decimal, language: str | None) -> str:
    """A rounded figure with the language's decimal mark and a real minus sign."""
    text = f"{abs(value):f}".replace(".", decimal_mark(language))
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
    return pgettext("percentage", "{number} %", language).format(
        number=percent_figure(share, language))


def percent_figure(share: float | None, language: str | None) -> str:
    """The figure of a percentage without its sign ('80'), for a sentence that writes
    the sign itself ("{{ percentage }} % positief")."""
    if _missing(share):
        return DASH
    assert share is not None
    return _written(rounded(Decimal(repr(float(share))) * 100, 0), language)


def count(value: int, language: str | None) -> str:
    """A head count with thousands grouped: '1.240' in Dutch, '1,240' in English."""
    text = f"{abs(value):,d}".replace(",", _group_mark(language))
    return (MINUS + text) if value < 0 else text


def machine_note(language: str | None) -> str:
    """What an export says about its figures and dates, in `language`."""
    return gettext(MACHINE_NOTE, language)


def research_figure(value: float | None, digits: int = 3) -> str:
    """A figure in a researcher's table (the CLI's analyse, calibrate and instrument
    show): rounded the one way, with a decimal point as in their statistics software and
    in the machine files; empty when missing."""
    if _missing(value):
        return ""
    assert value is not None
    text = f"{abs(rounded(value, digits)):f}"
    return ("-" + text) if rounded(value, digits) < 0 else text


def time_of_day(moment: dt.time | dt.datetime, language: str | None) -> str:
    """'14:05': a 24-hour clock in every language (the site is Dutch first)."""
    return str(cldr_dates.format_time(moment, TIME_PATTERN, locale=_locale(language)))


def when(
    moment: dt.date | dt.datetime, language: str | None, style: str = "long",
    with_time: bool = False,
) -> str:
    """A date in one of `DATE_PATTERNS` ('6 december 2026'), with ', 14:05' after it
    when `with_time` (give a datetime already in the reader's time zone)."""
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    text = str(cldr_dates.format_date(day, DATE_PATTERNS[style], locale=_locale(language)))
    if with_time and isinstance(moment, dt.datetime):
        text += ", " + time_of_day(moment, language)
    return text


def long_date(day: dt.date, language: str | None) -> str:
    """'6 december 2026' in Dutch, '6 December 2026' in English (day first in both)."""
    return when(day, language, "long")


def short_date(day: dt.date, language: str | None) -> str:
    """'6 dec 2026' in Dutch, '6 Dec 2026' in English: for tables and narrow columns."""
    return when(day, language, "short")
