"""Reminders in a real browser: choose times, copy the feed link, renew it."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from verbinding.web.accounts.models import User
from verbinding.web.reminders.models import ReminderSettings

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "noor@example.nl"
PASSWORD = "een-rustige-ochtend-7"


def test_choosing_times_subscribing_and_renewing_the_link(browser, live_server, viewport):
    User.objects.create_user(EMAIL, PASSWORD, display_name="Noor")
    context = browser.new_context(viewport=viewport, locale="nl-NL")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Fijn dat je er bent, Noor").wait_for()
    page.get_by_role("link", name="Herinneringen instellen").click()

    page.get_by_label("Tijd 1").fill("08:00")
    page.get_by_label("Tijd 2").fill("21:00")
    page.get_by_label("Woensdag").fill("19:30")
    page.get_by_label("Stuur me op deze momenten een korte e-mail").check()
    page.get_by_role("button", name="Bewaar mijn herinneringen").click()
    page.get_by_text("Je herinneringen zijn bewaard.").wait_for()
    shoot(page, "herinneringen")

    saved = ReminderSettings.objects.get(user__email=EMAIL)
    assert saved.card_times == ["08:00", "21:00"]
    assert saved.practice_slots == [{"weekday": 2, "time": "19:30"}]
    assert saved.email_enabled

    page.get_by_role("button", name="Kopieer de link").click()
    page.get_by_text("De link is gekopieerd.").wait_for()
    link = page.get_by_label("Jouw agenda-link").input_value()
    assert link.startswith(live_server.url + "/agenda/")
    feed = page.request.get(link)
    assert feed.status == 200
    assert len(Calendar.from_ical(feed.body()).walk("VEVENT")) == 3

    page.get_by_role("button", name="Maak een nieuwe link").click()
    page.get_by_text("De oude werkt niet meer").wait_for()
    assert page.get_by_label("Jouw agenda-link").input_value() != link
    assert page.request.get(link).status == 404
    context.close()
