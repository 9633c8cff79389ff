"""Practising in a real browser: the STOP guide for the chaotic style, and the timer."""

from __future__ import annotations

import pytest

from verbinding.web.practice.models import PracticeSession

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rustig-ademhalen-42"


@pytest.fixture
def person(db):
    from verbinding.web.accounts.models import User

    return User.objects.create_user("stil@example.nl", PASSWORD, display_name="Sam")


def logged_in_page(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + "/account/inloggen/")
    page.fill("input[name=username]", "stil@example.nl")
    page.fill("input[name=password]", PASSWORD)
    # Wait for the login to land: going on while its POST is under way would cancel it.
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/inloggen/" not in page.url
    return context, page


def test_the_stop_guide_from_start_to_reflection(browser, live_server, viewport, person) -> None:
    context, page = logged_in_page(browser, live_server, viewport)
    page.goto(live_server.url + "/oefenen/")
    page.get_by_role("link", name="Chaotisch", exact=True).click()
    page.get_by_role("link", name="Stop zeggen als iemand naderbij komt").click()
    page.get_by_role("button", name="Begin", exact=True).click()
    page.get_by_role("heading", name="Hoe is het nu in je lijf?").wait_for()
    page.get_by_label("Hoeveel spanning voel je?").fill("7")
    assert page.locator("#spanning-waarde").inner_text() == "7"
    shoot(page, "oefenen-checkin-voor")
    page.get_by_role("button", name="Verder naar de oefening").click()

    # The explanation for both people, then the full-screen guide.
    page.get_by_role("heading", name="Voor je partner").wait_for()
    assert not page.locator(".sg-stop").is_visible()
    shoot(page, "oefenen-stop-uitleg")
    page.get_by_role("link", name="We zijn er klaar voor").click()
    stop = page.get_by_role("button", name="STOP", exact=True)
    stop.wait_for()
    assert stop.evaluate("el => el === document.activeElement")
    box = stop.bounding_box()
    assert box and box["height"] >= 200 and box["width"] >= 300
    assert page.evaluate("document.body.classList.contains('sg-open')")
    shoot(page, "oefenen-stop-knop")

    # STOP with the keyboard: the calm screen.
    page.keyboard.press("Space")
    page.get_by_role("heading", name="Sta stil. Adem. Merk je lichaam op.").wait_for()
    assert "je partner blijft staan" in page.locator("[data-said-text]").inner_text()
    assert not stop.is_visible()
    shoot(page, "oefenen-stop-stilstaan")

    # Back to the guide, GA TERUG with the mouse, then Escape leaves the guide.
    page.get_by_role("link", name="Verder met de oefening").click()
    page.get_by_role("button", name="GA TERUG").click()
    assert "stap achteruit" in page.locator("[data-said-text]").inner_text()
    page.keyboard.press("Escape")
    page.get_by_role("heading", name="Nagesprek").wait_for()
    assert not page.evaluate("document.body.classList.contains('sg-open')")

    page.get_by_label("Wat merkte je?").fill("Mijn buik werd rustiger toen hij bleef staan.")
    shoot(page, "oefenen-stop-nagesprek")
    page.get_by_role("button", name="Bewaar en ga naar de check-in").click()
    page.get_by_role("heading", name="En hoe is het nu?").wait_for()
    page.get_by_label("Hoeveel spanning voel je?").fill("4")
    page.get_by_role("button", name="Bewaar en rond af").click()
    page.get_by_role("heading", name="Dank je wel dat je de tijd nam").wait_for()
    assert "Mijn buik werd rustiger" in page.inner_text("main")
    shoot(page, "oefenen-klaar")

    session = PracticeSession.objects.get()
    assert session.reflection == "Mijn buik werd rustiger toen hij bleef staan."
    assert (session.tension_before, session.tension_after) == (7, 4)
    assert session.finished_at is not None
    context.close()


def test_the_pause_timer_starts_pauses_and_stops(browser, live_server, person) -> None:
    context, page = logged_in_page(browser, live_server, {"width": 1280, "height": 900})
    page.goto(live_server.url + "/oefenen/vm-sensaties-voelen/")
    page.get_by_role("button", name="Begin", exact=True).click()
    page.get_by_role("button", name="Liever overslaan").click()
    status = page.locator("[data-pt-status]")
    page.get_by_role("button", name="Start").click()
    assert "loopt" in status.inner_text()
    # The five-minute timer counts down: wait until it shows the first seconds gone.
    page.wait_for_function(
        "() => /^4:\\d\\d$/.test(document.querySelector('[data-pt-display]').textContent.trim())"
    )
    page.get_by_role("button", name="Pauze").click()
    assert "Gepauzeerd" in status.inner_text()
    shoot(page, "oefenen-timer")
    page.get_by_role("button", name="Stop").click()
    assert "gestopt" in status.inner_text()
    assert page.locator("[data-pt-display]").inner_text() == "5:00"
    page.get_by_role("button", name="Klaar, naar de check-in").click()
    page.get_by_role("heading", name="En hoe is het nu?").wait_for()
    context.close()
