from __future__ import annotations

from django.http import HttpRequest

from verbinding.content import library


def site(request: HttpRequest) -> dict[str, object]:
    """Navigation needs the style names on every page."""
    return {"nav_styles": list(library().styles.values())}
