"""Retakes across instrument versions, and old results after a new version is installed.

A retake made with another version is compared on what the two versions share, with the
figures `verbinding.measure.change.retake_basis` picks, or the page says plainly that the
two cannot be compared and why. Installing a version changes nothing an old result says.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from clinic_personas import share
from verbinding.measure.change import RetakeReason
from verbinding.web.assessments import instruments, pagecache, report, targets
from verbinding.web.assessments.progress import compare
from web.instrument_versions import calibrated, edited, install
from web.practice.helpers import submitted_selftest

Z95 = 1.959964


@pytest.fixture
def installed(settings, tmp_path: Path) -> Path:
    settings.INSTRUMENTS_DIR = tmp_path / "instruments"
    return settings.INSTRUMENTS_DIR


def _rows(comparison) -> dict[str, object]:
    return {row.scale_id: row for row in comparison.styles}


def _threshold(sd: float, reliability: float) -> float:
    return Z95 * math.sqrt(2) * sd * math.sqrt(1 - reliability)


def test_a_retake_on_a_calibrated_version_is_judged_with_its_own_figures(
    client_a, user_a, installed
):
    first = submitted_selftest(user_a, {"angstig"})
    new = calibrated(targets.STYLES_INSTRUMENT, "2")
    install(installed, new)
    second = submitted_selftest(user_a, {"veilig"})
    assert second.assessments.get(position=0).instrument_version.startswith("2+")

    comparison = compare(first, second)
    assert comparison.version_changed and not comparison.not_comparable
    anxious = _rows(comparison)["angstig"]
    figures = new.scale("angstig").reliability
    assert figures is not None and figures.coefficient != 0.80  # really other figures
    assert anxious.change.threshold == pytest.approx(
        _threshold(figures.sd, figures.coefficient), abs=1e-6
    )
    assert anxious.change.threshold != pytest.approx(_threshold(1.10, 0.80), abs=1e-3)
    page = client_a.get("/mijn/voortgang/").content.decode()
    assert "een nieuwe versie gekregen, met dezelfde vragen" in page
    assert "niet te vergelijken" not in page


def test_a_scale_whose_questions_changed_is_said_not_to_be_comparable(
    client_a, user_a, installed, tineke_client, tineke
):
    first = submitted_selftest(user_a, {"angstig"})
    install(installed, edited(
        targets.STYLES_INSTRUMENT, "2",
        item_texts={"AN01": "Ik lig er wakker van of mensen blijven."},
    ))
    second = submitted_selftest(user_a, {"veilig"})

    comparison = compare(first, second)
    rows = _rows(comparison)
    assert comparison.not_comparable
    assert rows["angstig"].change is None
    assert rows["angstig"].reason is RetakeReason.SCALE_CHANGED
    assert rows["veilig"].change is not None  # the scales that stayed the same still count
    page = client_a.get("/mijn/voortgang/").content.decode()
    assert "niet te vergelijken" in page
    assert "De vragen van deze schaal zijn tussen de twee versies van de vragenlijst veranderd" \
        in page
    sharing = share(user_a, tineke)
    html = tineke_client.get(f"/praktijk/clienten/{sharing.public_id}/").content.decode()
    assert "niet elke schaal is te vergelijken" in html
    assert "De vragen van deze schaal zijn tussen de twee versies" in html


def test_the_page_words_the_reason_in_english(client_a, user_a, installed):
    first = submitted_selftest(user_a, {"angstig"}, language="en")
    install(installed, edited(targets.STYLES_INSTRUMENT, "2", item_texts={"AN01": "Anders."}))
    submitted_selftest(user_a, {"veilig"}, language="en")
    client_a.get("/taal/en/?next=/mijn/voortgang/")
    page = client_a.get("/mijn/voortgang/").content.decode()
    assert first.language == "en"
    assert "cannot be compared" in page
    assert "The questions of this scale changed between the two versions" in page


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"csrfToken": "[^"]*"')


def _what_it_says(client, first, second) -> tuple[str, object, list[tuple], str]:
    """The old result's page (rendered anew), its report data (page and PDF), the
    retake's verdicts and thresholds, and the progress page."""
    pagecache.forget_page(first)
    page = client.get(f"/zelftest/{first.public_id}/uitslag/").content.decode()
    comparison = compare(first, second)
    verdicts = [
        (row.scale_id, row.verdict, row.change.threshold)
        for row in [*comparison.styles, *(r for _, rows in comparison.relations for r in rows)]
    ]
    progress = client.get("/mijn/voortgang/").content.decode()
    return CSRF.sub("", page), report.report_data(first), verdicts, CSRF.sub("", progress)


def test_installing_a_new_version_changes_nothing_an_old_result_says(
    client_a, user_a, installed
):
    first = submitted_selftest(user_a, {"angstig"}, ["moeder"])
    second = submitted_selftest(user_a, {"veilig"}, ["moeder"])
    before = _what_it_says(client_a, first, second)
    assert "op de 10" not in before[0]

    install(installed, calibrated(targets.STYLES_INSTRUMENT, "2"))
    install(installed, edited(targets.RELATION_INSTRUMENT, "2", reliability=0.93))
    # The new versions are really in use (else this test could not fail) ...
    assert instruments.current(targets.STYLES_INSTRUMENT).version == "2"
    assert instruments.current(targets.RELATION_INSTRUMENT).version == "2"
    # ... and the old results still say exactly what they said: bands, verdict,
    # percentiles (none), the reliability note, the retake's verdicts and thresholds.
    after = _what_it_says(client_a, first, second)
    assert after == before
    assert first.assessments.get(position=0).result.scores["veilig"]["percentile"] is None


def test_the_dashboard_signal_follows_the_same_rule(
    installed, tineke, tineke_client, user_a, user_b
):
    """Worse on one version is flagged; the same change across a version whose questions
    for those scales changed cannot be judged, so it is not flagged either."""
    share(user_a, tineke)
    share(user_b, tineke)
    submitted_selftest(user_a, {"veilig"})
    submitted_selftest(user_a, {"angstig"})  # veilig 6 → 2, angstig 2 → 6: reliably worse
    submitted_selftest(user_b, {"veilig"})
    install(installed, edited(targets.STYLES_INSTRUMENT, "2", item_texts={
        "VE01": "Ik voel me meestal op mijn gemak bij anderen.",
        "AN01": "Ik lig er wakker van of mensen blijven.",
    }))
    submitted_selftest(user_b, {"angstig"})
    html = tineke_client.get("/praktijk/").content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    row_a = next(row for row in rows if user_a.email in row)
    row_b = next(row for row in rows if user_b.email in row)
    assert "betrouwbaar slechter bij herhaling" in row_a
    assert "betrouwbaar slechter bij herhaling" not in row_b
