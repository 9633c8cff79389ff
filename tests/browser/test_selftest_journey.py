from __future__ import annotations

import re

import pytest

from verbinding.web.assessments.models import Answer, SelfTest
from waiting import until

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_visible_screen(page, value: int) -> None:
    """Click an answer on every question of the screen, waiting for each autosave."""
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator(".scale-option").nth(value - 1).click()
        fieldset.locator(".saved", has_text="Bewaard").wait_for()


def go_on(page) -> None:
    page.get_by_role("button", name=re.compile("Volgende|Naar afronden")).click()
    if "/pauze/" in page.url:
        shoot(page, "zelftest-pauze")
        page.get_by_role("link", name=re.compile("Verder met de vragen")).click()


def test_closing_the_browser_halfway_and_resuming_from_the_link(
    browser, live_server, viewport
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + "/zelftest/")
    shoot(page, "zelftest-start")
    page.get_by_label("Moeder", exact=True).check()
    page.get_by_role("button", name="Begin de zelftest").click()
    resume_link = page.locator("#resume-link").input_value()
    assert re.search(r"/zelftest/verder/[A-Za-z0-9_-]{32,}/$", resume_link)
    shoot(page, "zelftest-overzicht")
    page.get_by_role("link", name="Begin met de vragen").click()
    answer_visible_screen(page, 5)
    shoot(page, "zelftest-vragen")
    go_on(page)
    answer_visible_screen(page, 3)
    saved = Answer.objects.count()
    assert saved >= 8
    context.close()  # the browser is gone; only the link remains

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(resume_link)
    assert "/verder/" not in page.url
    assert f"{saved} van" in page.inner_text("main")
    page.get_by_role("link", name="Ga verder waar je was").click()
    for _ in range(60):
        if "/afronden/" in page.url:
            break
        answer_visible_screen(page, 4)
        go_on(page)
    shoot(page, "zelftest-afronden")
    page.get_by_role("button", name="Bekijk mijn uitslag").click()
    page.get_by_role("heading", name="Jouw verbindingsprofiel").wait_for()
    shoot(page, "zelftest-uitslag")
    assert page.locator("svg[role=img]:visible").count() == 2  # each also drawn for phones
    assert SelfTest.objects.get().submitted_at is not None

    with page.expect_download() as download:
        page.get_by_role("link", name="Download je uitslag (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    context.close()


def test_keyboard_only_answering_works(browser, live_server) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/zelftest/")
    page.get_by_role("button", name="Begin de zelftest").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Begin met de vragen").focus()
    page.keyboard.press("Enter")
    first = page.locator("fieldset.question").first
    first.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")  # choose 1
    first.locator(".saved", has_text="Bewaard").wait_for()
    page.keyboard.press("ArrowRight")  # the arrow keys move the choice within the scale
    page.keyboard.press("ArrowRight")
    first.locator("input[type=radio][value='3']:checked").wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector('fieldset.question .saved').textContent.includes('Bewaard')"
    )
    until(lambda: Answer.objects.filter(value=3).exists(), "the answer 3 to be stored")
    assert list(Answer.objects.values_list("value", flat=True)) == [3]
    page.close()


def test_the_counter_and_bar_move_as_answers_are_saved(browser, live_server) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/zelftest/")
    page.get_by_role("button", name="Begin de zelftest").click()
    page.get_by_role("link", name="Begin met de vragen").click()
    questions = page.locator("fieldset.question")
    assert page.locator("[data-answered]").inner_text() == "0"
    questions.nth(0).locator(".scale-option").nth(4).click()
    page.wait_for_function("() => document.querySelector('[data-answered]').textContent === '1'")
    questions.nth(1).locator(".scale-option").nth(2).click()
    page.wait_for_function("() => document.querySelector('[data-answered]').textContent === '2'")
    # Changing an answer that was already saved does not count it twice.
    questions.nth(0).locator(".scale-option").nth(1).click()
    until(lambda: Answer.objects.filter(value=2).exists(), "the changed answer to be stored")
    assert page.locator("[data-answered]").inner_text() == "2"
    assert page.locator("[data-progress]").get_attribute("value") == "2"
    page.close()
