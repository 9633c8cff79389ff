"""The whole calibration loop in a real browser.

People take the self-test and choose to contribute their answers to research;
`verbinding research export` writes them as CSV; `verbinding calibrate` makes a new
version of the questionnaire from them; the practice installs it (copies the file into
`VERBINDING_DATA_DIR/instruments/`); a new self-test then shows where a person stands
among those respondents ("op de 10"), while the old result still shows its own version
and no percentiles.

Honestly: two people take the self-test and give consent in the browser. A calibration
needs more respondents than a browser test can patiently click through, so the other
people are made with the service functions the same views call (`start_selftest`,
`save_answer`, `submit_selftest`, `consent.give`). Both commands run in-process against
the same database and the same data directory as the live server.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verbinding.cli import app
from verbinding.config import instruments_dir
from verbinding.measure.instrument import shipped_instrument
from verbinding.web.assessments import consent, layout, services, targets
from verbinding.web.assessments.models import ResearchConsent, SelfTest
from waiting import until

from .conftest import shoot
from .test_selftest_journey import go_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = 24  # the browser's two and 22 more; calibrate is run with --min-n 10
DESKTOP = {"width": 1280, "height": 900}


def person(seed: int) -> Callable[[str, str], int]:
    """The answers of one made-up person: a leaning per scale plus a little noise, so the
    scales hang together as real ones do (calibration needs a usable alpha). Called with
    the instrument id and the item id; relationship items get a plain middling answer."""
    rng = random.Random(seed)
    styles = shipped_instrument(targets.STYLES_INSTRUMENT)
    leaning = {s.id: rng.uniform(-2.5, 2.5) for s in styles.scales}
    scale_of = {item: s.id for s in styles.scales for item in s.items}

    def value(instrument_id: str, item_id: str) -> int:
        if instrument_id != targets.STYLES_INSTRUMENT:
            return rng.randint(2, 6)
        wanted = min(7, max(1, round(4 + leaning[scale_of[item_id]] + rng.uniform(-1, 1))))
        return 8 - wanted if styles.item(item_id).reverse else wanted

    return value


def take_in_browser(page, base: str, value: Callable[[str, str], int]) -> str:
    """Start, answer every screen (each answer by `value`, waiting for its autosave) and
    submit; returns the result page's address."""
    page.goto(base + "/zelftest/")
    page.get_by_role("button", name="Begin de zelftest").click()
    page.get_by_role("link", name="Begin met de vragen").click()
    for _ in range(60):
        if "/afronden/" in page.url:
            break
        for fieldset in page.locator("fieldset.question").all():
            key = fieldset.locator("input[type=radio]").first.get_attribute("name") or ""
            position, _, item_id = key.partition("-")
            instrument_id = targets.STYLES_INSTRUMENT if position == "a0" else "relatie"
            fieldset.locator(".scale-option").nth(value(instrument_id, item_id) - 1).click()
            fieldset.locator(".saved", has_text="Bewaard").wait_for()
        go_on(page)
    page.get_by_role("button", name="Bekijk mijn uitslag").click()
    page.get_by_role("heading", name="Jouw verbindingsprofiel").wait_for()
    return page.url


def consent_in_browser(page, result_url: str) -> None:
    page.goto(result_url)
    page.get_by_role("link", name="Lees wat we delen en kies zelf").click()
    page.get_by_label("Mijn antwoorden anoniem bijdragen aan onderzoek").check()
    page.get_by_role("button", name="Bewaar mijn keuze").click()
    page.get_by_role("button", name="Trek mijn toestemming in").wait_for()


def take_through_services(value: Callable[[str, str], int]) -> None:
    """What the views do for one person, called directly: start, answer, submit, consent."""
    selftest, _ = services.start_selftest([], "", language="nl")
    for part in services.parts_of(selftest):
        assessment = selftest.assessments.get(position=part.position)
        for question in layout.questions_for(part):
            services.save_answer(assessment, question.item_id,
                                 value(part.instrument_id, question.item_id))
    services.submit_selftest(selftest)
    selftest.refresh_from_db()
    consent.give(selftest)


def for_professionals(page) -> str:
    """Open the result page's fold for professionals, as a reader would, and read it."""
    fold = page.locator("details.for-professionals")
    fold.locator("summary").click()
    fold.locator("p").first.wait_for()
    return fold.inner_text()


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_answers_given_to_research_become_norms_for_new_results(
    browser, live_server, settings, monkeypatch, tmp_path: Path
) -> None:
    # One data directory for the live server and the commands, as on a real install.
    monkeypatch.setenv("VERBINDING_DATA_DIR", str(tmp_path))
    settings.INSTRUMENTS_DIR = instruments_dir()
    base = live_server.url

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    first_url = take_in_browser(page, base, person(0))
    old_page = page.inner_text("main")
    assert "voorlopig" in old_page and "op de 10" not in old_page
    consent_in_browser(page, first_url)
    other = browser.new_context(viewport=DESKTOP)
    consent_in_browser(other.new_page(), take_in_browser(other.new_page(), base, person(1)))
    other.close()
    until(lambda: ResearchConsent.objects.count() == 2, "both browser consents")
    for seed in range(2, PEOPLE):
        take_through_services(person(seed))

    data = tmp_path / "onderzoek.csv"
    said = run("research", "export", "--instrument", targets.STYLES_INSTRUMENT, "-o", str(data))
    assert f"van {PEOPLE} mensen" in said
    made = tmp_path / "vier-stijlen-2.yaml"
    run("calibrate", str(data), "--instrument", targets.STYLES_INSTRUMENT, "-o", str(made),
        "--new-version", "2", "--period", "2027", "--population", "deelnemers aan deze test",
        "--min-n", "10", "--max-ci-width", "5")
    settings.INSTRUMENTS_DIR.mkdir()
    shutil.copy(made, settings.INSTRUMENTS_DIR)  # installing: copy the file in
    listed = {i["id"]: i for i in json.loads(run("instrument", "list", "--json"))}
    assert listed[targets.STYLES_INSTRUMENT]["version"] == "2"
    assert listed[targets.STYLES_INSTRUMENT]["installed"]

    # The same person takes the self-test again: now they see where they stand.
    new_url = take_in_browser(page, base, person(0))
    shoot(page, "normen-uitslag")
    new_page = page.inner_text("main")
    assert re.search(r"hoger dan ongeveer \d+ op de 10 mensen die deze vragenlijst invulden "
                     rf"\(n = {PEOPLE}, 2027\)", new_page)
    assert "verbindingsstijlen versie 2+" in for_professionals(page)
    newest = SelfTest.objects.get(public_id=new_url.rstrip("/").split("/")[-2])
    assert newest.assessments.get(position=0).instrument_version.startswith("2+")

    # Their first result still shows its own version, and no percentiles.
    page.goto(first_url)
    page.get_by_role("heading", name="Jouw verbindingsprofiel").wait_for()
    again = page.inner_text("main")
    assert "verbindingsstijlen versie 1+" in for_professionals(page)
    assert "op de 10" not in again and "voorlopig" in again
    context.close()
