"""An account in a real browser: sign up, log out and in, download everything, delete."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail

from verbinding.web.accounts.models import User

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "sanne@example.nl"
PASSWORD = "een-rustige-ochtend-7"


def test_an_account_from_sign_up_to_deletion(browser, live_server, viewport) -> None:
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/account/aanmaken/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Hoe mogen we je noemen?").fill("Sanne")
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Nog een keer je wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik geef toestemming").check()
    page.get_by_role("button", name="Account maken").click()
    page.get_by_role("heading", name="Fijn dat je er bent, Sanne").wait_for()
    shoot(page, "account-overzicht")

    page.goto(live_server.url + "/account/")
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill("niet-goed")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("horen niet bij elkaar").wait_for()
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Fijn dat je er bent, Sanne").wait_for()

    page.goto(live_server.url + "/account/mijn-gegevens/")
    shoot(page, "account-gegevens")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download alles als JSON").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == EMAIL

    page.get_by_role("link", name="Account wissen").click()
    page.get_by_label("Je wachtwoord, ter bevestiging").fill(PASSWORD)
    page.get_by_role("button", name="Wis mijn account en alles erin").click()
    page.get_by_role("heading", name="Je account is gewist").wait_for()
    shoot(page, "account-gewist")
    assert not User.objects.filter(email=EMAIL).exists()
    context.close()


def _mailed_link(live_server, to: str) -> str:
    message = [m for m in mail.outbox if m.to == [to]][-1]
    path = re.search(r"http://[^/\s]+(/\S+)", message.body).group(1)
    return live_server.url + path


def test_sign_up_confirm_the_address_and_change_it(browser, live_server, viewport) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + "/account/aanmaken/")
    page.get_by_role("link", name="privacyverklaring").first.wait_for()
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Nog een keer je wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Account maken").click()
    page.get_by_text("Zonder je toestemming").wait_for()  # the box is never ticked for you
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_label("Nog een keer je wachtwoord").fill(PASSWORD)
    page.get_by_label("Ik geef toestemming").check()
    shoot(page, "account-aanmaken-toestemming")
    page.get_by_role("button", name="Account maken").click()
    page.get_by_role("heading", name="Bevestig je e-mailadres").wait_for()
    shoot(page, "account-bevestig-adres")

    page.goto(_mailed_link(live_server, EMAIL))
    shoot(page, "account-adres-bevestigen")
    page.get_by_role("button", name="Ja, dit is mijn adres").click()
    page.get_by_role("heading", name="Je e-mailadres is bevestigd").wait_for()

    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="E-mailadres veranderen").click()
    page.get_by_label("Nieuw e-mailadres").fill("sanne.nieuw@example.nl")
    page.get_by_label("Je wachtwoord, ter bevestiging").fill(PASSWORD)
    shoot(page, "account-adres-veranderen")
    page.get_by_role("button", name="Stuur de link").click()
    page.get_by_role("heading", name="Kijk in je mail").wait_for()
    assert User.objects.get().email == EMAIL  # not before the new address confirms
    page.goto(_mailed_link(live_server, "sanne.nieuw@example.nl"))
    page.get_by_role("button", name="Ja, dit is mijn adres").click()
    page.get_by_text("sanne.nieuw@example.nl").first.wait_for()
    assert User.objects.get().email == "sanne.nieuw@example.nl"
    context.close()
