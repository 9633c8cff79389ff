"""Hand-drawn SVG time charts: valid, accessible, honest about gaps, Dutch."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from verbinding.reports import timecharts as tc
from verbinding.reports.timecharts import Reference, Series

NS = {"s": "http://www.w3.org/2000/svg"}
WEEKS = [dt.date(2025, 3, 3) + dt.timedelta(weeks=n) for n in range(4)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_a_line_chart_is_valid_svg_with_title_desc_and_role() -> None:
    chart = tc.line_chart(WEEKS, [Series("Veilig", [1.0, 2.5, None, 3.0])], title="Veilig",
                          y_max=4, y_ticks=[0, 1, 2, 3, 4])
    root = parse(chart.svg)
    assert root.get("role") == "img"
    title, desc = root.find("s:title", NS), root.find("s:desc", NS)
    assert title is not None and title.text == "Veilig"
    assert desc is not None and desc.text == chart.alt
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert str(chart) == chart.svg


def test_the_text_alternative_names_every_value_the_dutch_way() -> None:
    chart = tc.line_chart(WEEKS, [Series("Veilig", [1.0, 2.5, None, 3.0])], title="Verloop",
                          y_max=4)
    assert chart.alt == ("Verloop. Veilig: week van 3 maart 2025: 1,0; week van 10 maart 2025: "
                         "2,5; week van 24 maart 2025: 3,0.")


def test_a_gap_is_a_gap_not_a_zero() -> None:
    root = parse(tc.line_chart(WEEKS, [Series("x", [1.0, 2.0, None, 3.0])], title="t",
                               y_max=4).svg)
    lines = root.findall("s:polyline", NS)
    assert len(lines) == 1 and len(lines[0].get("points", "").split()) == 2
    assert len(root.findall("s:circle", NS)) == 3  # the lone last value is still a dot


def test_a_bar_chart_draws_bars_values_and_a_dashed_reference() -> None:
    chart = tc.bar_chart(WEEKS, [Series("Positief", [0.5, None, 0.8, 1.0])], title="Aandeel",
                         y_max=1, fmt=tc.percent, reference=Reference(0.8, "80 %"))
    root = parse(chart.svg)
    assert len(root.findall("s:rect", NS)) == 3
    dashed = [line for line in root.findall("s:line", NS) if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    texts = [t.text for t in root.findall("s:text", NS)]
    assert "80 %" in texts and "50 %" in texts and "3 mrt" in texts
    assert "Een stippellijn markeert 80 %." in chart.alt
    assert "10 maart" not in chart.alt  # no value that week, so nothing is claimed


def test_the_reference_line_sits_at_its_value() -> None:
    root = parse(tc.bar_chart(WEEKS, [Series("p", [1.0] * 4)], title="t", y_max=1,
                              reference=Reference(0.8, "80 %")).svg)
    top, bottom = tc.TOP, tc.HEIGHT - tc.BOTTOM
    dashed = next(li for li in root.findall("s:line", NS) if li.get("stroke-dasharray"))
    assert float(dashed.get("y1", "0")) == pytest.approx(bottom - 0.8 * (bottom - top), abs=0.1)


def test_several_series_get_a_key_and_side_by_side_bars() -> None:
    chart = tc.bar_chart(WEEKS, [Series("Zelf begonnen", [1, 0, 2, 3]),
                                 Series("Aangenomen", [0, 1, 1, 5], "#b77b32")], title="Herstel")
    root = parse(chart.svg)
    texts = [t.text for t in root.findall("s:text", NS)]
    assert "Zelf begonnen" in texts and "Aangenomen" in texts
    assert "5" in texts  # the axis runs to the largest count
    assert "Aangenomen: week van 3 maart 2025: 0;" in chart.alt


def test_empty_data_still_draws_and_says_so() -> None:
    chart = tc.bar_chart(WEEKS, [Series("Keer gelezen", [None] * 4)], title="Dagkaart")
    parse(chart.svg)
    assert "Keer gelezen: nog geen gegevens." in chart.alt


def test_days_are_worded_as_days() -> None:
    days = [dt.date(2025, 3, 13), dt.date(2025, 3, 14)]
    chart = tc.bar_chart(days, [Series("n", [0, 2])], title="t", period="day")
    assert "14 maart 2025: 2" in chart.alt and "week van" not in chart.alt


def test_labels_are_escaped() -> None:
    chart = tc.line_chart(WEEKS[:1], [Series("<b>&", [1.0])], title='a "<script>"', y_max=2)
    root = parse(chart.svg)
    assert "<script>" not in chart.svg
    assert root.find("s:title", NS).text == 'a "<script>"'


def test_the_same_data_gives_the_same_bytes_and_other_data_other_ids() -> None:
    one = tc.line_chart(WEEKS, [Series("x", [1, 2, 3, 4])], title="t", y_max=4).svg
    assert one == tc.line_chart(WEEKS, [Series("x", [1, 2, 3, 4])], title="t", y_max=4).svg
    other = tc.line_chart(WEEKS, [Series("x", [1, 2, 3, 3])], title="t", y_max=4).svg
    assert parse(one).get("aria-labelledby") != parse(other).get("aria-labelledby")


def test_many_dates_get_at_most_seven_labels_including_the_newest() -> None:
    days = [dt.date(2025, 3, 1) + dt.timedelta(days=n) for n in range(14)]
    root = parse(tc.bar_chart(days, [Series("n", [1] * 14)], title="t", period="day").svg)
    labels = [t.text for t in root.findall("s:text", NS) if t.text and " mrt" in t.text]
    assert len(labels) <= tc.MAX_X_LABELS and labels[-1] == "14 mrt"


def test_mismatched_lengths_and_an_empty_range_are_refused() -> None:
    with pytest.raises(ValueError, match="3 waarden voor 4 datums"):
        tc.line_chart(WEEKS, [Series("x", [1, 2, 3])], title="t", y_max=4)
    with pytest.raises(ValueError, match="groter"):
        tc.line_chart(WEEKS, [Series("x", [1] * 4)], title="t", y_max=0)


def test_values_outside_the_range_stay_inside_the_drawing() -> None:
    root = parse(tc.line_chart(WEEKS, [Series("x", [-3, 9, 1, 2])], title="t", y_max=4).svg)
    ys = [float(c.get("cy", "0")) for c in root.findall("s:circle", NS)]
    assert all(tc.TOP <= y <= tc.HEIGHT - tc.BOTTOM for y in ys)


def test_it_needs_neither_django_nor_matplotlib() -> None:
    source = Path(tc.__file__).read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert not [line for line in imports if "django" in line or "matplotlib" in line]


def test_counts_leave_zero_unlabelled_but_a_share_of_zero_is_shown() -> None:
    counts = parse(tc.bar_chart(WEEKS, [Series("n", [0, 2, 0, 1])], title="t").svg)
    assert [t.text for t in counts.findall("s:text", NS)].count("0") == 1  # the axis only
    shares = tc.bar_chart(WEEKS, [Series("p", [0.0, None, 1, 1])], title="t", y_max=1,
                          y_ticks=[], fmt=tc.percent).svg
    assert [t.text for t in parse(shares).findall("s:text", NS)].count("0 %") == 1
