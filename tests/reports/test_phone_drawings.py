"""The phone drawings of the charts: their own ids, type sized for a ~300 px screen, and
bar values that a reference line does not strike through."""

from __future__ import annotations

import datetime as dt
import re

from verbinding.reports.charts import PHONE, plane_chart_svg, profile_chart_svg
from verbinding.reports.timecharts import Reference, Series, bar_chart, percent

WEEKS = [dt.date(2025, 3, 3) + dt.timedelta(weeks=n) for n in range(8)]


def _sizes(svg: str) -> list[float]:
    return [float(size) for size in re.findall(r'font-size="([\d.]+)(?:px)?"', svg)]


def test_the_phone_drawing_has_its_own_ids_and_readable_type() -> None:
    chart = bar_chart(WEEKS, [Series("Positief", [0.5] * 8)], title="Aandeel", y_max=1,
                      fmt=percent)
    wide_ids = set(re.findall(r'id="([^"]+)"', chart.svg))
    phone_ids = set(re.findall(r'id="([^"]+)"', chart.phone))
    assert wide_ids and phone_ids and not wide_ids & phone_ids
    assert 'viewBox="0 0 300 ' in chart.phone and 'class="chart-phone"' in chart.phone
    # Drawn about as wide as a phone shows it (~300 px): 13 units stay ~13 px.
    assert min(_sizes(chart.phone)) >= 13
    assert chart.html.count("<svg") == 2 and 'class="for-phone"' in chart.html


def test_a_bar_value_is_lifted_above_the_reference_line() -> None:
    chart = bar_chart(WEEKS[:2], [Series("Positief", [None, 0.75])], title="Aandeel",
                      y_max=1, fmt=percent, reference=Reference(0.8, "80 %"))
    for svg in (chart.svg, chart.phone):
        line_y = float(re.search(r'<line [^>]*y1="([\d.]+)"[^>]*stroke-dasharray', svg)[1])
        label_y = float(re.search(r'y="([\d.]+)"[^>]*>75 %<', svg)[1])
        assert label_y < line_y - 2


def test_the_result_charts_in_their_phone_size(report_data) -> None:
    profile = profile_chart_svg(report_data.profile, "nl", PHONE)
    plane = plane_chart_svg(report_data.relations, report_data.cut, "nl", PHONE)
    for svg in (profile, plane):
        assert 'class="chart-phone"' in svg
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])
        assert width < 320
        assert min(_sizes(svg)) >= 13


def test_the_phone_result_charts_use_ids_of_their_own(report_data) -> None:
    from verbinding.reports.charts import WIDE

    wide = plane_chart_svg(report_data.relations, report_data.cut, "nl", WIDE)
    phone = plane_chart_svg(report_data.relations, report_data.cut, "nl", PHONE)
    ids = re.findall(r'\bid="([^"]+)"', phone)
    assert ids and all(i.startswith("phone-") for i in ids)
    assert not set(ids) & set(re.findall(r'\bid="([^"]+)"', wide))
    for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', phone):
        assert ref in ids
