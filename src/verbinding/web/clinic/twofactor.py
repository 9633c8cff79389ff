"""Two-factor login for therapists and clinic administrators (TOTP, recovery codes).

A therapist or administrator who has logged in with a password but not yet given a code
this session reaches nothing but these pages and the logout: not their dashboard, not a
client (verbinding.web.accounts.otp.RequireTwoFactorMiddleware). The first time, setting up the
authenticator app is that step. The devices and codes themselves are verbinding.web.accounts.otp,
shared with the clients' own optional second step.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from verbinding.web.accounts import otp
from verbinding.web.accounts.otp import STAFF_ROLES
from verbinding.web.redirects import safe_next
from verbinding.web.requests import UserRequest

PAGE = "clinic/"
# What a half-logged-in therapist may still reach: these pages, logging out, static files.
OPEN_PREFIXES = ("/praktijk/tweestaps/", *otp.ALWAYS_OPEN)


def _setup(request: HttpRequest, next_url: str) -> HttpResponse:
    """First login: add the authenticator app, prove it works, get recovery codes."""
    device = otp.pending_authenticator(request.user)
    error = ""
    if request.method == "POST":
        codes = otp.confirm_authenticator(request, device, request.POST.get("code", ""))
        if codes:
            return render(request, PAGE + "recovery_codes.html",
                          {"codes": codes, "next": next_url, "first": True})
        error = _(
            "Die code klopt niet. Kijk of de tijd op je telefoon goed staat en probeer de "
            "nieuwste code."
        )
    context = {
        "qr": otp.qr_svg(device), "key": otp.manual_key(device),
        "error": error, "next": next_url,
    }
    return render(request, PAGE + "twofactor_setup.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def twofactor(request: UserRequest) -> HttpResponse:
    next_url = safe_next(request, reverse("clinic:home"))
    if request.user.role not in STAFF_ROLES or request.user.is_verified():
        return redirect(next_url)
    if not otp.has_authenticator(request.user):
        return _setup(request, next_url)
    return otp.code_step(request, next_url, PAGE + "twofactor_verify.html")


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: UserRequest) -> HttpResponse:
    """See how many recovery codes are left; make a new set (the old ones stop working)."""
    if request.user.role not in STAFF_ROLES:
        return redirect("accounts:settings")
    if request.method == "POST":
        codes = otp.new_recovery_codes(request.user)
        return render(request, PAGE + "recovery_codes.html",
                      {"codes": codes, "next": reverse("clinic:home"), "first": False})
    left = otp.recovery_codes_left(request.user)
    return render(request, PAGE + "recovery_status.html", {"left": left})
