"""A person practises for a day: writes in the diary, logs reactions, rates signs, reads the card.

With JavaScript on, the reaction buttons and the card button update in place (htmx); the
same forms work without it (covered by the view tests).
"""

from __future__ import annotations

import pytest

from verbinding.web.journal.models import CardReading, DiaryEntry, Interaction, SignRating

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rustig-ademhalen-42"


def log_in(page, base: str) -> None:
    from verbinding.web.accounts.models import User

    User.objects.create_user("demi@example.nl", PASSWORD, display_name="Demi")
    page.goto(base + "/account/inloggen/")
    page.fill("input[name=username]", "demi@example.nl")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_day_of_practice(browser, live_server, viewport) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    log_in(page, live_server.url)

    page.goto(live_server.url + "/dagboek/nieuw/")
    page.get_by_label("kalm").check()
    page.get_by_label("Eigen woorden").fill("zacht")
    page.get_by_label("Wat merkte je in je lichaam?").fill("Warme buik")
    page.get_by_label("Hoe sterk was het gevoel?").fill("11")
    page.get_by_role("button", name="Bewaren").click()
    page.get_by_text("Vul een getal in van 0 tot en met 10").wait_for()
    assert not DiaryEntry.objects.exists()
    page.get_by_label("Hoe sterk was het gevoel?").fill("4")
    page.get_by_role("button", name="Bewaren").click()
    page.get_by_text("Bewaard in je dagboek.").wait_for()
    shoot(page, "dagboek-stuk")
    assert DiaryEntry.objects.get().words == ["kalm", "zacht"]

    page.goto(live_server.url + "/reacties/")
    page.get_by_role("button", name="Positief gereageerd").click()
    page.get_by_text("Genoteerd: positief gereageerd.").wait_for()
    page.get_by_role("button", name="Minder vriendelijk gereageerd").click()
    page.get_by_text("Dat is 50 % positief").wait_for()
    page.get_by_role("button", name="Maak de laatste ongedaan").click()
    page.get_by_text("Ongedaan gemaakt").wait_for()
    assert list(Interaction.objects.values_list("kind", flat=True)) == ["positive"]
    shoot(page, "reacties")

    page.goto(live_server.url + "/tekenen/")
    first = page.locator("fieldset.sign").first
    first.locator(".rating-option", has_text="vaak").click()
    page.get_by_role("button", name="Bewaar deze week").first.click()
    page.get_by_text("Bewaard. Je kunt deze week later nog aanpassen.").wait_for()
    assert SignRating.objects.get().value == 3

    page.goto(live_server.url + "/dagkaart/")
    page.get_by_role("button", name="Ik heb de kaart gelezen").click()
    page.get_by_text("Genoteerd. Fijn dat je even de tijd nam.").wait_for()
    page.get_by_text("De afgelopen twee weken").click()
    page.locator("#kaart-gelezen svg[role=img]:visible").wait_for()
    shoot(page, "dagkaart-gelezen")
    assert CardReading.objects.count() == 1
    context.close()
