"""Two-factor login for therapists and practice administrators (TOTP, recovery codes).

A therapist or administrator who has logged in with a password but not yet given a code
this session reaches nothing but these pages and the logout: not their dashboard, not a
client. The first time, setting up the authenticator app is that step.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import django_otp
import segno
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from verbinding.web.accounts.models import Role
from verbinding.web.redirects import safe_next

STAFF_ROLES = frozenset({Role.THERAPIST, Role.ADMIN})
RECOVERY_CODES = 10
PAGE = "clinic/"
# What a half-logged-in therapist may still reach: these pages, logging out, static files.
OPEN_PREFIXES = ("/praktijk/tweestaps/", "/account/uitloggen/", "/static/", "/health/")


def needs_second_factor(user: Any) -> bool:
    return bool(
        user.is_authenticated and user.role in STAFF_ROLES and not user.is_verified()
    )


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PREFIXES) and needs_second_factor(request.user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('clinic:twofactor')}?{query}")
        return self.get_response(request)


def _totp(user: Any, *, confirmed: bool) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def _qr_svg(url: str) -> str:
    qr = segno.make(url, error="m")
    svg: str = qr.svg_inline(
        scale=5, dark="#1f2937", light="#ffffff", title=_("QR-code"), omitsize=True
    )
    return svg


def _manual_key(device: TOTPDevice) -> str:
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


def _clean_code(raw: str) -> str:
    return "".join(raw.split()).lower()


def _verify(user: Any, code: str) -> Any:
    """The device (authenticator or recovery codes) that accepts `code`, or None.

    The devices are read FOR UPDATE (so two tries at once cannot both use one code),
    which PostgreSQL allows only inside a transaction."""
    with transaction.atomic():
        for device in django_otp.devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def _setup(request: HttpRequest, next_url: str) -> HttpResponse:
    """First login: add the authenticator app, prove it works, get recovery codes."""
    device = _totp(request.user, confirmed=False) or TOTPDevice.objects.create(
        user=request.user, name="authenticator-app", confirmed=False
    )
    error = ""
    if request.method == "POST":
        code = _clean_code(request.POST.get("code", ""))
        if code.isdigit() and device.verify_token(code):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            codes = new_recovery_codes(request.user)
            return render(request, PAGE + "recovery_codes.html",
                          {"codes": codes, "next": next_url, "first": True})
        error = _(
            "Die code klopt niet. Kijk of de tijd op je telefoon goed staat en probeer de "
            "nieuwste code."
        )
    context = {
        "qr": _qr_svg(device.config_url), "key": _manual_key(device),
        "error": error, "next": next_url,
    }
    return render(request, PAGE + "twofactor_setup.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def twofactor(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("clinic:home"))
    if request.user.role not in STAFF_ROLES or request.user.is_verified():
        return redirect(next_url)
    if _totp(request.user, confirmed=True) is None:
        return _setup(request, next_url)
    error = ""
    if request.method == "POST":
        device = _verify(request.user, _clean_code(request.POST.get("code", "")))
        if device is not None:
            django_otp.login(request, device)
            return redirect(next_url)
        error = _("Die code klopt niet of is al gebruikt. Probeer de nieuwste code uit je app.")
    return render(request, PAGE + "twofactor_verify.html", {"error": error, "next": next_url},
                  status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """See how many recovery codes are left; make a new set (the old ones stop working)."""
    if request.user.role not in STAFF_ROLES:
        return redirect("accounts:settings")
    if request.method == "POST":
        codes = new_recovery_codes(request.user)
        return render(request, PAGE + "recovery_codes.html",
                      {"codes": codes, "next": reverse("clinic:home"), "first": False})
    left = StaticToken.objects.filter(device__user=request.user).count()
    return render(request, PAGE + "recovery_status.html", {"left": left})
