"""The reaction log: one-tap entries, undo, the weekly share and week boundaries."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from verbinding.web.journal import services
from verbinding.web.journal.models import Interaction

AMS = ZoneInfo("Europe/Amsterdam")
SUNDAY_LATE = dt.datetime(2025, 3, 16, 23, 59, tzinfo=AMS)
MONDAY_EARLY = dt.datetime(2025, 3, 17, 0, 0, tzinfo=AMS)


def tap(client, kind: str, **extra):
    return client.post("/reacties/nieuw/", {"kind": kind}, **extra)


def test_one_tap_logs_a_reaction_and_returns_to_the_page(client_a, user_a) -> None:
    response = tap(client_a, "positive")
    assert response.status_code == 302 and response["Location"] == "/reacties/"
    assert Interaction.objects.get().user == user_a
    html = client_a.get("/reacties/").content.decode()
    assert "Genoteerd: positief gereageerd." in html
    assert "1 keer positief" in html


def test_with_htmx_only_the_status_is_sent_back(client_a) -> None:
    response = tap(client_a, "negative", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="reactie-status"')
    assert "1 keer minder vriendelijk" in html


def test_undo_removes_only_my_latest_tap(client_a, client_b) -> None:
    tap(client_a, "positive")
    tap(client_a, "repair_started")
    tap(client_b, "negative")
    response = client_a.post("/reacties/ongedaan/")
    assert response.status_code == 302
    assert sorted(Interaction.objects.values_list("kind", flat=True)) == ["negative", "positive"]
    client_a.post("/reacties/ongedaan/")
    client_a.post("/reacties/ongedaan/")  # nothing left: a kind word, not an error
    assert list(Interaction.objects.values_list("kind", flat=True)) == ["negative"]
    assert "niets om ongedaan te maken" in client_a.get("/reacties/").content.decode()


@pytest.mark.parametrize("kind", ["", "great", "POSITIVE", "positive "])
def test_an_unknown_kind_is_a_400_and_writes_nothing(client_a, kind) -> None:
    response = tap(client_a, kind)
    assert response.status_code == 400
    assert "Die knop kennen we niet" in response.content.decode()
    assert not Interaction.objects.exists()


def test_changes_need_post_and_csrf(client_a, csrf_client_a, outsider) -> None:
    assert client_a.get("/reacties/nieuw/").status_code == 405
    assert client_a.get("/reacties/ongedaan/").status_code == 405
    assert csrf_client_a.post("/reacties/nieuw/", {"kind": "positive"}).status_code == 403
    assert outsider.post("/reacties/nieuw/", {"kind": "positive"}).status_code == 302
    assert outsider.get("/reacties/")["Location"].startswith("/account/inloggen/")
    assert not Interaction.objects.exists()


def test_the_share_is_positive_over_positive_plus_negative() -> None:
    assert services.positive_share(8, 2) == 0.8
    assert services.positive_share(0, 3) == 0.0
    assert services.positive_share(0, 0) is None
    week = services.WeekReactions(dt.date(2025, 3, 10), positive=3, negative=1,
                                  repair_started=5, repair_received=2)
    assert week.share == 0.75 and week.n == 4 and week.few  # repairs are not in the share


def at(user, moment: dt.datetime, kind: str = "positive") -> None:
    Interaction.objects.create(user=user, occurred_at=moment, kind=kind)


def test_sunday_2359_and_monday_0000_fall_in_different_weeks(user_a) -> None:
    at(user_a, SUNDAY_LATE, "positive")
    at(user_a, MONDAY_EARLY, "negative")
    weeks = services.weekly_reactions(user_a, [dt.date(2025, 3, 10), dt.date(2025, 3, 17)])
    assert (weeks[0].positive, weeks[0].negative) == (1, 0)
    assert (weeks[1].positive, weeks[1].negative) == (0, 1)


@pytest.mark.time_machine(SUNDAY_LATE, tick=False)
def test_taps_land_in_the_local_week_at_the_boundary(client_a, user_a, time_machine) -> None:
    tap(client_a, "positive")
    time_machine.move_to(MONDAY_EARLY)
    tap(client_a, "negative")
    page = client_a.get("/reacties/").content.decode()
    weeks = services.weekly_reactions(user_a, services.recent_weeks(dt.date(2025, 3, 17), 2))
    assert [(w.week, w.share) for w in weeks] == [
        (dt.date(2025, 3, 10), 1.0), (dt.date(2025, 3, 17), 0.0)]
    assert "0 keer positief gereageerd, 1 keer minder vriendelijk gereageerd" in page


def test_the_week_boundary_holds_across_the_clock_change(user_a) -> None:
    # 30 March 2025: clocks go forward in Amsterdam; Sunday evening is still that week.
    at(user_a, dt.datetime(2025, 3, 30, 23, 30, tzinfo=AMS))
    at(user_a, dt.datetime(2025, 3, 31, 0, 30, tzinfo=AMS))
    weeks = services.weekly_reactions(user_a, [dt.date(2025, 3, 24), dt.date(2025, 3, 31)])
    assert [w.positive for w in weeks] == [1, 1]


@pytest.mark.time_machine(dt.datetime(2025, 3, 12, 12, tzinfo=AMS), tick=False)
def test_the_page_shows_the_share_the_80_line_and_a_small_n_warning(client_a, user_a) -> None:
    for kind in ["positive"] * 3 + ["negative", "repair_started", "repair_received"]:
        at(user_a, dt.datetime(2025, 3, 11, 9, tzinfo=AMS), kind)
    html = client_a.get("/reacties/").content.decode()
    assert "75 % positief" in html
    assert "uit 4 momenten" in html and "zegt een percentage nog niet zoveel" in html
    assert 'stroke-dasharray="6 4"' in html  # the 80 % line
    assert "richting om naartoe te groeien" in html
    assert "week van 10 maart 2025: 75 %" in html
    # Two charts, each drawn wide and for a phone.
    assert html.count('<div class="for-wide"><svg') == 2
    assert html.count('<div class="for-phone"><svg') == 2


def test_the_reactions_buttons_and_their_count_use_the_same_words(client_a) -> None:
    for kind in ("positive", "negative", "repair_started", "repair_received"):
        tap(client_a, kind)
    status = client_a.get("/reacties/").content.decode()
    for label in ("Positief gereageerd", "Minder vriendelijk gereageerd",
                  "Iets goed willen maken", "Een herstelpoging aangenomen"):
        assert f">{label}</button>" in status
        assert f"1 keer {label[0].lower()}{label[1:]}" in status
