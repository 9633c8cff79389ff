"""Proving an e-mail address: at sign-up, and when a person changes theirs.

The links carry a sealed token (verbinding.crypto.seal: encrypted, timestamped), so the
new address is in the link without anyone who sees the link being able to read it, and
nothing about a pending change is stored. A token names its purpose, the account and the
address it was made for; it is refused once the account's address is no longer the one
it was made for, so a used change link cannot be used again.

What an unverified account may do (docs/security.md): everything in the app, but no mail
other than the verification goes to its address (no reminders).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from verbinding import crypto
from verbinding.web.accounts.models import User

VERIFY = "verify"
CHANGE = "change"
MAX_AGE = {VERIFY: int(dt.timedelta(days=3).total_seconds()),
           CHANGE: int(dt.timedelta(days=1).total_seconds())}
PAGE = "accounts/"


@dataclass(frozen=True)
class Claim:
    """What a valid token says: this account may have this address."""

    user: User
    address: str


def make_token(purpose: str, user: User, address: str) -> str:
    payload = {"p": purpose, "u": user.pk, "e": address, "was": user.email}
    return crypto.seal(json.dumps(payload))


def read_token(purpose: str, token: str) -> Claim | None:
    """The claim of a token that is ours, fresh, of this purpose and still current."""
    try:
        payload = json.loads(crypto.unseal(token, MAX_AGE[purpose]))
    except (crypto.DecryptionError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        return None
    user_id = payload.get("u")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email != payload.get("was"):
        return None
    return Claim(user, str(payload.get("e", "")))


def _mail(user: User, to: str, template: str, context: dict[str, Any]) -> None:
    """A plain-text mail in the account's own language; first line is the subject."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        text = render_to_string(PAGE + template, {"user": user, **context})
    subject, _blank, body = text.strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def send_verification(user: User, site: str) -> None:
    """Mail a link that confirms the account's address. `site` is the scheme and host."""
    token = make_token(VERIFY, user, user.email)
    link = site + reverse("accounts:confirm_email", args=[token])
    _mail(user, user.email, "mail_verify.txt", {"link": link})


def confirm(claim: Claim) -> None:
    if claim.user.email_verified_at is None:
        claim.user.email_verified_at = timezone.now()
        claim.user.save(update_fields=["email_verified_at"])


def mark_verified(user: User) -> None:
    """The person proved the address another way (a password reset link reached them)."""
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


def request_change(user: User, new_address: str, site: str) -> None:
    """Mail a confirmation link to the new address and a notice to the current one. The
    account keeps its address until the link is opened."""
    token = make_token(CHANGE, user, new_address)
    link = site + reverse("accounts:confirm_email_change", args=[token])
    _mail(user, new_address, "mail_change_new.txt", {"link": link, "new": new_address})
    _mail(user, user.email, "mail_change_old.txt", {"new": new_address})


class AddressTaken(Exception):
    """Another account has this address by now."""


def apply_change(claim: Claim) -> None:
    user = claim.user
    if User.objects.filter(email__iexact=claim.address).exclude(pk=user.pk).exists():
        raise AddressTaken
    user.email = claim.address
    user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:  # taken between the check and the save
        raise AddressTaken from None
