"""The PDF report and the daily card: content, size, and literal user text."""

from __future__ import annotations

import dataclasses

import pytest

from verbinding.content import library
from verbinding.reports import (
    ReportData,
    StyleHighlight,
    render_daily_card,
    render_report,
    warm_up,
)
from verbinding.reports.pdf import short_intro

from .conftest import TRICKY_NAME, pdf_pages, pdf_text

A4 = (595.28, 841.89)
CARD_SIZES = {"A6": (297.64, 419.53), "A5": (419.53, 595.28)}


def _same_size(actual: tuple[float, float], expected: tuple[float, float]) -> bool:
    return all(abs(a - e) < 0.05 for a, e in zip(actual, expected, strict=True))


def test_report_is_a_dated_a4_pdf(report_data: ReportData) -> None:
    filename, media_type, pdf = render_report(report_data)
    assert filename == "verbindingsstijlen-uitslag-2025-03-14.pdf"
    assert media_type == "application/pdf"
    assert pdf.startswith(b"%PDF")
    assert all(_same_size(size, A4) for size in pdf_pages(pdf))


def test_report_shows_scores_bands_and_relationships(report_data: ReportData) -> None:
    text = pdf_text(render_report(report_data)[2])
    assert "14 maart 2025" in text
    assert "zelfkennis, geen diagnose" in text.lower()
    for band in report_data.profile.scores:
        assert band.title in text
    for number in ("3,9", "2,6", "5,3", "4,6", "4,9 – 5,7"):
        assert number in text
    assert "5,6 (5,1–6,1)" in text  # moeder: anxiety with its band
    assert "3,7 (3,3–4,2)" in text  # 3.25 rounds half away from zero: 3,3
    assert report_data.profile.verdict in text
    assert report_data.reliability_note in text
    assert "1 (hash 3fa9c1e2)" in text and "2025.1" in text


def test_report_shows_highlighted_styles_with_exercises_and_signs(
    report_data: ReportData,
) -> None:
    text = pdf_text(render_report(report_data)[2])
    angstig = library().style("angstig")
    assert angstig is not None
    assert angstig.name in text
    assert angstig.exercises[0].title in text
    assert angstig.exercises[0].steps[0] in text
    assert angstig.signs[0].text in text


def test_report_uses_the_chosen_exercises(report_data: ReportData) -> None:
    chaotisch = library().style("chaotisch")
    assert chaotisch is not None
    chosen = chaotisch.exercises[-1]
    data = dataclasses.replace(
        report_data,
        highlights=[StyleHighlight("chaotisch", "Omdat het zo is.", [chosen.id, "bestaat-niet"])],
    )
    text = pdf_text(render_report(data)[2])
    assert chosen.title in text
    assert chaotisch.exercises[0].title not in text


def test_care_box_appears_only_when_asked(report_data: ReportData) -> None:
    with_care = pdf_text(render_report(report_data)[2])
    assert "0800-0113" in with_care and "113.nl" in with_care and "112" in with_care
    assert "traumatherapeut" in with_care and "huisarts" in with_care
    calm = dataclasses.replace(report_data, care_box=False, highlights=[])
    assert "0800-0113" not in pdf_text(render_report(calm)[2])


def test_a_name_with_markup_characters_is_printed_literally(report_data: ReportData) -> None:
    text = pdf_text(render_report(report_data)[2])
    assert TRICKY_NAME in text


def test_report_has_page_numbers(report_data: ReportData) -> None:
    text = pdf_text(render_report(report_data)[2])
    pages = len(pdf_pages(render_report(report_data)[2]))
    assert f"pagina 1 van {pages}" in text
    assert f"pagina {pages} van {pages}" in text


def test_report_without_relationships_or_highlights_still_renders(
    report_data: ReportData,
) -> None:
    bare = dataclasses.replace(report_data, relations=[], highlights=[], care_box=False)
    text = pdf_text(render_report(bare)[2])
    assert "Over deze meting" in text


@pytest.mark.parametrize("size", ["A6", "A5"])
def test_daily_card_is_one_page_of_its_size(size: str) -> None:
    filename, media_type, pdf = render_daily_card(size)  # type: ignore[arg-type]
    assert filename == f"verbindingsstijlen-dagkaart-{size.lower()}.pdf"
    assert media_type == "application/pdf"
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    assert _same_size(pages[0], CARD_SIZES[size])


@pytest.mark.parametrize("size", ["A6", "A5"])
def test_daily_card_shows_every_secure_characteristic(size: str) -> None:
    card = library().daily_card
    text = pdf_text(render_daily_card(size)[2])  # type: ignore[arg-type]
    assert card.title in text
    for point in card.points:
        assert point.text in text


def test_daily_card_refuses_an_unknown_size() -> None:
    with pytest.raises(ValueError, match="A6 of A5"):
        render_daily_card("A4")  # type: ignore[arg-type]


def test_card_intro_keeps_the_encouragement_not_the_printing_advice() -> None:
    intro = "Print dit en hang het op. Je hoeft niet alles te herkennen. Het is een richting."
    assert short_intro(intro) == "Je hoeft niet alles te herkennen. Het is een richting."
    assert short_intro("Een zin.") == "Een zin."


def test_typesetting_gives_no_warnings(
    report_data: ReportData, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="verbinding.reports.pdf"):
        render_report(report_data)
        render_daily_card("A6")
        render_daily_card("A5")
    assert caplog.records == []


def test_warm_up_prepares_both_compilers() -> None:
    warm_up()
    assert render_daily_card("A6")[2].startswith(b"%PDF")
