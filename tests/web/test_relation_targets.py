"""The relationship targets come from the instrument file alone: words, order, options."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader

from verbinding.measure import instrument as instrument_module
from verbinding.web.assessments import services
from verbinding.web.assessments.models import Result, SelfTest

from .selftest_helpers import answer_all, leaning, screens, start


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


def _start(client: Client, targets: list[str], not_applicable: list[str]) -> SelfTest:
    response = client.post(
        "/zelftest/", {"targets": targets, "not_applicable": not_applicable, "person_name": ""}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return SelfTest.objects.get(public_id=response["Location"].strip("/").split("/")[-1])


def _finish(client: Client, selftest: SelfTest) -> None:
    answer_all(client, selftest, leaning({"veilig"}))
    response = client.post(f"/zelftest/{selftest.public_id}/afronden/")
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_target_added_to_the_file_is_named_on_the_screens_the_result_page_and_the_pdf(
    anna: Client, with_a_grandmother: None
) -> None:
    selftest = _start(anna, ["oma"], [])
    assert any(s.heading == "Hoe je je verbindt met je oma" for s in screens(selftest))
    _finish(anna, selftest)
    page = anna.get(f"/zelftest/{selftest.public_id}/uitslag/").content.decode()
    assert "Oma" in page
    pdf = anna.get(f"/zelftest/{selftest.public_id}/uitslag.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Oma" in text


def test_a_father_marked_not_applicable_is_skipped_not_scored_and_the_result_says_so(
    anna: Client,
) -> None:
    selftest = _start(anna, ["moeder", "vader"], ["vader"])
    assert [a.target for a in selftest.assessments.order_by("position")] == [
        "", "algemeen", "moeder"
    ]
    assert not any("vader" in s.heading for s in screens(selftest))
    _finish(anna, selftest)
    assert not Result.objects.filter(assessment__target="vader").exists()
    page = anna.get(f"/zelftest/{selftest.public_id}/uitslag/").content.decode()
    assert "Over je vader heb je niets ingevuld: niet van toepassing." in page
    pdf = anna.get(f"/zelftest/{selftest.public_id}/uitslag.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Over je vader heb je niets ingevuld: niet van toepassing." in " ".join(text.split())


def test_not_applicable_is_refused_for_a_relationship_that_does_not_offer_it(
    anna: Client,
) -> None:
    response = anna.post("/zelftest/", {"targets": ["mannen"], "not_applicable": ["mannen"]})
    assert response.status_code == 400
    assert "Niet van toepassing kan alleen bij een relatie waar dat bij staat" in (
        response.content.decode()
    )
    assert SelfTest.objects.count() == 0


def test_the_progress_page_copes_with_a_father_skipped_in_the_retake(client_a: Client) -> None:
    _finish(client_a, _start(client_a, ["vader"], []))
    _finish(client_a, _start(client_a, ["vader"], ["vader"]))
    response = client_a.get("/mijn/voortgang/")
    assert response.status_code == 200
    assert "Over je vader heb je niets ingevuld" not in response.content.decode()
