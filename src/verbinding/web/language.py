"""The interface language: Dutch unless the person chose English.

We do not follow the browser's Accept-Language: the product is Dutch first, and a
person switches on purpose (the switch in the footer). The choice lives in a cookie, and
for someone with an account also on their account, so e-mails follow it, and so does a
new device they log in on.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from verbinding.content.loader import follow_language
from verbinding.web.redirects import safe_next


def offered() -> frozenset[str]:
    """The languages the site offers: settings.LANGUAGES, the one list."""
    return frozenset(code for code, _ in settings.LANGUAGES)


def supported_language(code: str | None) -> str:
    """`code` when the site offers it, else the site's own language (LANGUAGE_CODE)."""
    return code if code and code in offered() else str(settings.LANGUAGE_CODE)


def chosen_language(request: HttpRequest) -> str:
    """This browser's choice first; else the account's (a new device); else the site's."""
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in offered():
        return cookie
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in offered():
        return str(user.language)
    return str(settings.LANGUAGE_CODE)


class LanguageMiddleware:
    """Activates the chosen language for the request (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        follow_language(translation.get_language)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


@require_GET
def set_language(request: HttpRequest, language: str) -> HttpResponse:
    """The footer's switch, a plain link (it works on cached pages, which carry no CSRF
    token): remember the choice and go back to the same page."""
    response = redirect(safe_next(request, "/"))
    if language not in offered():
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600,
        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE, httponly=True,
    )
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
