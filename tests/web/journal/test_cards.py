"""Daily card readings: the mark button, the count per day, the overview panel."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from verbinding.web.journal import services
from verbinding.web.journal.models import CardReading

AMS = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2025, 3, 14, 20, 0, tzinfo=AMS)
TODAY = NOW.date()

# Every test runs whole, logins included, at this one moment: a Friday evening.
pytestmark = pytest.mark.time_machine(NOW, tick=False)


def read(user, moment: dt.datetime) -> None:
    CardReading.objects.create(user=user, read_at=moment)


def test_the_daily_card_page_has_the_button_for_a_logged_in_person(client_a, outsider) -> None:
    html = client_a.get("/dagkaart/").content.decode()
    assert "Ik heb de kaart gelezen" in html
    assert 'action="/dagkaart/gelezen/"' in html and "csrfmiddlewaretoken" in html
    assert "Ik heb de kaart gelezen" not in outsider.get("/dagkaart/").content.decode()


def test_marking_counts_a_reading_and_goes_back(client_a, user_a) -> None:
    response = client_a.post("/dagkaart/gelezen/", {"next": "/dagkaart/"})
    assert response.status_code == 302 and response["Location"] == "/dagkaart/"
    client_a.post("/dagkaart/gelezen/", {"next": "https://elders.example/"})
    html = client_a.get("/dagkaart/").content.decode()
    assert CardReading.objects.filter(user=user_a).count() == 2
    assert "<strong>2 keer</strong>" in html


def test_with_htmx_the_box_is_sent_back(client_a) -> None:
    response = client_a.post("/dagkaart/gelezen/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.startswith('<section id="kaart-gelezen"')
    assert "Genoteerd" in html and "<strong>1 keer</strong>" in html


def test_marking_needs_a_login_post_and_csrf(client_a, csrf_client_a, outsider) -> None:
    assert outsider.post("/dagkaart/gelezen/")["Location"].startswith("/account/inloggen/")
    assert client_a.get("/dagkaart/gelezen/").status_code == 405
    assert csrf_client_a.post("/dagkaart/gelezen/").status_code == 403
    assert not CardReading.objects.exists()


def test_the_count_per_day_covers_14_local_days(user_a, user_b) -> None:
    read(user_a, dt.datetime(2025, 3, 14, 7, 0, tzinfo=AMS))
    read(user_a, dt.datetime(2025, 3, 14, 23, 59, tzinfo=AMS))
    read(user_a, dt.datetime(2025, 3, 13, 0, 0, tzinfo=AMS))
    read(user_a, dt.datetime(2025, 3, 1, 12, 0, tzinfo=AMS))  # the first of the 14 days
    read(user_a, dt.datetime(2025, 2, 28, 23, 59, tzinfo=AMS))  # one day too early
    read(user_b, dt.datetime(2025, 3, 14, 9, 0, tzinfo=AMS))
    counts = services.card_counts(user_a, TODAY)
    assert len(counts) == 14
    assert counts[0] == (dt.date(2025, 3, 1), 1)
    assert counts[-1] == (TODAY, 2)
    assert counts[-2] == (dt.date(2025, 3, 13), 1)
    assert sum(n for _, n in counts) == 4


def test_the_overview_panel_is_calm_and_links_everything(client_a, user_a) -> None:
    read(user_a, NOW)
    html = client_a.get("/mijn/").content.decode()
    assert "Oefenen in het dagelijks leven" in html
    assert "Vandaag 1 keer gelezen." in html
    assert "Nog niets genoteerd deze week" in html
    assert "Deze week nog niet ingevuld" in html
    assert 'href="/dagboek/"' in html and 'href="/reacties/"' in html
    assert "reeks" not in html.lower()  # no streaks


def test_the_panel_shows_this_weeks_share_and_rated_signs(client_a, user_a) -> None:
    from verbinding.web.journal.models import Interaction, SignRating
    from verbinding.web.journal.panels import panels

    for kind in ("positive", "positive", "negative"):
        Interaction.objects.create(user=user_a, kind=kind)
    SignRating.objects.create(user=user_a, week=dt.date(2025, 3, 10),
                              sign_id="ve-ritme", value=2)
    (panel,) = panels(user_a, TODAY)
    html = client_a.get("/mijn/").content.decode()
    assert panel.context["reactions"].share == 2 / 3
    assert "67 % positief, uit 3 momenten" in html
    assert "1 zin ingevuld" in html
