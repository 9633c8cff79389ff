"""A realistic example result, for previews, tests and the benchmark.

The numbers are invented; they only have to look like what the scoring produces.
"""

from __future__ import annotations

from datetime import datetime

from verbinding.i18n import SOURCE_LANGUAGE
from verbinding.reports.data import (
    RelationPoint,
    ReportData,
    ScoreBand,
    StyleHighlight,
    StyleProfileView,
)


def band(scale_id: str, title: str, score: float | None, half: float = 0.4) -> ScoreBand:
    if score is None:
        return ScoreBand(scale_id, title, None, None, None, 0, 12)
    low, high = max(1.0, score - half), min(7.0, score + half)
    return ScoreBand(scale_id, title, score, round(low, 2), round(high, 2), 12, 12)


def relation(
    target_id: str,
    label: str,
    anxiety: float,
    avoidance: float,
    quadrant: str,
    disorganisation: float | None = 2.1,
    borderline: bool = False,
) -> RelationPoint:
    return RelationPoint(
        target_id=target_id,
        label=label,
        anxiety=band("angst", "Angst", anxiety, 0.5),
        avoidance=band("vermijding", "Vermijding", avoidance, 0.45),
        disorganisation=(
            None if disorganisation is None
            else band("desorganisatie", "Desorganisatie", disorganisation, 0.6)
        ),
        quadrant=quadrant,
        borderline=borderline,
    )


def sample_report_data(person: str = "Anne", care_box: bool = True) -> ReportData:
    profile = StyleProfileView(
        scores=[
            band("veilig", "Veilig", 3.9, 0.35),
            band("vermijdend", "Vermijdend", 2.6, 0.4),
            band("angstig", "Angstig", 5.3, 0.38),
            band("chaotisch", "Chaotisch", 4.6, 0.45),
        ],
        dominant="angstig",
        mixed=[],
        verdict=(
            "De angstige stijl springt er bij jou het meest uit; de chaotische stijl "
            "speelt ook duidelijk mee."
        ),
    )
    relations = [
        relation("algemeen", "In het algemeen", 5.0, 2.8, "angstig"),
        relation("moeder", "Moeder", 5.6, 3.7, "angstig", 3.4, borderline=True),
        relation("vader", "Vader", 4.4, 5.2, "chaotisch", 4.9),
        relation("partner", "Partner", 4.8, 2.2, "angstig", 1.8),
        relation("persoon", person, 2.3, 2.0, "veilig", 1.5),
    ]
    return ReportData(
        created=datetime(2025, 3, 14, 10, 30),
        language=SOURCE_LANGUAGE,
        profile=profile,
        relations=relations,
        cut=4.0,
        highlights=[
            StyleHighlight(
                "angstig",
                "Dit is je hoogste score, en de band ligt duidelijk boven die van de andere "
                "stijlen.",
                [],
            ),
            StyleHighlight(
                "chaotisch",
                "Deze score is ook hoog, en bij je vader ligt het punt in het chaotische vlak.",
                [],
            ),
        ],
        care_box=care_box,
        reliability_note=(
            "De band is berekend met de betrouwbaarheid (Cronbachs alfa) uit een eerste "
            "proefgroep van de praktijk; dat getal is voorlopig en wordt bijgesteld zodra er "
            "meer metingen zijn."
        ),
        instrument_versions={"vier-stijlen": "1 (hash 3fa9c1e2)", "relatie": "1 (hash 77b0d4aa)"},
        scoring_version="2025.1",
    )
