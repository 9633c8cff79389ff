"""Ending sessions when a password changes, and login events for a later audit trail."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from verbinding.web.clientip import client_ip, coarse_network
from verbinding.web.logins.models import BrowserSession

log = logging.getLogger("verbinding.logins")


@receiver(pre_save, sender=get_user_model())
def end_sessions_on_new_password(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A new password (changed, reset, or set by an operator) ends every session of the
    account at once. `_password` is set by `set_password` until the user is saved. A view
    that keeps the person logged in calls `update_session_auth_hash` after saving, which
    gives the current browser a fresh session."""
    if instance.pk is not None and getattr(instance, "_password", None) is not None:
        BrowserSession.objects.filter(user_id=instance.pk).delete()


def _where(request: HttpRequest | None) -> str:
    return coarse_network(client_ip(request)) if request is not None else ""


# Login events, for the audit trail to pick up later: no address and no password is
# logged, only the account's id (when known), what happened and a coarse network.
@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    log.info("login", extra={"event": "login", "user_id": user.pk, "network": _where(request)})


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    user_id = getattr(user, "pk", None)
    log.info("logout", extra={"event": "logout", "user_id": user_id, "network": _where(request)})


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: Any, request: HttpRequest | None = None,
                  **kwargs: Any) -> None:
    log.info("login failed", extra={"event": "login_failed", "network": _where(request)})
