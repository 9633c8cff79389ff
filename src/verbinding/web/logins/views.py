"""A person's active sessions: see them, end one, or log out everywhere."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from verbinding.web.logins.models import BrowserSession
from verbinding.web.logins.store import key_hash
from verbinding.web.requests import UserRequest


def _this_hash(request: HttpRequest) -> str:
    return key_hash(request.session.session_key or "")


@login_required
@require_GET
def session_list(request: UserRequest) -> HttpResponse:
    rows = BrowserSession.objects.filter(
        user=request.user, expire_date__gt=timezone.now()
    ).order_by("-last_seen")
    current = _this_hash(request)
    sessions = [(row, row.key_hash == current) for row in rows]
    return render(request, "logins/sessions.html", {"sessions": sessions})


@login_required
@require_POST
def end_session(request: UserRequest, public_id: uuid.UUID) -> HttpResponse:
    """End one of the person's own sessions; anyone else's is a 404."""
    row = BrowserSession.objects.filter(user=request.user, public_id=public_id).first()
    if row is None:
        raise Http404("sessie niet gevonden")
    if row.key_hash == _this_hash(request):
        logout(request)
        return redirect("reading:home")
    row.delete()
    messages.success(request, _("Die sessie is beëindigd."))
    return redirect("logins:sessions")


@login_required
@require_POST
def end_everywhere(request: UserRequest) -> HttpResponse:
    """Overal uitloggen: every session of the account, this one too."""
    user = request.user
    logout(request)
    BrowserSession.objects.filter(user=user).delete()
    messages.success(request, _("Je bent overal uitgelogd."))
    return redirect("reading:home")
