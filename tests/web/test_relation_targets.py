"""The relationship targets come from the instrument file alone: words, order, options."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from verbinding.measure import instrument as instrument_module
from verbinding.web.assessments import services

from .selftest_helpers import start


def _forget_loaded_instruments() -> None:
    instrument_module.shipped_instrument.cache_clear()
    services._answerable.cache_clear()


@pytest.fixture
def with_a_grandmother(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The shipped instruments, copied, with one target added to relatie.yaml."""
    builtin = instrument_module.BUILTIN_DIR
    for path in builtin.iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    relatie = tmp_path / "relatie.yaml"
    grandmother = (
        "  - id: oma\n"
        '    phrase: {nl: "mijn oma", en: "my grandmother"}\n'
        '    label: {nl: "Oma", en: "Grandmother"}\n'
        '    about: {nl: "je oma", en: "your grandmother"}\n'
        "    optional: true\n"
    )
    text = relatie.read_text(encoding="utf-8")
    relatie.write_text(text.replace("  - id: mannen\n", grandmother + "  - id: mannen\n", 1),
                       encoding="utf-8")
    monkeypatch.setattr(instrument_module, "BUILTIN_DIR", tmp_path)
    _forget_loaded_instruments()
    yield
    monkeypatch.undo()
    _forget_loaded_instruments()


def test_a_target_added_to_the_file_appears_in_the_start_form_without_code_changes(
    anna: Client, with_a_grandmother: None
) -> None:
    html = anna.get("/zelftest/").content.decode()
    assert 'value="oma"' in html and ">Oma</label>" in html
    assert html.index('value="partner"') < html.index('value="oma"') < html.index('value="mannen"')
    selftest = start(anna, ["mannen", "oma"])
    assert [a.target for a in selftest.assessments.order_by("position")] == [
        "", "algemeen", "oma", "mannen"
    ]
    screen = anna.get(f"/zelftest/{selftest.public_id}/").content.decode()
    assert "Oma" in screen


def test_the_start_form_lists_the_targets_of_the_file_in_its_order(anna: Client) -> None:
    html = anna.get("/zelftest/").content.decode()
    order = ["moeder", "vader", "partner", "mannen", "vrouwen", "persoon"]
    places = [html.index(f'value="{target}"') for target in order]
    assert places == sorted(places)
    assert "Andere mensen in het algemeen" in html
    assert "Eén persoon die je zelf kiest" in html
