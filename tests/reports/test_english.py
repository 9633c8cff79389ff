"""The printed report, the daily card and the charts in English: no Dutch left.

Dutch stays the default of every renderer (see the other tests in this folder); these
tests ask for English and check the words around the content, the dates and numbers,
and the charts' labels and text alternatives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import polib
import pytest

from verbinding.content import library
from verbinding.reports import (
    ReportData,
    StyleHighlight,
    StyleProfileView,
    plane_chart_alt,
    plane_chart_svg,
    profile_chart_alt,
    profile_chart_svg,
    render_daily_card,
    render_report,
    words,
)
from verbinding.reports import timecharts as tc
from verbinding.reports.charts import band_text, fmt
from verbinding.reports.pdf import report_payload
from verbinding.reports.sample import band, relation, sample_report_data
from verbinding.reports.words import long_date, words_for

from .conftest import TRICKY_NAME, pdf_pages, pdf_text

# Dutch words that have no place in an English PDF or chart. Allowed on purpose: the
# brand "Verbindingsstijlen", "GP (huisarts)" and "113 Zelfmoordpreventie".
DUTCH = re.compile(
    r"\b(je|jij|jouw|jezelf|het|een|niet|wat|naar|voor|zijn|ook|maar|bij|als|dit|deze|"
    r"wordt|kun|kunt|hebt|heeft|geen|nog|meer|wel|dan|hier|daar|omdat|van|tot|en|"
    r"uitslag|pagina|ingevuld|stijl|beantwoord|relatie|angst|vermijding|vlak|"
    r"desorganisatie|grens|zorg|tekenen|oefenen|meting|betrouwbaarheid|versies|"
    r"vragenlijst|berekening|maart|gemiddelde|sterk|lijnen|rondje|veilig|vermijdend|"
    r"angstig|chaotisch|zelfkennis|dagkaart|lees|keer|vier-stijlen)\b",
    re.IGNORECASE,
)
DUTCH_DECIMAL = re.compile(r"\d,\d")


def dutch_left(text: str) -> list[str]:
    text = " ".join(text.split())
    found = [text[max(0, m.start() - 30): m.end() + 30] for m in DUTCH.finditer(text)]
    return found + [text[max(0, m.start() - 30): m.end() + 30]
                    for m in DUTCH_DECIMAL.finditer(text)]


def english_data(person: str = "Anne", care_box: bool = True) -> ReportData:
    """The sample result as the web app gives it for a self-test taken in English."""
    data = sample_report_data(person=person, care_box=care_box)
    profile = StyleProfileView(
        scores=[
            band("veilig", "Secure", 3.9, 0.35),
            band("vermijdend", "Avoidant", 2.6, 0.4),
            band("angstig", "Anxious", 5.3, 0.38),
            band("chaotisch", "Chaotic", 4.6, 0.45),
        ],
        dominant="angstig",
        mixed=[],
        verdict="The anxious style stands out most for you; the chaotic style also plays a part.",
    )
    relations = [
        relation("algemeen", "In general", 5.0, 2.8, "angstig"),
        relation("moeder", "Mother", 5.6, 3.7, "angstig", 3.4, borderline=True),
        relation("vader", "Father", 4.4, 5.2, "chaotisch", 4.9),
        relation("persoon", person, 2.3, 2.0, "veilig", 1.5),
    ]
    return dataclasses.replace(
        data,
        language="en",
        profile=profile,
        relations=relations,
        highlights=[
            StyleHighlight("angstig", "This is your highest score.", []),
            StyleHighlight("chaotisch", "This score is high too.", []),
        ],
        reliability_note="The band uses the reliability from a first trial group.",
    )


@pytest.fixture(scope="module")
def english_report() -> tuple[str, bytes]:
    filename, _, pdf = render_report(english_data())
    return filename, pdf


# ---------------------------------------------------------------- report


def test_the_english_report_has_english_headings_and_an_english_date(
    english_report: tuple[str, bytes],
) -> None:
    filename, pdf = english_report
    assert filename == "connection-styles-result-2025-03-14.pdf"
    text = pdf_text(pdf)
    for heading in (
        "Your result",
        "Completed on 14 March 2025",
        "Self-knowledge, not a diagnosis.",
        "Your profile across the four styles",
        "Your relationships: anxiety and avoidance",
        "Take good care of yourself",
        "What this means for you".upper(),
        "What you can practise",
        "Signs that things are getting better",
        "About this measurement",
        "Reliability",
        "Four connection styles questionnaire",  # the instrument's own English title
        "page 1 of",
    ):
        assert heading in text, heading
    assert "12 of 12" in text and "3.9" in text and "anxious (border)" in text


def test_the_english_report_keeps_the_dutch_helplines_and_the_therapist_advice(
    english_report: tuple[str, bytes],
) -> None:
    text = pdf_text(english_report[1])
    assert "Your GP (huisarts)" in text
    assert "113 Zelfmoordpreventie:" in text and "0800-0113" in text and "112:" in text
    assert "trained trauma therapist" in text


def test_the_english_report_has_no_dutch_left(english_report: tuple[str, bytes]) -> None:
    leftovers = dutch_left(pdf_text(english_report[1]))
    assert not leftovers, leftovers[:8]


def test_the_english_report_shows_the_english_content(english_report: tuple[str, bytes]) -> None:
    text = pdf_text(english_report[1])
    content = library("en")
    assert content.language == "en"
    for style_id in ("angstig", "chaotisch"):
        style = content.styles[style_id]
        assert style.name in text
        assert style.signs[0].text in text


def test_the_english_report_is_marked_as_english() -> None:
    payload = report_payload(english_data(), "", "")
    assert payload["lang"] == "en"
    assert report_payload(sample_report_data(), "", "")["lang"] == "nl"


def test_an_english_report_with_a_tricky_name_typesets_without_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("WARNING", logger="verbinding.reports.pdf"):
        _, _, pdf = render_report(english_data(person=TRICKY_NAME, care_box=False))
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    assert TRICKY_NAME in pdf_text(pdf)
    assert "Take good care of yourself" not in pdf_text(pdf)


def _leaves(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return []


def test_every_word_of_the_pdf_is_in_the_english_catalogue() -> None:
    nl, en = words_for("nl"), words_for("en")
    catalogue = {
        entry.msgid
        for po in Path(words.__file__).parents[1].glob("**/locale/en/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(po)).translated_entries()
        if not entry.obsolete
    }
    keep = {"lang", "brand"}  # the language code and the product's name
    for key in set(nl) - keep:
        assert len(_leaves(nl[key])) == len(_leaves(en[key])), key
        for dutch in _leaves(nl[key]):
            assert dutch in catalogue, (key, dutch)
    # A language without a catalogue reads the msgids: the Dutch.
    assert {**words_for("fr"), "lang": "nl"} == nl


def test_dates_are_written_out_in_the_language() -> None:
    day = dt.date(2026, 11, 29)
    assert long_date(day, "en") == "29 November 2026"
    assert long_date(day, "nl") == "29 november 2026"
    assert long_date(day) == "29 november 2026"


# ---------------------------------------------------------------- daily card


@pytest.mark.parametrize("size", ["A6", "A5"])
def test_the_english_card_is_one_page_of_english(size: str) -> None:
    filename, _, pdf = render_daily_card(size, "en")  # type: ignore[arg-type]
    assert filename == f"connection-styles-daily-card-{size.lower()}.pdf"
    assert len(pdf_pages(pdf)) == 1
    text = pdf_text(pdf)
    card = library("en").daily_card
    assert card.title in text
    assert "Read this calmly, a few times a day." in text
    leftovers = dutch_left(text)
    assert not leftovers, leftovers[:8]


def test_the_card_stays_dutch_by_default() -> None:
    filename, _, pdf = render_daily_card("A6")
    assert filename == "verbindingsstijlen-dagkaart-a6.pdf"
    assert "Lees dit rustig" in pdf_text(pdf)


# ---------------------------------------------------------------- charts


def test_english_numbers_use_a_decimal_point() -> None:
    score = band("veilig", "Secure", 4.3, 0.4)
    # Half away from zero (interpret.numbers), not half to even: 4.25 is 4.3 everywhere.
    assert fmt(4.25, "en") == "4.3" and fmt(4.3) == "4,3"
    assert band_text(score, "en") == "4.3 (90% band 3.9 to 4.7)"
    assert band_text(band("veilig", "Secure", None), "en") == "cannot be calculated"


def test_the_english_profile_chart_and_its_alt_text_are_english() -> None:
    profile = english_data().profile
    assert profile is not None
    alt = profile_chart_alt(profile, "en")
    assert alt.startswith("Profile across the four connection styles")
    assert "Anxious 5.3 (90% band" in alt
    assert not dutch_left(alt), dutch_left(alt)
    svg = profile_chart_svg(profile, "en")
    assert "average score, 1 (does not fit) to 7 (fits strongly)" in svg
    assert "gemiddelde" not in svg and "5,3" not in svg


def test_the_english_plane_chart_and_its_alt_text_are_english() -> None:
    relations = english_data().relations
    alt = plane_chart_alt(relations, "en")
    assert alt.startswith("Plane with avoidance from left to right and anxiety")
    assert "Mother: anxiety 5.6 (90% band 5.1 to 6.1)" in alt
    assert "anxious quadrant, close to a border." in alt
    assert not dutch_left(alt), dutch_left(alt)
    assert plane_chart_alt([], "en").endswith("No relationships have been measured yet.")
    svg = plane_chart_svg(relations, 4.0, "en")
    for label in ("avoidance →", "anxiety →", ">secure<", ">chaotic<", "Lines: 90% band."):
        assert label in svg, label
    assert "vermijding" not in svg and "Lijnen" not in svg


def test_charts_stay_dutch_without_a_language() -> None:
    data = sample_report_data()
    assert data.profile is not None
    assert profile_chart_alt(data.profile).startswith("Profiel over de vier")
    assert "vermijding →" in plane_chart_svg(data.relations, data.cut)


# ---------------------------------------------------------------- time charts

WEEKS = [dt.date(2025, 3, 3) + dt.timedelta(weeks=n) for n in range(4)]


def test_an_english_time_chart_names_weeks_and_values_the_english_way() -> None:
    chart = tc.line_chart(WEEKS, [tc.Series("Secure", [1.0, 2.5, None, 3.0])],
                          title="Over time", y_max=4, language="en")
    assert chart.alt == ("Over time. Secure: week of 3 March 2025: 1.0; week of 10 March "
                         "2025: 2.5; week of 24 March 2025: 3.0.")
    assert ">3 Mar<" in chart.svg and "mrt" not in chart.svg


def test_an_english_bar_chart_says_percentages_days_and_gaps_in_english() -> None:
    chart = tc.bar_chart(WEEKS, [tc.Series("Positive", [0.5, None, 0.75, 1.0]),
                                 tc.Series("Empty", [None] * 4)],
                         title="Share", y_max=1.0, fmt=tc.percent, period="day",
                         reference=tc.Reference(0.8, "80%"), language="en")
    assert "3 March 2025: 50%" in chart.alt and "week" not in chart.alt
    assert "Empty: no data yet." in chart.alt
    assert chart.alt.endswith("A dashed line marks 80%.")
    assert ">75%<" in chart.svg and " %" not in chart.svg


def test_a_callers_own_format_is_kept_in_english() -> None:
    chart = tc.bar_chart(WEEKS[:1], [tc.Series("n", [2.0])], title="t",
                         fmt=lambda v: f"{v:.0f}x", language="en")
    assert "2x" in chart.alt


# ---------------------------------------------------------------- web layer


def test_an_english_self_test_stores_english_charts_and_prints_english(db) -> None:
    from verbinding.web.assessments import renderers
    from web.practice.helpers import submitted_selftest

    selftest = submitted_selftest(None, {"angstig"}, ["moeder"], language="en")
    assert selftest.language == "en"
    report = selftest.report
    assert report.profile_alt.startswith("Profile across the four connection styles")
    assert "Secure" in report.profile_alt and "Veilig" not in report.profile_alt
    assert report.plane_alt.startswith("Plane with avoidance")
    assert "average score" in report.profile_svg and "avoidance →" in report.plane_svg
    filename, _, pdf = renderers.render_pdf(selftest)
    assert filename.startswith("connection-styles-result-")
    text = pdf_text(pdf)
    assert "Your result" in text and "Your profile across the four styles" in text
