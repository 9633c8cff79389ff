"""What practice shows on "Mijn overzicht"."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding.web.practice import panels
from verbinding.web.practice.models import PlanItem
from web.practice.helpers import start_session


def finish(client, exercise_id: str) -> None:
    pk = start_session(client, exercise_id)
    client.post(f"/oefenen/sessie/{pk}/na/", {"overslaan": "1"})


def test_without_a_plan_it_invites_to_make_one(client_a, user_a) -> None:
    found = panels.panels(user_a, dt.date(2025, 3, 5))
    assert [p.template for p in found] == ["practice/_panel_today.html"]
    html = client_a.get("/mijn/").content.decode()
    assert "Je hebt nog geen oefenplan" in html


A_MONDAY = "2025-03-03 10:00 +01:00"
THE_FRIDAY_BEFORE = "2025-02-28 10:00 +01:00"


@pytest.mark.time_machine(A_MONDAY, tick=False)  # the whole test, logins included
def test_today_shows_plan_items_with_room_left_this_week(client_a, user_a, time_machine) -> None:
    PlanItem.objects.create(user=user_a, exercise_id="ve-mededogen", times_per_week=2)
    PlanItem.objects.create(user=user_a, exercise_id="an-nu-en-vroeger", times_per_week=1)
    finish(client_a, "an-nu-en-vroeger")
    finish(client_a, "ve-mededogen")
    time_machine.move_to(THE_FRIDAY_BEFORE)  # the week before
    finish(client_a, "ve-mededogen")
    today = panels.panels(user_a, dt.date(2025, 3, 9))[0].context  # Sunday, same week
    assert [item.exercise_id for item, _, _ in today["open"]] == ["ve-mededogen"]
    next_week = panels.panels(user_a, dt.date(2025, 3, 10))[0].context
    assert len(next_week["open"]) == 2


@pytest.mark.time_machine("2025-03-04 10:00 +01:00", tick=False)
def test_when_the_week_is_done_it_says_rest_is_good_too(client_a, user_a) -> None:
    PlanItem.objects.create(user=user_a, exercise_id="ve-mededogen", times_per_week=1)
    finish(client_a, "ve-mededogen")
    html = client_a.get("/mijn/").content.decode()
    assert "Rust is ook goed" in html


@pytest.mark.time_machine("2025-03-01 10:00 +01:00", tick=False)
def test_the_last_three_sessions_are_shown_and_only_mine(
    client_a, client_b, user_a, time_machine
) -> None:
    for day, exercise in enumerate(["ve-mededogen", "an-nu-en-vroeger", "ch-beschermer",
                                    "vm-gevoelswoorden"], start=1):
        time_machine.move_to(f"2025-03-0{day} 10:00 +01:00")
        finish(client_a, exercise)
    finish(client_b, "ch-in-het-midden")
    recent = panels.panels(user_a, dt.date(2025, 3, 5))[1].context["recent"]
    assert [s.exercise_id for s, _ in recent] == [
        "vm-gevoelswoorden", "ch-beschermer", "an-nu-en-vroeger"]
    html = client_a.get("/mijn/").content.decode()
    assert "Laatst geoefend" in html and "Woorden voor wat je voelt" in html
    assert "In het midden blijven" not in html


def test_today_stays_short(user_a) -> None:
    for n, exercise in enumerate(["ve-mededogen", "an-nu-en-vroeger", "ch-beschermer",
                                  "vm-gevoelswoorden", "ve-dagkaart-lezen", "ch-in-het-midden"]):
        PlanItem.objects.create(user=user_a, exercise_id=exercise, position=n)
    today = panels.panels(user_a, dt.date(2025, 3, 5))[0].context
    assert len(today["open"]) == panels.TODAY_AT_MOST
    assert today["more"] == 2
