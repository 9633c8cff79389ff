"""Reading in a real browser: slowly, one step at a time with pauses, by mouse and by
keyboard, then the daily card and both of its PDFs; the same in English."""

from __future__ import annotations

import pytest

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reading_slowly_with_pauses_and_taking_the_card_home(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Rustig lezen").first.click()
    page.wait_for_url("**/lezen/inleiding/1/")
    shoot(page, "lezen-stap")
    page.get_by_role("link", name="Verder →").click()
    page.get_by_role("heading", name="Een moment voor jezelf").wait_for()
    shoot(page, "lezen-pauze")
    page.get_by_role("button", name="Pauze van 1 minuut").click()
    page.get_by_text("adem rustig in en uit").wait_for()
    page.get_by_role("link", name="Verder lezen →").click()
    page.wait_for_url("**/lezen/inleiding/2/")
    # The arrow keys move through the text as well: back a step, and on to its pause.
    page.keyboard.press("ArrowLeft")
    page.wait_for_url("**/lezen/inleiding/1/")
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**/lezen/inleiding/1/pauze/")

    page.goto(live_server.url + "/dagkaart/")
    shoot(page, "dagkaart")
    for size in ("A6", "A5"):
        assert _pdf_behind(page, f"Kaart op {size} (PDF)").startswith(b"%PDF")
    context.close()


def _pdf_behind(page, link_name: str) -> bytes:
    """The card opens in the browser's PDF viewer (to print from there): fetch what the
    link points at, with the page's own cookies, and check it is a PDF."""
    href = page.get_by_role("link", name=link_name).get_attribute("href")
    response = page.context.request.get(page.url.split("/dagkaart/")[0] + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    return response.body()


def test_the_same_journey_reads_in_english_after_the_switch(browser, live_server):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(live_server.url + "/stijlen/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/stijlen/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + "/lezen/veilig/1/")
    page.get_by_role("link", name="Next →").click()
    page.get_by_role("heading", name="A moment for yourself").wait_for()
    shoot(page, "reading-pause-en")
    page.goto(live_server.url + "/dagkaart/")
    assert _pdf_behind(page, "Card in A6 (PDF)").startswith(b"%PDF")
    page.get_by_role("link", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"
    context.close()


def test_keyboard_hints_are_not_shown_on_touch_screens(browser, live_server):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True,
                                is_mobile=True)
    page = phone.new_page()
    page.goto(live_server.url + "/lezen/veilig/1/")
    assert not page.locator(".keys").is_visible()
    phone.close()
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desktop.new_page()
    page.goto(live_server.url + "/lezen/veilig/1/")
    assert page.locator(".keys").is_visible()
    desktop.close()
