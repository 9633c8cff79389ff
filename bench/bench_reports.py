"""Median time of the take-home renderers against their targets.

    uv run python bench/bench_reports.py [runs]

The daily card is the same document every time, so after the first call typst's
memoisation makes it nearly free; the report gets a different name on every call so it
is really typeset each time.

The first call of each PDF renderer creates its typst compiler (fonts, template) and is
reported separately as "cold"; the module keeps that compiler warm for every later call,
which is what a running server sees. Charts are normally drawn once per stored result and
cached, so their time only matters once; `render_report` here draws them too (nothing
passed in), which is the slowest path.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

from verbinding.reports import (
    plane_chart_svg,
    profile_chart_svg,
    render_daily_card,
    render_report,
)
from verbinding.reports.sample import sample_report_data

TARGETS_MS = {
    "render_report": 300.0,
    "render_report (cached charts)": 300.0,
    "render_daily_card A6": 100.0,
    "render_daily_card A5": 100.0,
    "profile_chart_svg": None,
    "plane_chart_svg": None,
}


def _time(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main(runs: int = 20) -> None:
    # typst memoises whole documents: a new name per call keeps the report honest.
    names = (f"Persoon {i}" for i in range(10_000))
    data = sample_report_data()
    profile_svg = profile_chart_svg(data.profile)
    plane_svg = plane_chart_svg(data.relations, data.cut)
    cases: dict[str, Callable[[], object]] = {
        "render_report": lambda: render_report(sample_report_data(next(names))),
        "render_report (cached charts)": lambda: render_report(
            sample_report_data(next(names)), profile_svg=profile_svg, plane_svg=plane_svg
        ),
        "render_daily_card A6": lambda: render_daily_card("A6"),
        "render_daily_card A5": lambda: render_daily_card("A5"),
        "profile_chart_svg": lambda: profile_chart_svg(data.profile),
        "plane_chart_svg": lambda: plane_chart_svg(data.relations, data.cut),
    }
    print(f"{'case':32} {'cold ms':>8} {'median ms':>10} {'target':>8} {'ratio':>6}")
    for name, call in cases.items():
        cold = _time(call)
        median = statistics.median(_time(call) for _ in range(runs))
        target = TARGETS_MS[name]
        if target is None:
            print(f"{name:32} {cold:8.1f} {median:10.1f} {'-':>8} {'-':>6}")
        else:
            ratio = median / target
            print(f"{name:32} {cold:8.1f} {median:10.1f} {target:8.0f} {ratio:6.2f}")
    print(f"({runs} runs after one warm-up call; ratio = median / target, ≤ 1 meets it)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
