"""A client's own choice of a second login step: turn it on with a real code, a code at
every login, recovery codes once, guessing slowed down, turning it off."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from verbinding.web.accounts import otp
from verbinding.web.accounts.models import User

LOGIN, CODE = "/account/inloggen/", "/account/inloggen/code/"
ON, OFF, STATUS = "/account/tweestaps/aanzetten/", "/account/tweestaps/uitzetten/", \
    "/account/tweestaps/"


@pytest.fixture
def clock():
    """The test stands still at the present moment; `clock.shift` moves it on when the
    app should show its next code (a code that was used once never works again)."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def code_of(device: TOTPDevice) -> str:
    """The code the app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def next_code(clock, device: TOTPDevice) -> str:
    clock.shift(timedelta(seconds=device.step))
    return code_of(device)


def password_only(user: User) -> Client:
    browser = Client()
    response = browser.post(LOGIN, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def turned_on(user: User) -> tuple[Client, TOTPDevice, list[str]]:
    """Turned on through the pages, as a person would: a real code from the app. The
    browser that did it has given a code this session, so it stays in."""
    browser = Client()
    browser.force_login(user)
    page = browser.get(ON).content.decode()
    assert "<svg" in page and re.search(r'<code class="key">[A-Z2-7 ]+</code>', page)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = browser.post(ON, {"code": code_of(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    device.refresh_from_db()
    return browser, device, codes


def test_a_client_turns_it_on_with_a_code_from_the_app(user_a, clock) -> None:
    browser, device, codes = turned_on(user_a)
    assert device.confirmed
    assert len(codes) == 10 == StaticToken.objects.filter(device__user=user_a).count()
    assert "Dit staat aan" in browser.get(STATUS).content.decode()


def test_a_wrong_code_does_not_turn_it_on(client_a, user_a) -> None:
    client_a.get(ON)
    response = client_a.post(ON, {"code": "1234567"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('role="alert"') == 1 and "Die code klopt niet." in page
    assert not TOTPDevice.objects.filter(user=user_a, confirmed=True).exists()
    assert not StaticToken.objects.exists()
    assert client_a.get("/mijn/").status_code == 200  # nothing changed for the login


def test_with_it_on_the_login_asks_for_a_code_after_the_password(user_a, clock) -> None:
    _browser, device, _codes = turned_on(user_a)
    browser = Client()
    response = browser.post(LOGIN, {"username": user_a.email, "password": PASSWORD,
                                    "next": "/dagboek/"})
    assert response["Location"] == CODE + "?next=%2Fdagboek%2F"
    assert "Je code" in browser.get(response["Location"]).content.decode()
    done = browser.post(CODE, {"code": next_code(clock, device), "next": "/dagboek/"})
    assert done["Location"] == "/dagboek/"
    assert browser.get("/dagboek/").status_code == 200


def test_a_wrong_login_code_is_refused_with_one_sentence(user_a, clock) -> None:
    turned_on(user_a)
    browser = password_only(user_a)
    response = browser.post(CODE, {"code": "1234567"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('role="alert"') == 1
    assert "Die code klopt niet of is al gebruikt." in page
    assert "Traceback" not in page
    assert browser.get("/mijn/")["Location"].startswith(CODE)


def test_a_recovery_code_works_once_for_a_client(user_a, clock) -> None:
    _browser, _device, codes = turned_on(user_a)
    first = password_only(user_a)
    assert first.post(CODE, {"code": codes[0].upper()})["Location"] == "/mijn/"
    again = password_only(user_a)
    assert again.post(CODE, {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=user_a).count() == 9


def test_a_recovery_code_does_not_make_the_apps_next_code_wait(user_a, clock) -> None:
    """Each kind of code goes to its own device: using a recovery code is no wrong guess
    at the app's code, so the app's code works straight after it."""
    _browser, device, codes = turned_on(user_a)
    clock.shift(timedelta(seconds=device.step))
    assert password_only(user_a).post(CODE, {"code": codes[0]}).status_code == 302
    assert password_only(user_a).post(CODE, {"code": code_of(device)}).status_code == 302


def test_guessing_the_code_is_slowed_down_for_clients(user_a, clock) -> None:
    _browser, device, _codes = turned_on(user_a)
    browser = password_only(user_a)
    clock.shift(timedelta(seconds=device.step))
    wrong = f"{(int(code_of(device)) + 1) % 10**6:06d}"
    assert browser.post(CODE, {"code": wrong}).status_code == 400
    # Right after a wrong guess even the right code waits: guessing a million codes
    # takes years, as the wait doubles with every wrong one.
    refused = browser.post(CODE, {"code": code_of(device)})
    assert refused.status_code == 400
    assert "Wacht even" in refused.content.decode()
    clock.shift(timedelta(seconds=2))
    assert browser.post(CODE, {"code": code_of(device)}).status_code == 302


def test_a_client_with_only_the_password_reaches_nothing_of_theirs(user_a, clock) -> None:
    turned_on(user_a)
    browser = password_only(user_a)
    for path in ("/mijn/", "/account/", "/dagboek/", STATUS, OFF, "/account/mijn-gegevens.json",
                 "/api/v1/instruments"):
        for method in ("get", "post"):
            response = getattr(browser, method)(path)
            assert response.status_code == 302, (method, path)
            assert response["Location"].startswith(CODE + "?next="), (method, path)
    assert TOTPDevice.objects.filter(user=user_a, confirmed=True).count() == 1
    assert browser.post("/account/uitloggen/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(user_a, clock) -> None:
    browser, _device, old = turned_on(user_a)
    page = browser.post("/account/tweestaps/herstelcodes/").content.decode()
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=user_a).values_list("token", flat=True)) \
        == set(new)


@pytest.mark.parametrize("proof", ["code", "password"])
def test_a_client_turns_it_off_with_a_code_or_the_password(user_a, clock, proof) -> None:
    browser, device, _codes = turned_on(user_a)
    wrong = browser.post(OFF, {"proof": "niet-goed"})
    assert wrong.status_code == 400
    assert "geen geldige code en ook niet je wachtwoord" in wrong.content.decode()
    assert otp.has_authenticator(user_a)
    clock.shift(timedelta(seconds=4))  # past the short wait the wrong try caused
    given = next_code(clock, device) if proof == "code" else PASSWORD
    assert browser.post(OFF, {"proof": given})["Location"] == STATUS
    assert not TOTPDevice.objects.filter(user=user_a).exists()
    assert not StaticDevice.objects.filter(user=user_a).exists()
    assert browser.get("/mijn/").status_code == 200
    fresh = Client()
    response = fresh.post(LOGIN, {"username": user_a.email, "password": PASSWORD})
    assert response["Location"] == "/mijn/"
    assert fresh.get("/mijn/").status_code == 200


def test_therapists_keep_their_required_step_in_the_clinic(tineke_client, tineke) -> None:
    for path in (STATUS, ON, OFF):
        response = tineke_client.get(path)
        assert response["Location"] == "/praktijk/herstelcodes/", path
    assert tineke_client.post(OFF, {"proof": PASSWORD})["Location"] == "/praktijk/herstelcodes/"
    assert otp.has_authenticator(tineke)


def test_the_account_page_offers_the_second_step(client_a) -> None:
    page = client_a.get("/account/").content.decode()
    assert "Inloggen in twee stappen" in page and 'href="/account/tweestaps/"' in page
    assert "Zet het aan" in client_a.get(STATUS).content.decode()


def test_a_session_from_before_it_was_turned_on_is_asked_for_the_code_too(
    client_a, user_a, clock
) -> None:
    assert client_a.get("/dagboek/").status_code == 200  # logged in with the password only
    turned_on(user_a)  # in another browser
    response = client_a.get("/dagboek/")
    assert response["Location"] == CODE + "?next=%2Fdagboek%2F"
