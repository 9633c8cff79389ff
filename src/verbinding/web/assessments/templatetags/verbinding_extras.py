from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def nl1(value: Any) -> str:
    """One decimal, with a comma in Dutch and a point in English; a dash for a missing
    number."""
    if value is None or value == "":
        return "–"
    text = f"{float(value):.1f}"
    return text if get_language() == "en" else text.replace(".", ",")


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "–") if key else "–"
