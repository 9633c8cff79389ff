"""Screenshots of the pages people see most, at phone (390×844) and desktop (1280×900).

    uv run python bench/screens.py [OUT_DIR]        # default /work/screens (outside the repo)

Not a test and not run by pytest: it makes pictures to look at after a change. It builds a
throwaway data directory, fills it as a user would (through the app's own views, with the
Django test client in this process), calibrates norms from 24 made-up people the way
tests/web/test_norms_loop.py does, then starts the real server (`verbinding serve`) and
takes the pictures with Debian's chromium:

- the start page of a retake (its relationships ticked from the previous self-test),
- a question screen with its counter and bar,
- the overview of a submitted self-test ("Bekijk je uitslag"),
- the result with norms (percentiles, "ongeveer X op de 10"), with the "Voor professionals"
  fold closed and open, and the earlier result without norms (provisional),
- the research consent step after submitting, Mijn overzicht, the progress page, the
  reaction log with its weekly charts,
- the same result page in English, and each page of the PDF report (`pdftoppm -r 50`).

Files are named `<page>.<width>.png`; the PDF pages `pdf-<n>.png`.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

# Test support (the local server) lives in tests/, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/screens")
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
PEOPLE = 24
HOST = {"HTTP_HOST": "localhost"}


def _django(data_dir: str) -> None:
    os.environ["VERBINDING_DATA_DIR"] = data_dir
    (Path(data_dir) / "static").mkdir(exist_ok=True)  # the server collects into it later
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.web.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _take(client, targets, name, value_for):
    """One self-test through the app's views; returns it submitted."""
    from verbinding.web.assessments import layout, services
    from verbinding.web.assessments.models import SelfTest

    response = client.post("/zelftest/", {"targets": targets, "person_name": name})
    assert response.status_code == 302, response.content[:500]
    selftest = SelfTest.objects.get(public_id=response["Location"].strip("/").split("/")[-1])
    for screen in layout.build_screens(services.parts_of(selftest)):
        data = {q.key: value_for(q) for q in screen.questions}
        client.post(f"/zelftest/{selftest.public_id}/vragen/{screen.number}/", data)
    assert client.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    return selftest


def _person(seed: int):
    """A made-up person: a leaning per style plus a little noise."""
    from verbinding.measure.instrument import shipped_instrument
    from verbinding.web.assessments import targets

    rng = random.Random(seed)
    styles = shipped_instrument(targets.STYLES_INSTRUMENT)
    leaning = {s.id: rng.uniform(-2.5, 2.5) for s in styles.scales}

    def value_for(question) -> int:
        if question.position != 0:
            return rng.randint(2, 6)
        scale = next(s.id for s in styles.scales if question.item_id in s.items)
        value = min(7, max(1, round(4 + leaning[scale] + rng.uniform(-1, 1))))
        return 8 - value if styles.item(question.item_id).reverse else value

    return value_for


def _calibrate(data_dir: str) -> None:
    """Norms from the submitted self-tests, installed as version 2 of vier-stijlen."""
    import csv

    from typer.testing import CliRunner

    from verbinding.cli import app
    from verbinding.measure.instrument import shipped_instrument
    from verbinding.web.assessments import targets
    from verbinding.web.assessments.models import Answer, Assessment

    items = shipped_instrument(targets.STYLES_INSTRUMENT).item_ids
    answers = Path(data_dir) / "antwoorden.csv"
    with answers.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(items)
        for assessment in Assessment.objects.filter(
            instrument_id=targets.STYLES_INSTRUMENT, submitted_at__isnull=False
        ):
            given = dict(
                Answer.objects.filter(assessment=assessment).values_list("item_id", "value")
            )
            writer.writerow([given.get(i, "") for i in items])
    folder = Path(data_dir) / "instruments"
    folder.mkdir(exist_ok=True)
    result = CliRunner().invoke(app, [
        "calibrate", str(answers), "--instrument", targets.STYLES_INSTRUMENT,
        "-o", str(folder / "vier-stijlen-2.yaml"), "--new-version", "2",
        "--period", "2026", "--population", "proefdeelnemers",
        "--min-n", "10", "--max-ci-width", "5",
    ])
    assert result.exit_code == 0, result.output


def prepare(data_dir: str) -> tuple[str, str]:
    """Anna's first (provisional) self-test weeks ago, 24 others, norms from them.
    Returns Anna's session cookie and her first self-test's id."""
    import time_machine
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from verbinding.web.accounts.models import User

    anna = User.objects.create_user(
        "anna@example.nl", "rustig-ademhalen-42", display_name="Anna",
        email_verified_at=timezone.now(),
    )
    client = Client(**HOST)
    client.force_login(anna)
    with time_machine.travel(timezone.now() - dt.timedelta(days=35), tick=False):
        first = _take(client, ["moeder", "vader", "persoon"], "mijn oudste zus", _person(7))
    for kind in ("positive", "positive", "negative", "repair_started", "positive"):
        client.post("/reacties/nieuw/", {"kind": kind})
    for seed in range(PEOPLE):
        _take(Client(**HOST), [], "", _person(100 + seed))
    _calibrate(data_dir)
    return client.cookies[settings.SESSION_COOKIE_NAME].value, str(first.public_id)


def shoot(page, name: str) -> None:
    for size in SIZES.values():
        page.set_viewport_size(size)
        page.screenshot(path=str(OUT / f"{name}.{size['width']}.png"), full_page=True)


def answer_screen(page, value: int) -> None:
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator(".scale-option").nth(value - 1).click()
        fieldset.locator(".saved", has_text="Bewaard").wait_for()


def browse(base: str, session: str, first_id: str) -> None:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from localserver import CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=SIZES["desktop"])
        context.set_default_timeout(90_000)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session,
                              "url": base}])
        page = context.new_page()

        page.goto(base + "/zelftest/")
        shoot(page, "retake-start")
        page.get_by_role("button", name="Begin de zelftest").click()
        page.get_by_role("link", name="Begin met de vragen").click()
        answer_screen(page, 5)
        shoot(page, "question-screen")
        value_for = _person(3)
        for _ in range(80):
            if "/afronden/" in page.url:
                break
            if "/pauze/" in page.url:
                page.get_by_role("link", name="Verder met de vragen").click()
                continue
            for fieldset in page.locator("fieldset.question").all():
                if fieldset.locator("input:checked").count():
                    continue
                key = fieldset.get_attribute("id").removeprefix("q-")
                question = _question(page.url, key)
                fieldset.locator(".scale-option").nth(value_for(question) - 1).click()
            page.get_by_role("button", name="Volgende").or_(
                page.get_by_role("button", name="Naar afronden")).click()
        page.get_by_role("button", name="Bekijk mijn uitslag").click()
        page.get_by_role("heading", name="Jouw verbindingsprofiel").wait_for()
        result_path = page.url.removeprefix(base)
        shoot(page, "result-norms")
        page.get_by_text("Voor professionals").click()
        shoot(page, "result-norms-professionals-open")
        test_path = result_path.removesuffix("uitslag/")
        page.goto(base + test_path)
        shoot(page, "overview-submitted")
        page.goto(base + test_path + "onderzoek/")
        shoot(page, "research-consent")
        page.goto(base + f"/zelftest/{first_id}/uitslag/")
        shoot(page, "result-provisional")
        page.goto(base + "/mijn/")
        shoot(page, "mijn")
        page.goto(base + "/mijn/voortgang/")
        shoot(page, "progress")
        page.goto(base + "/reacties/")
        shoot(page, "reactions")
        context.add_cookies([{"name": "taal", "value": "en", "url": base}])
        page.goto(base + "/mijn/")
        shoot(page, "mijn-en")
        page.goto(base + "/mijn/voortgang/")
        shoot(page, "progress-en")
        pdf = page.request.get(base + result_path.replace("uitslag/", "uitslag.pdf"))
        (OUT / "report.pdf").write_bytes(pdf.body())
        context.close()
        browser.close()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(OUT / "report.pdf"), str(OUT / "pdf")],
                   check=True)


def _question(url: str, key: str):
    from verbinding.web.assessments import layout, services
    from verbinding.web.assessments.models import SelfTest

    public_id = url.split("/zelftest/")[1].split("/")[0]
    selftest = SelfTest.objects.get(public_id=public_id)
    for screen in layout.build_screens(services.parts_of(selftest)):
        for question in screen.questions:
            if question.key == key:
                return question
    raise KeyError(key)


def main() -> None:
    from localserver import running_server

    OUT.mkdir(parents=True, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="verbinding-screens-")
    _django(data_dir)
    session, first_id = prepare(data_dir)
    with running_server(data_dir=data_dir) as (base, _):
        browse(base, session, first_id)
    print(f"screenshots in {OUT}: {len(list(OUT.glob('*.png')))} files")


if __name__ == "__main__":
    main()
