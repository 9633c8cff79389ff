"""Accounts: sign up, log in (with lockout), reset a password, claim a self-test."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import Client, override_settings

from conftest import PASSWORD
from verbinding.web.accounts.models import User
from verbinding.web.assessments.models import SelfTest
from web.selftest_helpers import answer_all, leaning, start

NEW_PASSWORD = "zachte-landing-2026"


def _login(client: Client, email: str, password: str):
    return client.post("/account/inloggen/", {"username": email, "password": password})


def test_production_hashes_passwords_with_argon2(db):
    from verbinding.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        user = User.objects.create_user("argon@example.nl", PASSWORD)
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password(PASSWORD)


def test_it_signs_up_and_lands_on_the_overview(outsider):
    response = outsider.post(
        "/account/aanmaken/",
        {"email": "Nieuw@Example.nl", "display_name": "Noor",
         "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on"},
    )
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert User.objects.get().email == "nieuw@example.nl"
    assert "Fijn dat je er bent, Noor" in outsider.get("/mijn/").content.decode()


def test_sign_up_refuses_a_weak_password_and_a_taken_address_in_dutch(outsider, user_a):
    response = outsider.post(
        "/account/aanmaken/",
        {"email": user_a.email, "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er bestaat al een account met dit e-mailadres" in html
    assert "Dit wachtwoord is te kort" in html
    assert User.objects.count() == 1


def test_it_logs_in_with_any_case_of_the_address_and_logs_out(outsider, user_a):
    response = _login(outsider, "ANNA@example.nl", PASSWORD)
    assert response.status_code == 302
    assert outsider.get("/mijn/").status_code == 200
    assert outsider.post("/account/uitloggen/").status_code == 302
    assert outsider.get("/mijn/").status_code == 302


def test_a_wrong_password_gets_a_dutch_message(outsider, user_a):
    response = _login(outsider, user_a.email, "verkeerd")
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.content.decode()


def test_repeated_failed_logins_lock_the_account_for_a_while(outsider, user_a, user_b):
    for _ in range(5):
        _login(outsider, user_a.email, "verkeerd")
    response = _login(outsider, user_a.email, PASSWORD)
    assert response.status_code == 429
    assert "Even wachten met inloggen" in response.content.decode()
    # The lockout is for this address from this place, not for everyone.
    assert _login(Client(), user_b.email, PASSWORD).status_code == 302


def test_the_password_reset_mail_leads_to_a_new_password(outsider, user_a):
    response = outsider.post("/account/wachtwoord-vergeten/", {"email": user_a.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "nieuw wachtwoord" in body
    link = re.search(r"http://testserver(/account/nieuw-wachtwoord/\S+)", body).group(1)
    form_page = outsider.get(link, follow=True)
    assert "Kies een nieuw wachtwoord" in form_page.content.decode()
    response = outsider.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _login(Client(), user_a.email, NEW_PASSWORD).status_code == 302
    # The link works once.
    assert "werkt niet meer" in outsider.get(link, follow=True).content.decode()


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(outsider):
    response = outsider.post("/account/wachtwoord-vergeten/", {"email": "niemand@example.nl"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_an_anonymous_self_test_is_claimed_into_the_account(anna, user_a):
    selftest = start(anna, [])
    answer_all(anna, selftest, leaning({"veilig"}))
    anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    result_page = anna.get(f"/zelftest/{selftest.public_id}/uitslag/").content.decode()
    assert "Maak een account" in result_page
    _login(anna, user_a.email, PASSWORD)
    assert "Bewaar de zelftest" in anna.get("/mijn/").content.decode()
    assert "Bewaar in mijn account" in anna.get(
        f"/zelftest/{selftest.public_id}/uitslag/").content.decode()
    response = anna.post(f"/zelftest/{selftest.public_id}/bewaren/")
    assert response.status_code == 302
    selftest.refresh_from_db()
    assert selftest.owner == user_a
    # Now the account opens it from any browser, without the private link.
    other_browser = Client()
    other_browser.force_login(user_a)
    assert other_browser.get(f"/zelftest/{selftest.public_id}/uitslag/").status_code == 200


def test_nobody_claims_a_self_test_that_is_not_theirs(anna, client_b, user_a):
    selftest = start(anna, [])
    SelfTest.objects.filter(pk=selftest.pk).update(owner=user_a)
    # Bas has neither the token nor the ownership.
    assert client_b.post(f"/zelftest/{selftest.public_id}/bewaren/").status_code == 404
    # Even with the token in his session, it stays Anna's.
    bas = client_b
    session = bas.session
    session["selftests"] = dict(anna.session["selftests"])
    session.save()
    assert bas.post(f"/zelftest/{selftest.public_id}/bewaren/").status_code == 404
    selftest.refresh_from_db()
    assert selftest.owner == user_a


def test_a_logged_in_person_owns_a_new_self_test_at_once(client_a, user_a):
    selftest = start(client_a, [])
    assert selftest.owner == user_a


@pytest.mark.parametrize("path", ["/mijn/", "/account/", "/account/mijn-gegevens/",
                                  "/account/mijn-gegevens.json", "/account/verwijderen/",
                                  "/mijn/voortgang/"])
def test_account_pages_send_an_outsider_to_log_in(outsider, path):
    response = outsider.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/?next=")


def test_the_display_name_can_be_changed(client_a, user_a):
    response = client_a.post("/account/", {"display_name": "Anna K."})
    assert response.status_code == 302
    user_a.refresh_from_db()
    assert user_a.display_name == "Anna K."


def test_logging_out_works_from_the_account_page_with_csrf_enforced(csrf_client_a):
    page = csrf_client_a.get("/account/").content.decode()
    token = re.search(r'action="/account/uitloggen/">\s*<input type="hidden" '
                      r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the logout form carries a CSRF token"
    response = csrf_client_a.post("/account/uitloggen/", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302
    assert csrf_client_a.get("/mijn/").status_code == 302
