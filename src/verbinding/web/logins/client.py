"""What a person's list of sessions says about a browser, in plain words: which browser,
on which system, from roughly which network. Read from the request, never typed."""

from __future__ import annotations

from django.http import HttpRequest

from verbinding.web.clientip import client_ip, coarse_network

# Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", and Android says
# "Linux".
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
           ("Linux", "Linux"))


def _first(agent: str, known: tuple[tuple[str, str], ...]) -> str:
    return next((name for mark, name in known if mark in agent), "")


def describe(request: HttpRequest) -> dict[str, str]:
    """The fields of a BrowserSession that describe where it is used from."""
    agent = request.META.get("HTTP_USER_AGENT", "")[:512]
    return {
        "browser": _first(agent, BROWSERS),
        "system": _first(agent, SYSTEMS),
        "network": coarse_network(client_ip(request)),
    }
