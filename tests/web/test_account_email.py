"""A person's address and password: verified at sign-up, changed in place, the privacy
statement and the consent given at sign-up."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from verbinding.web.accounts import privacy, verification
from verbinding.web.accounts.models import User
from verbinding.web.reminders.models import ReminderSettings
from verbinding.web.reminders.services import send_due_reminders

NEW_PASSWORD = "zachte-landing-2026"
SIGNUP = {"email": "noor@example.nl", "display_name": "Noor", "password1": PASSWORD,
          "password2": PASSWORD, "privacy_consent": "on"}


def _link(message: mail.EmailMessage) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def _signed_up() -> tuple[Client, User]:
    browser = Client()
    assert browser.post("/account/aanmaken/", SIGNUP).status_code == 302
    return browser, User.objects.get(email="noor@example.nl")


def test_sign_up_sends_a_verification_link_and_the_link_confirms_the_address(db) -> None:
    _browser, noor = _signed_up()
    assert noor.email_verified_at is None
    assert [m.to for m in mail.outbox] == [["noor@example.nl"]]
    link = _link(mail.outbox[0])
    # Opening the link (as a mail program checking links would) changes nothing yet.
    page = Client().get(link)
    assert page.status_code == 200 and "Ja, dit is mijn adres" in page.content.decode()
    noor.refresh_from_db()
    assert noor.email_verified_at is None
    done = Client().post(link)
    assert done.status_code == 200 and "bevestigd" in done.content.decode()
    noor.refresh_from_db()
    assert noor.email_verified_at is not None


def test_an_unverified_account_is_told_kindly_and_can_ask_for_the_mail_again(db) -> None:
    browser, _noor = _signed_up()
    overview = browser.get("/mijn/").content.decode()
    assert "Bevestig je e-mailadres" in overview and "Stuur de mail nog een keer" in overview
    response = browser.post("/account/e-mailadres/opnieuw-sturen/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    browser.post(_link(mail.outbox[1]))
    assert "Bevestig je e-mailadres" not in browser.get("/mijn/").content.decode()


def test_a_verification_link_expires_and_a_forged_one_opens_nothing(db) -> None:
    _browser, noor = _signed_up()
    link = _link(mail.outbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=4)):
        assert Client().post(link).status_code == 410
    assert Client().post(link[:-6] + "AAAAAA/").status_code == 410
    noor.refresh_from_db()
    assert noor.email_verified_at is None


def test_reminders_are_not_mailed_to_an_unverified_address(db) -> None:
    _browser, noor = _signed_up()
    now = timezone.localtime().replace(second=0, microsecond=0)
    ReminderSettings.objects.create(user=noor, card_times=[now.strftime("%H:%M")],
                                    email_enabled=True)
    mail.outbox.clear()
    assert send_due_reminders(now).sent == 0
    assert mail.outbox == []
    verification.mark_verified(noor)
    assert send_due_reminders(now).sent == 1


def test_a_password_reset_link_also_verifies_the_address(db) -> None:
    _browser, noor = _signed_up()
    Client().post("/account/wachtwoord-vergeten/", {"email": noor.email})
    browser = Client()
    form_page = browser.get(_link(mail.outbox[-1]), follow=True)
    browser.post(form_page.redirect_chain[-1][0],
                 {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    noor.refresh_from_db()
    assert noor.email_verified_at is not None


def test_changing_the_address_takes_effect_only_when_the_new_address_confirms(
        client_a: Client, user_a: User) -> None:
    response = client_a.post("/account/e-mailadres/",
                             {"email": "Anna.Nieuw@Example.nl", "password": PASSWORD})
    assert response.status_code == 200 and "Kijk in je mail" in response.content.decode()
    to_new, to_old = mail.outbox
    assert to_new.to == ["anna.nieuw@example.nl"] and to_old.to == ["anna@example.nl"]
    assert "pas als" in to_old.body and "http" not in to_old.body  # a notice, no link
    user_a.refresh_from_db()
    assert user_a.email == "anna@example.nl"
    link = _link(to_new)
    assert "anna.nieuw" not in link  # the new address is sealed, not readable in the link
    assert Client().post(link).status_code == 200
    user_a.refresh_from_db()
    assert user_a.email == "anna.nieuw@example.nl" and user_a.email_verified_at is not None
    # Used once: the account's address has changed, so the link is spent.
    assert Client().post(link).status_code == 410
    assert Client().post("/account/inloggen/", {"username": "anna.nieuw@example.nl",
                                                "password": PASSWORD}).status_code == 302


def test_changing_the_address_asks_for_the_password_and_a_free_address(
        client_a: Client, user_a: User, user_b: User) -> None:
    wrong = client_a.post("/account/e-mailadres/", {"email": "x@example.nl", "password": "nee"})
    assert wrong.status_code == 400 and "Dit wachtwoord klopt niet" in wrong.content.decode()
    taken = client_a.post("/account/e-mailadres/", {"email": user_b.email, "password": PASSWORD})
    assert taken.status_code == 400 and "bestaat al een account" in taken.content.decode()
    assert mail.outbox == []


def test_a_change_link_is_refused_when_the_address_was_taken_meanwhile(
        client_a: Client, user_a: User) -> None:
    client_a.post("/account/e-mailadres/", {"email": "nieuw@example.nl", "password": PASSWORD})
    User.objects.create_user("nieuw@example.nl", PASSWORD)
    response = Client().post(_link(mail.outbox[0]))
    assert response.status_code == 409 and "al in gebruik" in response.content.decode()
    user_a.refresh_from_db()
    assert user_a.email == "anna@example.nl"


def test_a_verify_link_cannot_be_used_to_change_an_address(client_a: Client,
                                                           user_a: User) -> None:
    token = verification.make_token(verification.VERIFY, user_a, "evil@example.nl")
    assert Client().post(f"/account/e-mailadres/wijzigen/{token}/").status_code == 410
    user_a.refresh_from_db()
    assert user_a.email == "anna@example.nl"


def test_changing_the_password_in_place_keeps_this_browser_logged_in(
        client_a: Client, user_a: User) -> None:
    wrong = client_a.post("/account/wachtwoord/", {
        "old_password": "verkeerd", "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 400 and "huidige wachtwoord klopt niet" in wrong.content.decode()
    response = client_a.post("/account/wachtwoord/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert client_a.get("/mijn/").status_code == 200
    user_a.refresh_from_db()
    assert user_a.check_password(NEW_PASSWORD)


def test_sign_up_requires_explicit_consent_and_records_the_version(db) -> None:
    page = Client().get("/account/aanmaken/").content.decode()
    assert 'name="privacy_consent"' in page and "checked" not in page
    assert 'href="/privacy/"' in page
    refused = Client().post("/account/aanmaken/", {**SIGNUP, "privacy_consent": ""})
    assert refused.status_code == 400 and "Zonder je toestemming" in refused.content.decode()
    assert not User.objects.exists() and mail.outbox == []
    before = timezone.now()
    _browser, noor = _signed_up()
    assert noor.privacy_version == privacy.VERSION
    assert before <= noor.privacy_agreed_at <= timezone.now()


def test_the_privacy_statement_says_what_how_long_and_who_in_both_languages(db) -> None:
    dutch = Client().get("/privacy/").content.decode()
    for words in ("versleuteld", "WGBO", "NEN 7513", "twintig jaar", "downloaden",
                  "account wissen"):
        assert words in dutch, words
    english = Client()
    english.cookies["taal"] = "en"
    page = english.get("/privacy/").content.decode()
    assert "twenty years" in page and "NEN 7513" in page
    assert 'href="/privacy/"' in Client().get("/").content.decode()  # in the footer
