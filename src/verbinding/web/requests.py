"""The request as this app's middleware leaves it, said for the type checker.

Django's HttpRequest knows neither django-htmx's `request.htmx` nor that a view behind
`login_required` always has a real account in `request.user` (not AnonymousUser). Views
annotate their request with these classes; at run time Django passes its own request
object, and these classes add nothing to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from verbinding.web.accounts.models import User


class Request(HttpRequest):
    """Any request: HtmxMiddleware sets `htmx` on each; RequireTwoFactorMiddleware sets
    `second_step_pending` on each outside its always-open paths."""

    htmx: HtmxDetails
    second_step_pending: bool


class UserRequest(Request):
    """A request that passed `login_required` (or a check of `is_authenticated`)."""

    user: User
