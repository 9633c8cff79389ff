"""Response headers that tell the browser to load nothing from anywhere but this site,
and to keep no copy of a page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Scripts and styles only from our own files: no inline code, no inline styles (charts
# use SVG presentation attributes), no eval. Images may be data: URIs (none are now).
DEFAULT_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Health data: no page this app renders may stay in a browser's or a proxy's
        # cache (a shared computer's back button, a company proxy). Private is the
        # default; only a response that chose its own policy keeps it (WhiteNoise's
        # static files, which hold nothing personal).
        response.headers.setdefault("Cache-Control", "no-store")
        return response
