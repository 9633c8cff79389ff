"""The PDF report leaves no page nearly empty, over a spread of real results.

Each case takes the self-test through the test client as a person would (real answers,
real scoring, real stored charts) and opens the PDF with pypdf.
"""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from .selftest_helpers import answer_all, leaning, start

pytestmark = pytest.mark.django_db

# (name, language, relationship parts, named person, scales answered high)
CASES = [
    ("dominant-angstig", "nl", [], "", {"angstig"}),
    ("dominant-veilig", "nl", ["moeder"], "", {"veilig"}),
    ("mixed-relations", "nl", ["moeder", "vader", "partner"], "", {"angstig", "vermijdend"}),
    ("chaotic-all", "nl", ["moeder", "vader", "partner", "mannen", "vrouwen", "persoon"],
     "mijn oudste zus", {"chaotisch", "angstig"}),
    ("long-name", "nl", ["persoon"], "Maximiliaan van Oosterhout-Brederode",
     {"vermijdend"}),
    ("english-mixed", "en", ["moeder", "partner", "persoon"], "my eldest sister",
     {"angstig", "chaotisch"}),
    ("english-secure", "en", [], "", {"veilig"}),
]


# The report's writing area on A4 (the template's margins: 2.2 cm top, 2.3 cm bottom), in
# PDF points measured from the top of the page. The footer lies below it and is ignored.
PAGE_HEIGHT = 842.0
AREA_TOP = 2.2 / 2.54 * 72
AREA_BOTTOM = PAGE_HEIGHT - 2.3 / 2.54 * 72
# How far down the writing area the last line of a page must reach.
MIN_FILL = 0.25


def filled_share(page) -> float:
    """How far down its writing area a page carries text: 0 is empty, 1 is full.

    Measured by where the lowest line of body text sits, not by counting characters: a
    page with a chart and a short table is well filled with little text, while a page
    whose only line is one carried-over bullet has text at the very top and nothing
    below it, which is what a reader sees as an empty page.
    """
    lowest = AREA_TOP

    def visit(text, cm, tm, font, size) -> None:
        nonlocal lowest
        if not text.strip():
            return
        from_top = PAGE_HEIGHT - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5])
        if from_top < AREA_BOTTOM:
            lowest = max(lowest, from_top)

    page.extract_text(visitor_text=visit)
    return (lowest - AREA_TOP) / (AREA_BOTTOM - AREA_TOP)


@pytest.mark.parametrize(("name", "language", "targets", "person", "high"), CASES,
                         ids=[c[0] for c in CASES])
def test_no_page_of_the_report_is_nearly_empty(name, language, targets, person, high) -> None:
    client = Client()
    client.cookies["taal"] = language
    selftest = start(client, targets, name=person)
    answer_all(client, selftest, leaning(high))
    client.post(f"/zelftest/{selftest.public_id}/afronden/")
    response = client.get(f"/zelftest/{selftest.public_id}/uitslag.pdf")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) >= 3
    shares = [round(filled_share(page), 2) for page in pages]
    # The first page is always full (title, profile); every later one carries at least a
    # quarter of a page.
    assert all(share >= MIN_FILL for share in shares), f"{name}: {shares}"


def test_the_lines_about_the_norms_stay_apart_in_the_pdf() -> None:
    from dataclasses import replace

    from verbinding.reports.pdf import render_report
    from verbinding.reports.sample import sample_report_data

    data = sample_report_data()
    assert data.profile is not None
    scores = [
        replace(band, norm_text="hoger dan ongeveer 4 op de 10 mensen (n = 25, 2026)")
        for band in data.profile.scores
    ]
    data = replace(data, profile=replace(data.profile, scores=scores), has_norms=True)
    text = "".join(page.extract_text() for page in
                   PdfReader(io.BytesIO(render_report(data)[2])).pages)
    assert "Veilig: hoger dan ongeveer 4 op de 10" in text
    assert not re.search(r"2026\)\.\S", text), "norm sentences run together"
