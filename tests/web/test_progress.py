"""Retakes: change per style and per relationship, judged by reliable change."""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
import time_machine
from django.utils import timezone

from verbinding.measure.change import reliable_change
from verbinding.web.assessments.progress import compare, submitted_selftests
from web.selftest_helpers import answer_all, leaning, start

# vier-stijlen: reliability .80, SD 1.10 (instrument file); relatie: .75, SD 1.20.
SE_STYLES = 1.10 * math.sqrt(1 - 0.80)  # 0.49193
S_DIFF_STYLES = math.sqrt(2) * SE_STYLES  # 0.69570
THRESHOLD_STYLES = 1.959964 * S_DIFF_STYLES  # 1.36355 points on the 1–7 scale
S_DIFF_RELATION = math.sqrt(2) * 1.20 * math.sqrt(1 - 0.75)  # 0.84853


def _days_ago(days: int) -> dt.datetime:
    """Retakes lie weeks apart: relative to the real now, so that the login the test uses
    (made now) is as fresh on any day the suite runs."""
    return timezone.now() - dt.timedelta(days=days)


def _take(client, high: set[str], targets: list[str], when: dt.datetime):
    with time_machine.travel(when, tick=False):
        selftest = start(client, targets)
        answer_all(client, selftest, leaning(high))
        response = client.post(f"/zelftest/{selftest.public_id}/afronden/")
        assert response.status_code == 302, response.content.decode()[:500]
    selftest.refresh_from_db()
    assert selftest.submitted_at is not None
    return selftest


@pytest.fixture
def two_takes(client_a):
    first = _take(client_a, {"angstig", "angst"}, ["moeder"], _days_ago(60))
    second = _take(client_a, {"veilig"}, ["moeder"], _days_ago(30))
    return first, second


def test_the_hand_computed_threshold_matches_the_engine():
    engine = reliable_change(0.0, 1.0, sd=1.10, reliability=0.80)
    assert engine.threshold == pytest.approx(THRESHOLD_STYLES, abs=1e-6)
    assert round(THRESHOLD_STYLES, 3) == 1.364


def test_it_judges_each_style_by_the_reliable_change_index(two_takes):
    first, second = two_takes
    comparison = compare(first, second)
    rows = {row.scale_id: row for row in comparison.styles}
    assert set(rows) == {"veilig", "vermijdend", "angstig", "chaotisch"}
    anxious = rows["angstig"]
    assert (anxious.before, anxious.after) == (6.0, 2.0)
    assert anxious.change.rci == pytest.approx(-4 / S_DIFF_STYLES, abs=1e-9)
    assert anxious.change.threshold == pytest.approx(THRESHOLD_STYLES, abs=1e-6)
    assert anxious.verdict == "betrouwbaar verbeterd"  # lower is better for angstig
    secure = rows["veilig"]
    assert (secure.before, secure.after) == (2.0, 6.0)
    assert secure.change.rci == pytest.approx(4 / S_DIFF_STYLES, abs=1e-9)
    assert secure.verdict == "betrouwbaar verbeterd"  # higher is better for veilig
    assert rows["vermijdend"].verdict == "geen betrouwbare verandering"


def test_it_compares_each_shared_relationship(two_takes):
    comparison = compare(*two_takes)
    labels = [label for label, _ in comparison.relations]
    assert labels == ["In het algemeen", "Moeder"]
    mother = {row.scale_id: row for row in dict(comparison.relations)["Moeder"]}
    assert mother["angst"].change.rci == pytest.approx(-4 / S_DIFF_RELATION, abs=1e-9)
    assert mother["angst"].verdict == "betrouwbaar verbeterd"
    assert mother["vermijding"].verdict == "geen betrouwbare verandering"


def test_a_difference_inside_the_error_is_no_reliable_change(client_a):
    first = _take(client_a, set(), [], _days_ago(60))
    # leaning() puts low scales at 2: a second take at 3 for veilig is a change of 1 point,
    # below the 1.36-point threshold.
    with time_machine.travel(_days_ago(30), tick=False):
        second = start(client_a, [])
        answer_all(client_a, second, leaning({"veilig"}, high=3))
        client_a.post(f"/zelftest/{second.public_id}/afronden/")
    second.refresh_from_db()
    rows = {row.scale_id: row for row in compare(first, second).styles}
    assert rows["veilig"].change.difference == pytest.approx(1.0)
    assert rows["veilig"].verdict == "geen betrouwbare verandering"


def test_the_page_shows_verdicts_with_error_bands(client_a, two_takes):
    html = client_a.get("/mijn/voortgang/").content.decode()
    assert "betrouwbaar verbeterd" in html
    assert "geen betrouwbare verandering" in html
    assert html.count('class="band before"') >= 4 and 'class="band after"' in html
    assert "Moeder" in html


def test_a_tampered_choice_falls_back_to_the_latest_two(client_a, two_takes):
    response = client_a.get("/mijn/voortgang/?van=niet-een-id&naar=../../etc")
    assert response.status_code == 200
    assert "betrouwbaar verbeterd" in response.content.decode()


def test_nobody_else_sees_or_compares_my_self_tests(client_b, outsider, two_takes, user_b):
    first, _ = two_takes
    html = client_b.get(f"/mijn/voortgang/?van={first.public_id}").content.decode()
    assert str(first.public_id) not in html
    assert submitted_selftests(user_b) == []
    assert client_b.get(f"/zelftest/{first.public_id}/uitslag/").status_code == 404
    response = outsider.get("/mijn/voortgang/")
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_one_self_test_invites_a_retake(client_a):
    _take(client_a, {"veilig"}, [], _days_ago(60))
    html = client_a.get("/mijn/voortgang/").content.decode()
    assert "Na een tweede keer" in html


def test_two_tests_on_one_day_are_told_apart_by_their_time(client_a):
    morning = timezone.now() - dt.timedelta(hours=3)
    _take(client_a, {"angstig", "angst"}, [], morning)
    _take(client_a, {"veilig"}, [], morning + dt.timedelta(hours=2))
    page = client_a.get("/mijn/voortgang/").content.decode()
    labels = re.findall(r'<select id="van".*?</select>', page, re.S)[0]
    options = re.findall(r"<option[^>]*>([^<]+)</option>", labels)
    assert len(options) == 2 and options[0] != options[1]
    assert all(re.search(r"\d\d:\d\d$", option) for option in options)
    overview = client_a.get("/mijn/").content.decode()
    assert re.search(r"Zelftest van \d+ \w+ \d{4}, \d\d:\d\d", overview)
