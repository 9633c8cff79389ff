"""The account pages and mails speak the person's language."""

from __future__ import annotations

from django.core import mail
from django.test import Client


def test_the_reset_mail_follows_the_account_language_not_the_browser(outsider, user_a):
    user_a.language = "en"
    user_a.save(update_fields=["language"])
    response = outsider.post("/account/wachtwoord-vergeten/", {"email": user_a.email})
    assert response.status_code == 302
    message = mail.outbox[0]
    assert message.subject == "A new password for Verbindingsstijlen"
    assert "Choose a new password with this link" in message.body
    assert "Kies een nieuw wachtwoord" not in message.body


def test_a_dutch_account_gets_a_dutch_mail_from_an_english_browser(db, user_a):
    browser = Client()
    browser.cookies["taal"] = "en"
    browser.post("/account/wachtwoord-vergeten/", {"email": user_a.email})
    message = mail.outbox[0]
    assert message.subject == "Een nieuw wachtwoord voor Verbindingsstijlen"
    assert "Kies een nieuw wachtwoord via deze link" in message.body


def test_form_errors_are_english_when_chosen(db):
    browser = Client()
    browser.cookies["taal"] = "en"
    page = browser.post("/account/aanmaken/", {"email": "x@example.nl", "password1": "kort",
                                               "password2": "kort"}).content.decode()
    assert "This password is too short: use at least 10 characters." in page
