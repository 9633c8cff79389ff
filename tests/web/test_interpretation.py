"""Stored results keep their interpretation; the words say what the rules test."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.test import Client
from pypdf import PdfReader

from verbinding import interpret
from verbinding.interpret import glossary, rules
from verbinding.reports.words import words_for
from verbinding.web.assessments.models import Result
from web.selftest_helpers import answer_all, leaning, start

CARE_PAGE = "Goed voor jezelf zorgen"
CARE_PDF = "Zorg goed voor jezelf"


def _submitted(client: Client, high: set[str], targets: list[str] | None = None):
    selftest = start(client, targets or [])
    answer_all(client, selftest, leaning(high, high=7, low=2))
    response = client.post(f"/zelftest/{selftest.public_id}/afronden/")
    assert response.status_code == 302
    return selftest


def _page(client: Client, selftest) -> str:
    return client.get(f"/zelftest/{selftest.public_id}/uitslag/").content.decode()


def _pdf(client: Client, selftest) -> str:
    pdf = client.get(f"/zelftest/{selftest.public_id}/uitslag.pdf").content
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )


def test_a_changed_rule_does_not_change_a_stored_result(anna: Client, monkeypatch) -> None:
    selftest = _submitted(anna, {"chaotisch", "desorganisatie"}, ["moeder"])
    kept = Result.objects.filter(assessment__selftest=selftest)
    assert {r.interpretation_version for r in kept} == {rules.VERSION}
    before_page, before_pdf = _page(anna, selftest), _pdf(anna, selftest)
    # The care box: its heading on the page and in the PDF.
    assert CARE_PAGE in before_page and CARE_PDF in before_pdf

    # Tomorrow's rules: nothing is high any more, and the version moves on.
    monkeypatch.setattr(rules, "HIGH", 7.5)
    monkeypatch.setattr(rules, "VERSION", "2")
    monkeypatch.setattr(interpret, "VERSION", "2")
    cache.clear()  # the page cache must not be what keeps the words
    after_page, after_pdf = _page(anna, selftest), _pdf(anna, selftest)

    assert CARE_PAGE in after_page and CARE_PDF in after_pdf
    verdict = "Bij jou springt de chaotische stijl eruit"
    assert verdict in before_page and verdict in after_page
    assert "We spreken van een hoge score vanaf 5,0" in after_page
    # Quietly, one sentence: today's reading is newer than this one.
    assert "Sinds deze uitslag lezen we scores op een iets andere manier" in after_page
    assert "Sinds deze uitslag lezen we scores op een iets andere manier" in after_pdf
    assert "Sinds deze uitslag" not in before_page and "Sinds deze uitslag" not in before_pdf


def test_a_new_result_is_read_with_todays_rules(anna: Client, monkeypatch) -> None:
    monkeypatch.setattr(rules, "HIGH", 7.5)
    monkeypatch.setattr(interpret, "VERSION", "2")
    selftest = _submitted(anna, {"chaotisch", "desorganisatie"})
    result = Result.objects.get(assessment__selftest=selftest, assessment__position=0)
    assert result.interpretation_version == "2" and result.interpretation["care"] is False
    assert CARE_PAGE not in _page(anna, selftest)


def test_the_verdict_speaks_of_the_difference_test_not_of_bands(anna: Client) -> None:
    page = _page(anna, _submitted(anna, {"angstig"}))
    assert "het verschil niet door meetfout alleen te verklaren is" in page
    assert "ook als je de meetfout meetelt" not in page  # the words of a band rule
    assert "welke van de twee sterker is; dan noemen" not in " ".join(
        words_for("nl")["about_bands"]
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_web_and_pdf_use_one_word_for_quadrant_and_confusion(language: str) -> None:
    import polib

    from test_translations import PO_FILES

    columns = words_for(language)["plane_columns"]
    for name in ("quadrant", "confusion"):
        word = glossary.term(name, language)
        assert word in columns
        nl = glossary.term(name, "nl")
        for po_file in PO_FILES:
            entry = polib.pofile(str(po_file)).find(nl)
            if entry is not None:
                assert (entry.msgstr if language == "en" else entry.msgid) == word
    assert not {"Vlak", "Desorganisatie", "Disorganisation"} & set(columns)


def test_the_start_page_does_not_call_a_logged_in_person_anonymous(client_a: Client) -> None:
    page = client_a.get("/zelftest/").content.decode()
    assert "Anoniem." not in page and "Je zelftest komt in je account te staan" in page


def test_dutch_pages_carry_no_english_month() -> None:
    import datetime as dt

    # The progress page's history once printed "6 Dec 2026" on a Dutch page ("j M Y").
    from pathlib import Path

    from django.template import Context, Template
    from django.utils import translation

    import verbinding.web.assessments as app

    source = (Path(app.__file__).parent / "templates/assessments/progress.html").read_text()
    assert '|date:"j M Y"' not in source and "|short_date" in source
    day = dt.date(dt.date.today().year, 12, 6)
    template = Template("{% load verbinding_extras %}{{ d|short_date }} · {{ d|long_date }}")
    with translation.override("nl"):
        assert template.render(Context({"d": day})) == f"6 dec {day.year} · 6 december {day.year}"
