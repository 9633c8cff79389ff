"""Forms of the clinic side."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinding.web.accounts.models import Role, User
from verbinding.web.textrules import PlainTextForm


def password_link(user: User) -> str:
    """Path of a one-day link where `user` chooses a password (Django's reset token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


def create_staff(email: str, name: str = "", role: str = Role.THERAPIST) -> tuple[User, str]:
    """A therapist (or administrator) account with a random password nobody knows, and
    the path where they choose their own. Two-factor set-up follows at first login."""
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValueError(f"Er is al een account met {email}.")
    with transaction.atomic():
        user = User.objects.create_user(
            email, get_random_string(40), display_name=name.strip()[:60], role=role
        )
    return user, password_link(user)


def send_welcome(user: User, link: str) -> None:
    """The welcome e-mail, in the new account's own language (Dutch unless chosen)."""
    url = settings.SITE_URL + link
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        subject = _("Je account bij Verbindingsstijlen")
        body = "".join([
            _("Hallo %(name)s,") % {"name": user.greeting_name},
            "\n\n",
            _(
                "Er is een account voor je gemaakt bij Verbindingsstijlen. Kies hier binnen "
                "een dag je wachtwoord:"
            ),
            f"\n\n{url}\n\n",
            _(
                "Bij de eerste keer inloggen stel je ook de tweestapsverificatie in: houd een "
                "authenticator-app op je telefoon bij de hand."
            ),
            "\n",
        ])
    send_mail(subject, body, None, [user.email])


class TherapistForm(PlainTextForm, forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mailadres"), max_length=254)
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=60, required=False)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er is al een account met dit e-mailadres."))
        return email

    def save(self, request: Any) -> tuple[User, str]:
        user, link = create_staff(self.cleaned_data["email"], self.cleaned_data["name"])
        send_welcome(user, link)
        return user, link
