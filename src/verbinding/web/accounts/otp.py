"""The second login step, shared by the practice (where it is required) and clients (who
may turn it on): the authenticator app (TOTP), its QR code and manual key, ten single-use
recovery codes, checking a code, and the middleware that holds a person who gave their
password but not yet a code.

Guessing is slowed down by django-otp itself: every device doubles its waiting time after
each wrong code (1 s, 2 s, 4 s, ...), and refuses even a right code until that time is
over. The password step has its own lockout (django-axes).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_otp
import segno
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from verbinding.web.accounts.models import Role
from verbinding.web.requests import Request

STAFF_ROLES = frozenset({Role.THERAPIST, Role.ADMIN})
RECOVERY_CODES = 10
# A code from the app has 6 digits, a recovery code 8 letters and digits; anything much
# longer is not a code, and is refused without touching the devices.
LONGEST_CODE = 16
APP_CODE_DIGITS = 6  # what an authenticator app shows (TOTPDevice.digits)
# Reachable by a half-logged-in person, besides the page that asks for their code.
ALWAYS_OPEN = ("/account/uitloggen/", "/static/", "/health/")


def authenticator(user: Any, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def has_authenticator(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_authenticator(user: Any) -> TOTPDevice:
    """The app being set up (not yet proven to work); made on the first visit."""
    return authenticator(user, confirmed=False) or TOTPDevice.objects.create(
        user=user, name="authenticator-app", confirmed=False
    )


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// link as an inline SVG: drawn here, no outside service."""
    qr = segno.make(device.config_url, error="m")
    svg: str = qr.svg_inline(
        scale=5, dark="#1f2937", light="#ffffff", title=_("QR-code"), omitsize=True
    )
    return svg


def manual_key(device: TOTPDevice) -> str:
    """The secret in groups of four, for phones that cannot scan."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def new_recovery_codes(user: Any) -> list[str]:
    """Replace any earlier recovery codes by fresh ones; each works once."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name="herstelcodes", defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def recovery_codes_left(user: Any) -> int:
    return int(StaticToken.objects.filter(device__user=user).count())


def clean_code(raw: str) -> str:
    """People type codes with spaces (as the app shows them) and recovery codes in capitals."""
    return "".join(raw.split()).lower()


@dataclass(frozen=True)
class CodeCheck:
    """What became of a code: the device that accepted it, or why not."""

    device: Any = None
    waited_too_little: bool = False

    def error(self) -> str:
        """The one sentence for a code that did not open the door."""
        if self.waited_too_little:
            return _(
                "Er zijn kort na elkaar te veel codes geprobeerd. Wacht even en probeer "
                "dan de nieuwste code uit je app."
            )
        return _("Die code klopt niet of is al gebruikt. Probeer de nieuwste code uit je app.")


def verify(user: Any, raw: str) -> CodeCheck:
    """Try a code on the person's authenticator and recovery codes.

    The devices are read FOR UPDATE (so two tries at once cannot both use one code),
    which PostgreSQL allows only inside a transaction. A device still waiting after a
    wrong code refuses every code, the right one too; that is told apart, so the person
    knows to wait rather than to doubt their app."""
    code = clean_code(raw)
    if not code or len(code) > LONGEST_CODE:
        return CodeCheck()
    # A code goes only to the kind of device it can belong to: six digits to the app,
    # anything else to the recovery codes. Tried on both, a recovery code would count as a
    # wrong app code and make the app's next right code wait (seen in the browser journey).
    from_app = code.isdigit() and len(code) == APP_CODE_DIGITS
    with transaction.atomic():
        devices = [
            device
            for device in django_otp.devices_for_user(user, confirmed=True, for_verify=True)
            if isinstance(device, TOTPDevice) == from_app
        ]
        waiting = any(not device.verify_is_allowed()[0] for device in devices)
        for device in devices:
            if device.verify_token(code):
                return CodeCheck(device=device)
    return CodeCheck(waited_too_little=waiting)


def code_step(request: HttpRequest, next_url: str, template: str) -> HttpResponse:
    """The second login step, for clients and staff alike: a posted code (or a recovery
    code, once) that checks out marks the session verified and goes on to `next_url`;
    anything else shows `template` again with one sentence."""
    error = ""
    if request.method == "POST":
        check = verify(request.user, request.POST.get("code", ""))
        if check.device is not None:
            django_otp.login(request, check.device)
            return redirect(next_url)
        error = check.error()
    return render(request, template, {"error": error, "next": next_url},
                  status=400 if error else 200)


def confirm_authenticator(request: HttpRequest, device: TOTPDevice, raw: str) -> list[str]:
    """Turn the app on once it shows a right code: this session counts as verified, and
    the person gets fresh recovery codes. An empty list means the code was not right."""
    code = clean_code(raw)
    if not (code.isdigit() and len(code) <= LONGEST_CODE and device.verify_token(code)):
        return []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    return new_recovery_codes(request.user)


def turn_off(user: Any) -> None:
    """Remove the app and the recovery codes: the next login asks for the password only."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def held_at(user: Any) -> str:
    """The page that asks a half-logged-in person for their code, or "" if they may go on:
    therapists and administrators always give a code, clients when they turned it on."""
    if not user.is_authenticated or user.is_verified():
        return ""
    if user.role in STAFF_ROLES:
        return reverse("clinic:twofactor")
    if has_authenticator(user):
        return reverse("accounts:login_code")
    return ""


class RequireTwoFactorMiddleware:
    """Sends a half-logged-in person to their code page from everywhere else, so they
    reach nothing of theirs (nor a client's) with a password alone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: Request) -> HttpResponse:
        if not request.path.startswith(ALWAYS_OPEN):
            hold = held_at(request.user)
            # Read by the menu, which shows nothing but the way out while someone is held.
            request.second_step_pending = bool(hold)
            if hold and not request.path.startswith(hold):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{hold}?{query}")
        return self.get_response(request)
