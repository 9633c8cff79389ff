from __future__ import annotations

from django.urls import path

from verbinding.web.accounts import emailviews, privacy, twostep, views

app_name = "accounts"

urlpatterns = [
    path("account/aanmaken/", views.signup, name="signup"),
    path("account/inloggen/", views.LoginView.as_view(), name="login"),
    path("account/uitloggen/", views.logout_view, name="logout"),
    path("account/wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "account/wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "account/nieuw-wachtwoord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "account/nieuw-wachtwoord/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", views.settings_page, name="settings"),
    path("account/mijn-gegevens/", views.data_page, name="data"),
    path("account/mijn-gegevens.json", views.export_json, name="export_json"),
    path("account/mijn-gegevens.zip", views.export_zip, name="export_zip"),
    path("account/verwijderen/", views.delete_account, name="delete"),
    path("mijn/", views.overview, name="overview"),
    # Address and password (accounts/emailviews.py), the privacy statement.
    path("account/e-mailadres/", emailviews.change_email, name="change_email"),
    path("account/e-mailadres/opnieuw-sturen/", emailviews.resend_verification,
         name="resend_verification"),
    path("account/e-mailadres/bevestigen/<str:token>/", emailviews.confirm_email,
         name="confirm_email"),
    path("account/e-mailadres/wijzigen/<str:token>/", emailviews.confirm_email_change,
         name="confirm_email_change"),
    path("account/wachtwoord/", emailviews.change_password, name="change_password"),
    path("privacy/", privacy.statement, name="privacy"),
    # The optional second login step (accounts/twostep.py).
    path("account/inloggen/code/", twostep.login_code, name="login_code"),
    path("account/tweestaps/", twostep.status, name="twostep"),
    path("account/tweestaps/aanzetten/", twostep.turn_on, name="twostep_on"),
    path("account/tweestaps/herstelcodes/", twostep.new_codes, name="twostep_codes"),
    path("account/tweestaps/uitzetten/", twostep.turn_off, name="twostep_off"),
]
