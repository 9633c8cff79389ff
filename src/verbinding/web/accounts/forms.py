from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinding.web.accounts import otp, privacy
from verbinding.web.accounts.models import User
from verbinding.web.textrules import PlainTextForm

# django-stubs makes these forms generic in the user model; Django's classes cannot be
# subscripted at run time, so the subscripted bases are for mypy only.
if TYPE_CHECKING:
    _UserCreationForm = BaseUserCreationForm[User]
    _SetPasswordForm = SetPasswordForm[User]
    _UserForm = forms.ModelForm[User]
else:
    _UserCreationForm = BaseUserCreationForm
    _SetPasswordForm = SetPasswordForm
    _UserForm = forms.ModelForm

PASSWORD_HELP = gettext_lazy(
    "Minstens 10 tekens. Een zin van een paar woorden werkt goed. Niet alleen "
    "cijfers, geen bekend wachtwoord en niet te veel zoals je e-mailadres."
)


class SignupForm(PlainTextForm, _UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")
        labels = {
            "email": gettext_lazy("E-mailadres"),
            "display_name": gettext_lazy("Hoe mogen we je noemen? (mag leeg)"),
        }

    # Explicit consent to process health data (AVG art. 9): never ticked in advance.
    privacy_consent = forms.BooleanField(
        required=True,
        label=gettext_lazy(
            "Ik geef toestemming om wat ik hier invul over mezelf en mijn relaties te "
            "bewaren en te verwerken, zoals de privacyverklaring beschrijft."
        ),
        error_messages={"required": gettext_lazy(
            "Zonder je toestemming kunnen we geen account voor je maken. Lees de "
            "privacyverklaring en vink het vakje aan als je akkoord bent."
        )},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's own help text addresses people with "u"; we say "je" everywhere.
        self.fields["password1"].help_text = PASSWORD_HELP
        self.fields["password2"].label = _("Nog een keer je wachtwoord")
        self.fields["password2"].help_text = _("Zo weten we zeker dat er geen typfout in zit.")
        self.fields["privacy_consent"].help_text = format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("accounts:privacy"), _("Lees de privacyverklaring (opent apart)"),
        )

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        user.privacy_version = privacy.VERSION
        user.privacy_agreed_at = timezone.now()
        if commit:
            user.save()
        return user

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            # Same words as for any other refusal would be kinder to privacy, but a person
            # who forgot they signed up needs to hear it; the reset link is offered.
            raise forms.ValidationError(_(
                "Er bestaat al een account met dit e-mailadres. Log in, of vraag een nieuw "
                "wachtwoord aan als je het niet meer weet."
            ))
        return email


class NewPasswordForm(PlainTextForm, _SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nog een keer je nieuwe wachtwoord")
        self.fields["new_password2"].help_text = ""


class LoginForm(PlainTextForm, AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mailadres")
        self.fields["username"].widget.attrs.update(autocomplete="email")
        self.fields["password"].label = _("Wachtwoord")
        self.error_messages["invalid_login"] = _(
            "Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters."
        )


class ProfileForm(PlainTextForm, _UserForm):
    class Meta:
        model = User
        fields = ("display_name",)
        labels = {"display_name": gettext_lazy("Hoe mogen we je noemen? (mag leeg)")}


class ConfirmPasswordForm(PlainTextForm, forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Je wachtwoord, ter bevestiging"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password


class ResetRequestForm(PlainTextForm, PasswordResetForm):
    """The reset mail speaks the language the person chose for their account, whatever
    the language of the browser that asked for it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mailadres")

    def send_mail(self, subject_template_name: str, email_template_name: str,
                  context: dict[str, Any], from_email: str | None, to_email: str,
                  html_email_template_name: str | None = None) -> None:
        language = getattr(context.get("user"), "language", "") or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context,
                              from_email, to_email, html_email_template_name)


class EmailChangeForm(PlainTextForm, forms.Form):
    """A new address, confirmed with the password: a borrowed session alone cannot take
    over the account by changing where reset links go."""

    email = forms.EmailField(
        label=gettext_lazy("Nieuw e-mailadres"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Je wachtwoord, ter bevestiging"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()
        if email == self.user.email:
            raise forms.ValidationError(_("Dit is al je e-mailadres."))
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_(
                "Er bestaat al een account met dit e-mailadres. Kies een ander adres."
            ))
        return email

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Dit wachtwoord klopt niet."))
        return password


class ChangePasswordForm(PlainTextForm, PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Je huidige wachtwoord")
        self.error_messages["password_incorrect"] = _(
            "Je huidige wachtwoord klopt niet. Probeer het nog eens."
        )
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = _("Nog een keer je nieuwe wachtwoord")
        self.fields["new_password2"].help_text = ""


class TwoStepOffForm(PlainTextForm, forms.Form):
    """Turning the second login step off asks for proof it is the person themselves: a
    code from the app (or a recovery code), or the password."""

    proof = forms.CharField(
        label=gettext_lazy("Een code uit je app, een herstelcode of je wachtwoord"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_proof(self) -> str:
        proof: str = self.cleaned_data["proof"]
        if not (self.user.check_password(proof) or otp.verify(self.user, proof).device):
            raise forms.ValidationError(
                _("Dat is geen geldige code en ook niet je wachtwoord. Probeer het nog eens.")
            )
        return proof
