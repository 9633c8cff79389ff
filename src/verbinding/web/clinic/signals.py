"""The access log (NEN 7513) also records who logged in and out, and failed logins; and
a client's deletion closes the clinic's files on them instead of erasing them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from verbinding.web.accounts.models import Role
from verbinding.web.clinic.models import AuditEvent, ClientRecord

Action = AuditEvent.Action
# What stays of a deleted client's address in the lines they wrote themselves.
DELETED_CLIENT = "cliënt (account verwijderd)"


def _line(user: Any, action: str, what: str) -> None:
    AuditEvent.objects.create(actor=user, actor_email=user.email, action=action, what=what)


@receiver(user_logged_in, dispatch_uid="clinic_audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _line(user, Action.LOGIN, "ingelogd")


@receiver(user_logged_out, dispatch_uid="clinic_audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and user.is_authenticated:
        _line(user, Action.LOGOUT, "uitgelogd")


@receiver(user_login_failed, dispatch_uid="clinic_audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    """Only an address that has an account is written down: whatever else was typed into
    the field (a password in the wrong box, say) never reaches the log."""
    typed = str(credentials.get("username") or credentials.get("email") or "").strip()
    user = get_user_model().objects.filter(email__iexact=typed).first() if typed else None
    AuditEvent.objects.create(
        actor=user, actor_email=user.email if user else "", action=Action.LOGIN_FAILED,
        what="inloggen mislukt",
    )


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="clinic_close_client_records")
def _client_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Before a client's account goes, the clinic's files on them are closed (retention
    counts from now), and their address leaves the lines they wrote themselves. The keys
    to the account are then cleared by ON DELETE SET NULL."""
    if instance.role != Role.CLIENT:
        return
    now = timezone.now()
    for file in ClientRecord.objects.filter(client=instance):
        AuditEvent.objects.create(
            at=now, actor=None, actor_email=DELETED_CLIENT, client_record=file,
            action=Action.CONSENT, what="account verwijderd",
        )
    ClientRecord.objects.filter(client=instance, closed_at__isnull=True).update(closed_at=now)
    AuditEvent.objects.filter(actor=instance).update(actor_email=DELETED_CLIENT)
