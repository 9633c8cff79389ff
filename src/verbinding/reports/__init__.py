"""Take-home renderers of a result: charts (SVG) and PDFs (typst).

Each PDF renderer returns `(filename, media_type, bytes)`.
"""

from __future__ import annotations

from verbinding.reports.charts import (
    plane_chart_alt,
    plane_chart_svg,
    profile_chart_alt,
    profile_chart_svg,
)
from verbinding.reports.data import (
    RelationPoint,
    ReportData,
    ScoreBand,
    StyleHighlight,
    StyleProfileView,
)
from verbinding.reports.pdf import ReportError, render_daily_card, render_report, warm_up

__all__ = [
    "RelationPoint",
    "ReportData",
    "ReportError",
    "ScoreBand",
    "StyleHighlight",
    "StyleProfileView",
    "plane_chart_alt",
    "plane_chart_svg",
    "profile_chart_alt",
    "profile_chart_svg",
    "render_daily_card",
    "render_report",
    "warm_up",
]
