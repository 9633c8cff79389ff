"""Charts: small inlinable SVG with an accessible name that lists the numbers."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

from verbinding.reports import (
    ReportData,
    plane_chart_alt,
    plane_chart_svg,
    profile_chart_alt,
    profile_chart_svg,
)
from verbinding.reports.sample import relation

from .conftest import TRICKY_NAME

SVG = "{http://www.w3.org/2000/svg}"
MAX_BYTES = 25_000


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_profile_chart_is_inlinable_accessible_svg(report_data: ReportData) -> None:
    svg = profile_chart_svg(report_data.profile)
    root = _root(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == profile_chart_alt(report_data.profile)
    assert root.find(f"{SVG}title") is not None
    assert root.get("viewBox") and root.get("width") is None and root.get("height") is None
    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg
    assert len(svg.encode()) < MAX_BYTES


def test_profile_chart_keeps_text_as_text(report_data: ReportData) -> None:
    svg = profile_chart_svg(report_data.profile)
    texts = ["".join(t.itertext()) for t in _root(svg).iter(f"{SVG}text")]
    assert {"Veilig", "Vermijdend", "Angstig", "Chaotisch", "5,3"} <= set(texts)


def test_plane_chart_is_inlinable_accessible_svg(report_data: ReportData) -> None:
    svg = plane_chart_svg(report_data.relations, report_data.cut)
    root = _root(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == plane_chart_alt(report_data.relations)
    assert root.get("width") is None and root.get("viewBox")
    assert len(svg.encode()) < MAX_BYTES
    texts = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    assert {"veilig", "vermijdend", "angstig", "chaotisch", "Moeder", "Vader"} <= texts


def test_plane_chart_stays_small_with_every_relationship() -> None:
    long_name = "Een heel lange naam van een persoon die niet in het vlak past"
    points = [
        relation("algemeen", "In het algemeen", 5.0, 2.8, "angstig"),
        relation("moeder", "Moeder", 5.1, 2.9, "angstig", borderline=True),
        relation("vader", "Vader", 4.9, 2.7, "angstig"),
        relation("partner", "Partner", 5.0, 3.0, "angstig"),
        relation("mannen", "Mannen", 6.5, 6.6, "chaotisch"),
        relation("vrouwen", "Vrouwen", 1.2, 6.8, "vermijdend"),
        relation("persoon", long_name, 1.1, 1.1, "veilig"),
    ]
    svg = plane_chart_svg(points, 4.0)
    _root(svg)
    assert len(svg.encode()) < MAX_BYTES


def test_user_text_in_charts_is_escaped_and_not_read_as_math(report_data: ReportData) -> None:
    svg = plane_chart_svg(report_data.relations, report_data.cut)
    root = _root(svg)  # would raise on a stray "<" or "&"
    assert TRICKY_NAME in root.get("aria-label", "")
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert any(t.startswith("Anne #1 *x* $y$") for t in texts)  # shortened, "$" kept


def test_profile_alt_lists_every_score_and_band(report_data: ReportData) -> None:
    alt = profile_chart_alt(report_data.profile)
    # 3.9 - 0.35 = 3.55 rounds half away from zero to 3,6 (interpret.numbers), as on the page.
    for text in ("Veilig 3,9", "3,6 tot 4,3", "Angstig 5,3", "4,9 tot 5,7", "Chaotisch 4,6"):
        assert text in alt
    assert report_data.profile.verdict in alt


def test_plane_alt_lists_every_relationship_with_numbers(report_data: ReportData) -> None:
    alt = plane_chart_alt(report_data.relations)
    assert "Moeder: angst 5,6 (90 %-band 5,1 tot 6,1), vermijding 3,7" in alt
    assert "dicht bij een grens" in alt
    assert "Vader" in alt and "vlak chaotisch" in alt


def test_unscorable_values_are_said_not_drawn(report_data: ReportData) -> None:
    first = report_data.profile.scores[0]
    blank = dataclasses.replace(first, score=None, low=None, high=None, n_answered=0)
    profile = dataclasses.replace(
        report_data.profile, scores=[blank, *report_data.profile.scores[1:]]
    )
    assert "Veilig niet te berekenen" in profile_chart_alt(profile)
    _root(profile_chart_svg(profile))
    point = report_data.relations[0]
    missing = dataclasses.replace(point, anxiety=dataclasses.replace(point.anxiety, score=None))
    _root(plane_chart_svg([missing], 4.0))
    assert "angst niet te berekenen" in plane_chart_alt([missing])


def test_an_empty_plane_still_renders() -> None:
    assert "nog geen relaties" in plane_chart_alt([])
    _root(plane_chart_svg([], 4.0))


def test_the_same_result_gives_the_same_svg(report_data: ReportData) -> None:
    assert profile_chart_svg(report_data.profile) == profile_chart_svg(report_data.profile)


def test_charts_can_be_drawn_from_several_threads(report_data: ReportData) -> None:
    expected = plane_chart_svg(report_data.relations, report_data.cut)
    with ThreadPoolExecutor(4) as pool:
        results = list(
            pool.map(lambda _: plane_chart_svg(report_data.relations, report_data.cut), range(8))
        )
    assert set(results) == {expected}
