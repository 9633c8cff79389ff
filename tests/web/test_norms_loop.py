"""The whole loop: self-tests given to research → `verbinding research export` →
`verbinding calibrate` → installed version → a new self-test shows percentiles from it,
while old results keep their own version. (The same loop in a real browser:
tests/browser/test_norms_journey.py.)"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from verbinding.cli import app
from verbinding.measure.instrument import shipped_instrument
from verbinding.web.assessments import layout, targets
from verbinding.web.assessments.models import SelfTest

from .selftest_helpers import answer_all, start


def _take(client: Client, seed: int) -> SelfTest:
    """Take the self-test and choose to contribute it to research, as a person does."""
    selftest = start(client)
    answer_all(client, selftest, _person(seed))
    assert client.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    agreed = client.post(f"/zelftest/{selftest.public_id}/onderzoek/", {"agree": "1"})
    assert agreed.status_code == 302, agreed.content.decode()[:500]
    selftest.refresh_from_db()
    return selftest

PEOPLE = 24


def _person(seed: int):
    """Answers of one made-up person: a leaning per scale plus a little noise, so the
    scales hang together as real ones do (the calibration needs a usable alpha)."""
    rng = random.Random(seed)
    leaning = {s.id: rng.uniform(-2.5, 2.5) for s in shipped_instrument("vier-stijlen").scales}
    styles = shipped_instrument(targets.STYLES_INSTRUMENT)

    def value_for(question: layout.Question) -> int:
        if question.position != 0:
            return rng.randint(2, 6)
        scale = next(s.id for s in styles.scales if question.item_id in s.items)
        value = round(4 + leaning[scale] + rng.uniform(-1, 1))
        value = min(7, max(1, value))
        return 8 - value if styles.item(question.item_id).reverse else value

    return value_for


def _export(path: Path) -> None:
    """`verbinding research export`: the consented answers, one row per part."""
    result = CliRunner().invoke(app, [
        "research", "export", "--instrument", targets.STYLES_INSTRUMENT, "-o", str(path),
    ])
    assert result.exit_code == 0, result.output
    assert f"van {PEOPLE} mensen" in result.output


def _result_html(client: Client, selftest: SelfTest) -> str:
    response = client.get(f"/zelftest/{selftest.public_id}/uitslag/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_calibrated_norms_reach_new_results_and_old_results_keep_their_version(
    tmp_path: Path, settings
) -> None:
    settings.INSTRUMENTS_DIR = tmp_path / "instruments"
    settings.INSTRUMENTS_DIR.mkdir()
    old_client = Client()
    first = _take(old_client, 0)
    for seed in range(1, PEOPLE):
        _take(Client(), seed)
    assert first.submitted_at is not None
    old_page = _result_html(old_client, first)
    assert "voorlopig" in old_page and "op de 10" not in old_page

    data = tmp_path / "antwoorden.csv"
    _export(data)
    output = settings.INSTRUMENTS_DIR / "vier-stijlen-2.yaml"
    result = CliRunner().invoke(app, [
        "calibrate", str(data), "--instrument", targets.STYLES_INSTRUMENT, "-o", str(output),
        "--new-version", "2", "--period", "2027", "--population", "testdeelnemers",
        "--min-n", "10", "--max-ci-width", "5",
    ])
    assert result.exit_code == 0, result.output

    client = Client()
    selftest = _take(client, PEOPLE + 1)
    styles = selftest.assessments.get(instrument_id=targets.STYLES_INSTRUMENT)
    assert styles.instrument_version.startswith("2+")
    page = _result_html(client, selftest)
    assert "op de 10 mensen die deze vragenlijst invulden (n = 24, 2027)" in page
    assert "Waar komt deze vergelijking vandaan?" in page and "testdeelnemers" in page
    # The calibrated version's reliability, not the built-in one, made the bands.
    stored = styles.result.scores["veilig"]
    assert stored["percentile"] is not None and stored["norms"]["n"] == PEOPLE

    # The old result still says what it said, from the version it was made with.
    assert _result_html(old_client, first) == old_page
    old_styles = first.assessments.get(instrument_id=targets.STYLES_INSTRUMENT)
    assert old_styles.result.instrument_version.startswith("1")
    assert old_styles.result.scores["veilig"]["percentile"] is None
