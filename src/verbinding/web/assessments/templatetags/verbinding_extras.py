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


def _day(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def long_date(value: dt.date | dt.datetime | None) -> str:
    """'6 december 2026' (Dutch) or '6 December 2026', never an English month in Dutch."""
    return "" if value is None else numbers.long_date(_day(value), get_language())


@register.filter
def short_date(value: dt.date | dt.datetime | None) -> str:
    """'6 dec. 2026' (Dutch) or '6 Dec 2026': for tables."""
    return "" if value is None else numbers.short_date(_day(value), get_language())


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "–") if key else "–"
