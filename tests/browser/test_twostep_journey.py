"""A client's own second login step in a real browser, at phone and desktop size: turn it
on from the account page, log in with a code, a recovery code once, turn it off."""

from __future__ import annotations

import base64
import time

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from verbinding.web.accounts.models import User
from waiting import until

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "sanne@example.nl"
PASSWORD = "een-rustige-ochtend-7"


def app_code(key: str) -> str:
    """What an authenticator app with this key shows: a code the server has not accepted
    yet (a code works once per 30-second step; the next step's code is accepted too)."""
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    device = TOTPDevice.objects.get(user__email=EMAIL)
    now_t = int((time.time() - device.t0) // device.step)
    drift = max(0, device.last_t + 1 - now_t)
    return f"{totp(secret, device.step, device.t0, device.digits, drift):06d}"


def log_in(page, url: str) -> None:
    page.goto(url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def give_code(page, code: str) -> None:
    page.get_by_label("Code", exact=True).fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def log_out(page, url: str) -> None:
    page.goto(url + "/account/")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").last.click()


def codes_may_be_tried() -> bool:
    """django-otp makes the devices wait a moment after a wrong code."""
    devices = [*TOTPDevice.objects.filter(user__email=EMAIL),
               *StaticDevice.objects.filter(user__email=EMAIL)]
    return all(device.verify_is_allowed()[0] for device in devices)


def test_a_client_turns_on_the_second_step_and_logs_in_with_it(
    browser, live_server, viewport
) -> None:
    User.objects.create_user(EMAIL, PASSWORD, display_name="Sanne",
                             email_verified_at=timezone.now())
    url = live_server.url
    page = browser.new_context(viewport=viewport).new_page()
    log_in(page, url)
    page.goto(url + "/account/")
    page.get_by_role("link", name="Meer weten of aanzetten").click()
    page.get_by_role("heading", name="Als je telefoon kwijt is").wait_for()
    shoot(page, "tweestaps-uitleg")
    page.get_by_role("link", name="Zet het aan").click()
    page.get_by_role("heading", name="Inloggen in twee stappen aanzetten").wait_for()
    assert page.locator(".qr svg").is_visible()
    shoot(page, "tweestaps-aanzetten")
    key = page.locator("code.key").inner_text().replace(" ", "")

    page.get_by_label("Code uit de app").fill("1234567")
    page.get_by_role("button", name="Zet het aan").click()
    page.get_by_role("alert").get_by_text("Die code klopt niet.").wait_for()
    shoot(page, "tweestaps-aanzetten-fout")
    until(codes_may_be_tried, "the short wait after a wrong code")
    page.get_by_label("Code uit de app").fill(app_code(key))
    page.get_by_role("button", name="Zet het aan").click()
    page.get_by_role("heading", name="Je herstelcodes").wait_for()
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10
    shoot(page, "tweestaps-herstelcodes")
    page.get_by_role("link", name="Ik heb ze bewaard").click()
    page.get_by_text("Dit staat aan.").wait_for()

    # Every login now asks for the code after the password.
    log_out(page, url)
    log_in(page, url)
    page.get_by_role("heading", name="Je code").wait_for()
    assert "/account/inloggen/code/" in page.url
    shoot(page, "tweestaps-code")
    give_code(page, app_code(key))
    page.get_by_role("heading", name="Fijn dat je er bent, Sanne").wait_for()

    # A recovery code works once.
    log_out(page, url)
    log_in(page, url)
    give_code(page, codes[0])
    page.get_by_role("heading", name="Fijn dat je er bent, Sanne").wait_for()
    log_out(page, url)
    log_in(page, url)
    give_code(page, codes[0])
    page.get_by_role("alert").get_by_text("al gebruikt").wait_for()
    shoot(page, "tweestaps-code-fout")
    until(codes_may_be_tried, "the short wait after a wrong code")
    give_code(page, codes[1])
    page.get_by_role("heading", name="Fijn dat je er bent, Sanne").wait_for()

    # Off again, with the password; the next login needs the password only.
    page.goto(url + "/account/tweestaps/")
    page.get_by_role("link", name="Inloggen in twee stappen uitzetten").click()
    shoot(page, "tweestaps-uitzetten")
    page.get_by_label("Een code uit je app, een herstelcode of je wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Zet het uit").click()
    page.get_by_text("Inloggen in twee stappen staat uit.").wait_for()
    assert not TOTPDevice.objects.filter(user__email=EMAIL).exists()
    log_out(page, url)
    log_in(page, url)
    page.get_by_role("heading", name="Fijn dat je er bent, Sanne").wait_for()
    page.context.close()
