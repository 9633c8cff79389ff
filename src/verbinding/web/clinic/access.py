"""Who may see what in the clinic. Every therapist page goes through these helpers.

Anything a person may not see is a 404, whether it exists or not: a therapist cannot
learn that someone has an account by guessing, and a client who ended the sharing is
gone from the therapist's side on the very next request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from verbinding.web.accounts.models import Role
from verbinding.web.clinic.models import ClientRecord, Sharing
from verbinding.web.requests import UserRequest

View = Callable[..., HttpResponse]


def _role_required(role: str) -> Callable[[View], View]:
    """Logged in (else the login page), of `role` (else 404). The two-factor middleware
    has already held back anyone of these roles who has not given a code."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: UserRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role != role or not request.user.is_verified():
                raise Http404("niet gevonden")
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


therapist_required = _role_required(Role.THERAPIST)
admin_required = _role_required(Role.ADMIN)


def sharing_for(request: UserRequest, public_id: uuid.UUID, what: str | None = None) -> Sharing:
    """The logged-in therapist's active sharing `public_id`, if it shares `what`; else 404."""
    sharing = (
        Sharing.objects.active()
        .filter(public_id=public_id, therapist=request.user)
        .select_related("client")
        .first()
    )
    if sharing is None or (what is not None and not sharing.shares(what)):
        raise Http404("niet gevonden")
    return sharing


def own_sharing(request: UserRequest, public_id: uuid.UUID) -> Sharing:
    """A client's own active sharing `public_id`; else 404."""
    sharing = (
        Sharing.objects.active()
        .filter(public_id=public_id, client=request.user)
        .select_related("therapist")
        .first()
    )
    if sharing is None:
        raise Http404("niet gevonden")
    return sharing


def own_client_record(request: UserRequest, public_id: uuid.UUID) -> ClientRecord:
    """The logged-in therapist's own client record `public_id`, shared or not; else 404.

    The clinic's file stays readable for the therapist who keeps it; the client's own
    data is reached only through `sharing_for`."""
    found = (
        ClientRecord.objects.filter(public_id=public_id, therapist=request.user)
        .select_related("client")
        .first()
    )
    if found is None:
        raise Http404("niet gevonden")
    return found
