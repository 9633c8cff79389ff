"""Which instrument version each place uses: the current one for what is new, the one a
self-test was begun with for everything about that self-test (web.assessments.instruments)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verbinding.cli import app
from verbinding.measure.instrument import shipped_instrument
from verbinding.web.assessments import instruments, targets
from web.instrument_versions import edited, install
from web.selftest_helpers import screens, start

NEW_TEXT = "Ik lig er wakker van of de mensen om me heen blijven."


@pytest.fixture
def installed(settings, tmp_path: Path) -> Path:
    settings.INSTRUMENTS_DIR = tmp_path / "instruments"
    return settings.INSTRUMENTS_DIR


def test_the_builtin_is_current_until_a_version_is_installed(installed):
    builtin = shipped_instrument(targets.STYLES_INSTRUMENT)
    assert instruments.current(targets.STYLES_INSTRUMENT) is builtin
    install(installed, edited(targets.STYLES_INSTRUMENT, "2", reliability=0.9))
    assert instruments.current(targets.STYLES_INSTRUMENT).version == "2"
    assert instruments.all_current()[targets.STYLES_INSTRUMENT].version == "2"
    assert instruments.all_current()[targets.RELATION_INSTRUMENT].version == "1"
    label = instruments.label(builtin)
    assert instruments.made_with(targets.STYLES_INSTRUMENT, label) is builtin


def test_the_api_describes_the_current_versions(client, installed):
    install(installed, edited(targets.STYLES_INSTRUMENT, "2", item_texts={"AN01": NEW_TEXT}))
    listed = {i["id"]: i["version"] for i in client.get("/api/v1/instruments").json()}
    assert listed == {targets.STYLES_INSTRUMENT: "2", targets.RELATION_INSTRUMENT: "1"}
    detail = client.get(f"/api/v1/instruments/{targets.STYLES_INSTRUMENT}").json()
    assert detail["version"] == "2"
    assert {i["id"]: i["text"] for i in detail["items"]}["AN01"] == NEW_TEXT
    assert client.get("/api/v1/instruments/..%2Fetc%2Fpasswd").status_code == 404


def test_a_selftest_under_way_keeps_its_questions_and_a_new_one_gets_the_new(
    db, client, installed
):
    def wording(selftest) -> str:
        return next(
            q.text for s in screens(selftest) for q in s.questions if q.item_id == "AN01"
        )

    under_way = start(client)
    old_text = wording(under_way)
    install(installed, edited(targets.STYLES_INSTRUMENT, "2", item_texts={"AN01": NEW_TEXT}))
    assert wording(under_way) == old_text != NEW_TEXT
    fresh = start(client)
    assert wording(fresh) == NEW_TEXT
    assert instruments.of_assessment(fresh.assessments.get(position=0)).version == "2"


def test_instrument_list_and_show_name_the_installed_version(installed, monkeypatch):
    # The CLI finds the installed versions the way the app does: in the data directory.
    monkeypatch.setenv("VERBINDING_DATA_DIR", str(installed.parent))
    install(installed, edited(targets.STYLES_INSTRUMENT, "2", reliability=0.9))
    runner = CliRunner()
    listed = runner.invoke(app, ["instrument", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    assert rows[targets.STYLES_INSTRUMENT]["version"] == "2"
    assert rows[targets.STYLES_INSTRUMENT]["installed"] is True
    assert rows[targets.RELATION_INSTRUMENT]["installed"] is False
    table = runner.invoke(app, ["instrument", "list"], env={"COLUMNS": "200"})
    assert "geïnstalleerd" in table.stdout and "ingebouwd" in table.stdout
    shown = runner.invoke(app, ["instrument", "show", targets.STYLES_INSTRUMENT, "--json"])
    assert json.loads(shown.stdout)["version"] == "2"
