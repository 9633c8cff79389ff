"""Per request: note where a session is used from, keep its 'last seen' roughly current,
and end a therapist's or administrator's session after idle time or a long day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinding.web.accounts.models import Role
from verbinding.web.logins import client
from verbinding.web.logins.models import BrowserSession
from verbinding.web.logins.store import SessionStore

# Writing 'last seen' on every request would cost every request a write; once a minute
# is precise enough for the list of sessions and for the idle timeout.
TOUCH_EVERY = timedelta(minutes=1)


def staff_timeout(user: Any, row: BrowserSession, now: datetime) -> str | None:
    """Why a practice account's session is over (a message for the person), or None."""
    if not user.is_authenticated or user.role == Role.CLIENT:
        return None
    if now - row.created_at > timedelta(hours=settings.STAFF_SESSION_MAX_HOURS):
        return _("Je was lang ingelogd. Log opnieuw in om verder te gaan.")
    if now - row.last_seen > timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES):
        return _("Je was een tijd niet actief. Log opnieuw in om verder te gaan.")
    return None


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        store = request.session
        if isinstance(store, SessionStore):
            store.client = client.describe(request)
            if ended := self._check(request, store):
                return ended
        return self.get_response(request)

    def _check(self, request: HttpRequest, store: SessionStore) -> HttpResponse | None:
        if not store.session_key:
            return None
        store.get("_auth_user_id")  # loads the row, once, as the view would
        row, now = store.row, timezone.now()
        if row is None:
            return None
        if reason := staff_timeout(request.user, row, now):
            logout(request)
            messages.info(request, reason)
            return redirect_to_login(request.get_full_path())
        if now - row.last_seen >= TOUCH_EVERY:
            store.modified = True
        return None
