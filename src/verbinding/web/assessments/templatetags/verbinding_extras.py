from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def nl1(value: Any) -> str:
    """One decimal with a Dutch comma; a dash for a missing number."""
    if value is None or value == "":
        return "–"
    return f"{float(value):.1f}".replace(".", ",")


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "–") if key else "–"
