"""Signs of improvement: the weekly form, bad input, chart data and which styles open."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from verbinding.content import library
from verbinding.web.journal import services
from verbinding.web.journal.models import SignRating

WEDNESDAY = dt.datetime(2025, 3, 12, 10, 0, tzinfo=dt.UTC)  # week of Monday 10 March
MONDAY = dt.date(2025, 3, 10)


@pytest.fixture(autouse=True)
def fixed_time():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def test_it_shows_this_weeks_form_with_every_style_and_plain_labels(client_a) -> None:
    html = client_a.get("/tekenen/").content.decode()
    assert "Deze week" in html and "10 maart tot en met 16 maart 2025" in html
    for style in library().styles.values():
        assert style.signs_intro in html or style.signs_intro.replace("’", "&#x27;") in html
        assert f'name="sign-{style.signs[0].id}"' in html
    for label in services.RATING_LABELS:
        assert label in html


def test_it_saves_and_edits_this_weeks_ratings(client_a, user_a) -> None:
    response = client_a.post("/tekenen/", {"sign-ve-vertrouwen": "3", "sign-ve-ritme": ""})
    assert response.status_code == 302
    assert response["Location"] == "/tekenen/2025-03-10/"
    client_a.post("/tekenen/2025-03-10/", {"sign-ve-vertrouwen": "4"})
    rating = SignRating.objects.get()
    assert (rating.user, rating.week, rating.sign_id, rating.value) == (
        user_a, MONDAY, "ve-vertrouwen", 4)
    html = client_a.get("/tekenen/").content.decode()
    assert 'name="sign-ve-vertrouwen" value="4" checked' in html


def test_an_earlier_week_can_be_looked_back_at_and_filled_in(client_a) -> None:
    client_a.post("/tekenen/2025-03-03/", {"sign-an-behoeften-zeggen": "2"})
    assert SignRating.objects.get().week == dt.date(2025, 3, 3)
    html = client_a.get("/tekenen/").content.decode()
    assert "Week van 3 maart 2025" in html


def test_any_day_of_a_week_leads_to_its_monday(client_a) -> None:
    response = client_a.get("/tekenen/2025-03-06/")
    assert response.status_code == 302
    assert response["Location"] == "/tekenen/2025-03-03/"


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/tekenen/", {"sign-ve-vertrouwen": "5"}, "van 0 tot en met 4"),
        ("/tekenen/", {"sign-ve-vertrouwen": "-1"}, "van 0 tot en met 4"),
        ("/tekenen/", {"sign-ve-vertrouwen": "2", "sign-verzonnen": "2"}, "kennen we niet"),
        ("/tekenen/10-03-2025/", {"sign-ve-vertrouwen": "2"}, "niet lezen"),
        ("/tekenen/20250310/", {"sign-ve-vertrouwen": "2"}, "niet lezen"),
        ("/tekenen/2025-02-30/", {"sign-ve-vertrouwen": "2"}, "niet lezen"),
        ("/tekenen/2025-03-17/", {"sign-ve-vertrouwen": "2"}, "nog niet begonnen"),
    ],
)
def test_bad_input_is_a_400_in_dutch_and_writes_nothing(client_a, path, data, message) -> None:
    response = client_a.post(path, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SignRating.objects.exists()


def test_ratings_are_per_person(client_a, client_b, user_b) -> None:
    client_a.post("/tekenen/", {"sign-ve-vertrouwen": "3"})
    html = client_b.get("/tekenen/").content.decode()
    assert 'value="3" checked' not in html
    assert services.ratings_for_week(user_b, MONDAY) == {}


def test_an_outsider_is_sent_to_log_in(outsider) -> None:
    for path in ("/tekenen/", "/tekenen/2025-03-03/", "/tekenen/verloop/"):
        assert outsider.get(path)["Location"].startswith("/account/inloggen/")


def rate(user, week: dt.date, **values: int) -> None:
    for sign_id, value in values.items():
        SignRating.objects.create(user=user, week=week, sign_id=sign_id.replace("_", "-"),
                                  value=value)


def test_the_chart_data_is_the_mean_of_that_weeks_rated_signs(user_a, user_b) -> None:
    earlier = MONDAY - dt.timedelta(weeks=2)
    rate(user_a, earlier, ve_vertrouwen=1, ve_ritme=2)
    rate(user_a, MONDAY, ve_vertrouwen=4, ve_ritme=3, ve_evenwicht=2, an_behoeften_zeggen=0)
    rate(user_b, MONDAY, ve_vertrouwen=0)
    weeks = services.recent_weeks(MONDAY, 3)
    trends = {t.style_id: t for t in services.style_trends(user_a, weeks)}
    assert trends["veilig"].means == [1.5, None, 3.0]
    assert trends["angstig"].means == [None, None, 0.0]
    assert not trends["chaotisch"].has_data


def test_the_progress_page_draws_a_chart_per_rated_style(client_a, user_a) -> None:
    rate(user_a, MONDAY - dt.timedelta(weeks=1), ve_vertrouwen=1)
    rate(user_a, MONDAY, ve_vertrouwen=3)
    html = client_a.get("/tekenen/verloop/").content.decode()
    # One chart, drawn wide and for a phone.
    assert html.count('<div class="for-wide"><svg') == 1
    assert html.count('<div class="for-phone"><svg') == 1
    assert "Veilige creatieve verbinding" in html
    assert "week van 10 maart 2025: 3,0" in html
    assert "Chaotische" not in html


def test_without_a_selftest_only_veilig_opens(user_a) -> None:
    assert services.default_open_styles(user_a) == ["veilig"]


def test_the_highest_non_secure_styles_of_the_latest_selftest_open(user_a, monkeypatch) -> None:
    monkeypatch.setattr(services, "latest_scores", lambda user: {
        "veilig": 6.0, "vermijdend": 3.0, "angstig": 4.5, "chaotisch": 2.0})
    assert services.default_open_styles(user_a) == ["veilig", "angstig"]
    monkeypatch.setattr(services, "latest_scores", lambda user: {
        "veilig": 2.0, "vermijdend": 5.2, "angstig": 5.8, "chaotisch": 2.0})
    assert services.default_open_styles(user_a) == ["veilig", "vermijdend", "angstig"]


def test_a_style_already_rated_stays_open(user_a) -> None:
    rate(user_a, MONDAY, ch_aandachtig_aanwezig=2)
    assert services.default_open_styles(user_a) == ["veilig", "chaotisch"]


def test_the_latest_submitted_selftest_decides(client_a, user_a) -> None:
    from web.selftest_helpers import answer_all, leaning, start

    with time_machine.travel(WEDNESDAY - dt.timedelta(days=20), tick=False):
        first = start(client_a)  # an older test that leaned avoidant
        answer_all(client_a, first, leaning({"vermijdend"}))
        client_a.post(f"/zelftest/{first.public_id}/afronden/")
    selftest = start(client_a)
    answer_all(client_a, selftest, leaning({"chaotisch"}))
    assert client_a.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    opened = services.default_open_styles(user_a)
    assert opened[0] == "veilig" and "chaotisch" in opened
    assert "vermijdend" not in opened  # the older self-test no longer decides
    html = client_a.get("/tekenen/").content.decode()
    assert html.count("<details class=\"style-signs") == 4
    assert 'style-chaotisch" open' in html
