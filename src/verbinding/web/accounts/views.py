"""Accounts: sign up, log in and out, reset a password, "Mijn overzicht", data rights."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from verbinding.web.accounts import datarights, otp, verification
from verbinding.web.accounts.emailviews import send_first_verification
from verbinding.web.accounts.forms import (
    ConfirmPasswordForm,
    LoginForm,
    NewPasswordForm,
    ProfileForm,
    ResetRequestForm,
    SignupForm,
)
from verbinding.web.accounts.models import Role, User
from verbinding.web.assessments import access
from verbinding.web.assessments.models import SelfTest
from verbinding.web.downloads import private_download
from verbinding.web.panels import panels_for
from verbinding.web.redirects import safe_next
from verbinding.web.requests import UserRequest

PAGE = "accounts/"
BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:overview")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend=BACKEND)
        send_first_verification(request, user)
        messages.success(request, _(
            "Welkom. Je account is klaar. We hebben je een mail gestuurd om je e-mailadres "
            "te bevestigen."
        ))
        return redirect(safe_next(request) or "accounts:overview")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "next": safe_next(request)}
    return render(request, PAGE + "signup.html", context, status=status)


class LoginView(auth_views.LoginView):
    template_name = PAGE + "login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def _logged_in(self) -> User:
        # The redirects below are asked for only once someone is logged in.
        return cast(User, self.request.user)

    def get_default_redirect_url(self) -> str:
        """Therapists and administrators start at the practice; clients at their overview."""
        if self._logged_in().role != Role.CLIENT:
            return reverse("clinic:home")
        return str(super().get_default_redirect_url())

    def get_success_url(self) -> str:
        """A client who turned on the second step goes straight on to give their code."""
        target = str(super().get_success_url())
        user = self._logged_in()  # just logged in with the password: never verified yet
        if user.role == Role.CLIENT and otp.has_authenticator(user):
            return f"{reverse('accounts:login_code')}?{urlencode({'next': target})}"
        return target


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("reading:home")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = PAGE + "password_reset.html"
    form_class = ResetRequestForm
    email_template_name = PAGE + "password_reset_email.txt"
    subject_template_name = PAGE + "password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = PAGE + "password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = PAGE + "password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        # The link reached the person at this address: that verifies it as well.
        verification.mark_verified(form.user)
        return super().form_valid(form)


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = PAGE + "password_reset_complete.html"


@login_required
def overview(request: UserRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "panels": panels_for(request.user, today),
        "unclaimed": access.unclaimed_in_session(request),
        "today": today,
    }
    return render(request, PAGE + "overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: UserRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Opgeslagen."))
        return redirect("accounts:settings")
    context = {"form": form, "twostep_on": otp.has_authenticator(request.user)}
    return render(request, PAGE + "settings.html", context)


@login_required
def data_page(request: UserRequest) -> HttpResponse:
    # Each finished self-test, with its research choice, to change it later.
    selftests = SelfTest.objects.submitted_by(request.user).select_related("research_consent")
    return render(request, PAGE + "data.html", {"selftests": selftests})


@login_required
def export_json(request: UserRequest) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    return private_download(
        datarights.export_json(request.user), f"verbinding-{stamp}.json", "application/json"
    )


@login_required
def export_zip(request: UserRequest) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    return private_download(
        datarights.export_zip(request.user), f"verbinding-{stamp}.zip", "application/zip"
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: UserRequest) -> HttpResponse:
    form = ConfirmPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        datarights.delete_user(user)
        return render(request, PAGE + "deleted.html")
    status = 400 if request.method == "POST" else 200
    return render(request, PAGE + "delete.html", {"form": form}, status=status)
