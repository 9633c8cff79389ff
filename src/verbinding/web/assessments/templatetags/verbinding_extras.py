from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from verbinding.interpret import numbers

register = template.Library()


@register.filter
def nl1(value: Any) -> str:
    """A score with one decimal in the active language (2,3 or 2.3), rounded the one way
    (`interpret.numbers`); a dash for a missing number."""
    if value is None or value == "":
        return numbers.DASH
    return numbers.score(float(value), get_language())


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value: dt.date | dt.datetime) -> dt.date:
    local = _local(value)
    return local.date() if isinstance(local, dt.datetime) else local


# Every date and time on a page goes through these (never Django's `date` filter with
# its own month names and formats): `interpret.numbers` writes them, from CLDR.


@register.filter
def when(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """A date in the active language, in one of `numbers.DATE_PATTERNS`:
    {{ d|when }} '6 december 2026', {{ d|when:"weekday" }} 'zondag 6 december 2026'."""
    return "" if value is None else numbers.when(_day(value), get_language(), style)


@register.filter
def when_time(value: dt.datetime | None, style: str = "long") -> str:
    """As `when`, with the local time after it: '6 december 2026, 14:05'."""
    if value is None:
        return ""
    return numbers.when(_local(value), get_language(), style, with_time=True)


@register.filter
def time_of_day(value: dt.datetime | dt.time | None) -> str:
    """'14:05', in the local time zone."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return numbers.time_of_day(value, get_language())


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    """'6 december 2026' (Dutch) or '6 December 2026', never an English month in Dutch."""
    return when(value, "long")


@register.filter
def short_date(value: dt.date | dt.datetime | None) -> str:
    """'6 dec 2026' (Dutch) or '6 Dec 2026': for tables."""
    return when(value, "short")


@register.filter
def percent(value: Any) -> str:
    """A share from 0 to 1 as a whole percentage: '80 %' (Dutch) or '80%'."""
    if value is None or value == "":
        return numbers.DASH
    return numbers.percent(float(value), get_language())


@register.filter
def percent_figure(value: Any) -> str:
    """The whole percentage of a share without its sign ('80'), for sentences that write
    the sign themselves."""
    if value is None or value == "":
        return numbers.DASH
    return numbers.percent_figure(float(value), get_language())


@register.filter
def figure(value: Any, digits: int = 1) -> str:
    """Any figure with `digits` decimals in the active language ('0,80'); a dash when
    missing."""
    if value is None or value == "":
        return numbers.DASH
    return numbers.number(float(value), get_language(), int(digits))


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "–") if key else "–"
