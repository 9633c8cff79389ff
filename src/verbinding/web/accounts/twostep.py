"""A client's own choice of a second login step: a code from an authenticator app after
the password. Turning it on, the code at login, new recovery codes, turning it off.

Therapists and administrators must use it and manage it in the practice
(clinic/twofactor.py); both flows use the same devices and checks (verbinding.web.accounts.otp).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY

from verbinding.web.accounts import otp
from verbinding.web.accounts.forms import TwoStepOffForm
from verbinding.web.redirects import safe_next
from verbinding.web.requests import UserRequest

PAGE = "accounts/"
View = Callable[[UserRequest], HttpResponse]


def _for_clients(view: View) -> View:
    """Practice accounts have their required second step in the practice, not here."""

    @wraps(view)
    def wrapped(request: UserRequest) -> HttpResponse:
        if request.user.role in otp.STAFF_ROLES:
            return redirect("clinic:recovery_codes")
        return view(request)

    return login_required(wrapped)


@_for_clients
@require_http_methods(["GET"])
def status(request: UserRequest) -> HttpResponse:
    """On or off, why it helps, and what to do when the phone is lost."""
    on = otp.has_authenticator(request.user)
    left = otp.recovery_codes_left(request.user) if on else 0
    return render(request, PAGE + "twostep.html", {"on": on, "left": left})


@_for_clients
@require_http_methods(["GET", "POST"])
def turn_on(request: UserRequest) -> HttpResponse:
    """Scan the QR code, prove it works with one code, keep the recovery codes."""
    if otp.has_authenticator(request.user):
        return redirect("accounts:twostep")
    device = otp.pending_authenticator(request.user)
    error = ""
    if request.method == "POST":
        codes = otp.confirm_authenticator(request, device, request.POST.get("code", ""))
        if codes:
            return render(request, PAGE + "twostep_codes.html", {"codes": codes, "first": True})
        error = _(
            "Die code klopt niet. Kijk of de tijd op je telefoon goed staat en vul de "
            "nieuwste code in."
        )
    context = {"qr": otp.qr_svg(device), "key": otp.manual_key(device), "error": error}
    return render(request, PAGE + "twostep_on.html", context, status=400 if error else 200)


@_for_clients
@require_POST
def new_codes(request: UserRequest) -> HttpResponse:
    """A fresh set of recovery codes; the old ones stop working."""
    if not otp.has_authenticator(request.user):
        return redirect("accounts:twostep")
    codes = otp.new_recovery_codes(request.user)
    return render(request, PAGE + "twostep_codes.html", {"codes": codes, "first": False})


@_for_clients
@require_http_methods(["GET", "POST"])
def turn_off(request: UserRequest) -> HttpResponse:
    if not otp.has_authenticator(request.user):
        return redirect("accounts:twostep")
    form = TwoStepOffForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp.turn_off(request.user)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(request, _(
            "Inloggen in twee stappen staat uit. Je logt voortaan in met alleen je wachtwoord."
        ))
        return redirect("accounts:twostep")
    status = 400 if request.method == "POST" else 200
    return render(request, PAGE + "twostep_off.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def login_code(request: UserRequest) -> HttpResponse:
    """The second step of a client's login: a code from the app, or a recovery code once."""
    next_url = safe_next(request, reverse("accounts:overview"))
    if request.user.role in otp.STAFF_ROLES or not otp.held_at(request.user):
        return redirect(next_url)
    return otp.code_step(request, next_url, PAGE + "login_code.html")
