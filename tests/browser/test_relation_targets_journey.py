"""A father marked "niet van toepassing" in the browser: no questions, and the result says so."""

from __future__ import annotations

import pytest

from verbinding.web.assessments import services
from verbinding.web.assessments.models import SelfTest

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_father_marked_not_applicable_is_named_on_the_result_page(
    browser, live_server, viewport
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(live_server.url + "/zelftest/")
    shoot(page, "zelftest-start-relaties")
    page.get_by_label("vader: niet van toepassing of geen contact").check()
    page.get_by_role("button", name="Begin de zelftest").click()
    page.get_by_role("link", name="Begin met de vragen").wait_for()
    selftest = SelfTest.objects.get()
    assert selftest.skipped_targets == ["vader"]
    # The answers themselves are not what this test is about: given directly.
    for missing in services.selftest_missing(selftest):
        services.save_answer(missing.assessment, missing.item_id, 4)
    page.goto(f"{live_server.url}/zelftest/{selftest.public_id}/afronden/")
    page.get_by_role("button", name="Bekijk mijn uitslag").click()
    page.get_by_text("Over je vader heb je niets ingevuld: niet van toepassing.").wait_for()
    shoot(page, "zelftest-uitslag-vader-nvt")
    context.close()
