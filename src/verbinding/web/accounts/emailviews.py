"""Pages for a person's address and password: verify, change the address, change the
password. The links in mails open a page with a button; only the POST changes anything,
so a mail program that opens links to check them changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from verbinding.web.accounts import verification
from verbinding.web.accounts.forms import ChangePasswordForm, EmailChangeForm
from verbinding.web.accounts.models import User
from verbinding.web.requests import UserRequest

PAGE = "accounts/"


def _site(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def send_first_verification(request: HttpRequest, user: User) -> None:
    """Right after sign-up."""
    verification.send_verification(user, _site(request))


@login_required
@require_POST
def resend_verification(request: UserRequest) -> HttpResponse:
    if request.user.email_verified:
        messages.success(request, _("Je e-mailadres is al bevestigd."))
    else:
        verification.send_verification(request.user, _site(request))
        messages.success(request, _(
            "We hebben de mail opnieuw gestuurd. Hij kan een paar minuten onderweg zijn; "
            "kijk ook bij ongewenste mail."
        ))
    return redirect("accounts:overview")


def _link_page(request: HttpRequest, purpose: str, token: str, done: str,
               apply: Callable[[verification.Claim], None]) -> HttpResponse:
    claim = verification.read_token(purpose, token)
    context = {"purpose": purpose, "claim": claim, "private_path": True}
    if claim is None:
        return render(request, PAGE + "email_link_problem.html", context, status=410)
    if request.method == "POST":
        try:
            apply(claim)
        except verification.AddressTaken:
            context["taken"] = True
            return render(request, PAGE + "email_link_problem.html", context, status=409)
        return render(request, PAGE + done, context)
    return render(request, PAGE + "email_link.html", context)


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    return _link_page(request, verification.VERIFY, token, "email_confirmed.html",
                      verification.confirm)


@require_http_methods(["GET", "POST"])
def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    return _link_page(request, verification.CHANGE, token, "email_confirmed.html",
                      verification.apply_change)


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request: UserRequest) -> HttpResponse:
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        verification.request_change(request.user, form.cleaned_data["email"], _site(request))
        return render(request, PAGE + "email_change_sent.html",
                      {"new": form.cleaned_data["email"]})
    status = 400 if request.method == "POST" else 200
    return render(request, PAGE + "email_change.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: UserRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # This browser stays logged in; every other session of the account ends, because
        # it was made with the old password.
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Je nieuwe wachtwoord is bewaard."))
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, PAGE + "password_change.html", {"form": form}, status=status)
