"""The self-test's side of `verbinding.reports`: the charts drawn once at submit, and the
PDF on request, both from the same `report.report_data`.

The renderers are imported where they are used: matplotlib and WeasyPrint are slow to
load and most requests need neither.
"""

from __future__ import annotations

from verbinding.web.assessments.models import SelfTest, SelfTestReport
from verbinding.web.assessments.report import report_data


def store_report(selftest: SelfTest) -> SelfTestReport:
    """Render the charts once, when the result is made; pages reuse the stored SVG."""
    from verbinding.reports import charts

    data = report_data(selftest)
    profile, relations = data.profile, data.relations
    return SelfTestReport.objects.create(
        selftest=selftest,
        profile_svg=charts.profile_chart_svg(profile, data.language) if profile else "",
        profile_alt=charts.profile_chart_alt(profile, data.language) if profile else "",
        plane_svg=(
            charts.plane_chart_svg(relations, data.cut, data.language) if relations else ""
        ),
        plane_alt=charts.plane_chart_alt(relations, data.language) if relations else "",
    )


def render_pdf(selftest: SelfTest) -> tuple[str, str, bytes]:
    """The report as `(filename, media_type, bytes)`, with the charts kept at submit."""
    from verbinding.reports.pdf import render_report

    stored = selftest.report
    return render_report(
        report_data(selftest), profile_svg=stored.profile_svg, plane_svg=stored.plane_svg
    )
