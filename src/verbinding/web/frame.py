"""The site frame every page shares: the menu, the footer links and the style names.

Not part of any one app: the reading pages, the self-test's cached result page and the
accounts all sit in it, so it lives beside them (Django's context processor setting
names `site`).
"""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest
from django.urls import reverse

from verbinding.content import library


@cache
def _links() -> dict[str, str]:
    # Every page shows the same menu and footer: reverse their URLs once per process.
    names: dict[str, str | tuple[str, str, int]] = {
        "home": "reading:home",
        "read": ("reading:paced", "inleiding", 1),
        "styles": "reading:overview",
        "selftest": "assessments:start",
        "card": "reading:daily_card",
        "help": "reading:help",
        "about": "reading:about",
    }
    out = {}
    for key, target in names.items():
        if isinstance(target, tuple):
            out[key] = reverse(target[0], args=target[1:])
        else:
            out[key] = reverse(target)
    return out


def site_links() -> dict[str, str]:
    """The menu and footer links, for a page rendered without a request (the cached
    result page)."""
    return _links()


def site(request: HttpRequest) -> dict[str, object]:
    """The menu, footer links and style names that every page needs."""
    return {"nav_styles": list(library().styles.values()), "links": _links()}
