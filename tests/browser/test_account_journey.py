"""An account in a real browser: sign up, log out and in, download everything, delete."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
