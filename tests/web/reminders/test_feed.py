"""The private calendar feed: what it holds, who can fetch it, and renewing its link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from icalendar import Calendar

from verbinding.web.reminders.models import ReminderSettings

# The whole of every test, logins included, at one moment: a Wednesday at noon. The feed
# starts its events from the day the times were chosen.
pytestmark = pytest.mark.time_machine("2025-03-05 12:00 +01:00", tick=False)


def set_up(client: Client, user, **extra: object) -> ReminderSettings:  # type: ignore[no-untyped-def]
    data: dict[str, object] = {
        "card_time": ["08:00", "13:00", "21:00"],
        "practice_0": "19:30",
        "practice_5": "10:00",
    }
    data.update(extra)
    assert client.post("/herinneringen/", data).status_code == 302
    return ReminderSettings.objects.get(user=user)


def feed_url(reminders: ReminderSettings) -> str:
    return f"/agenda/{reminders.feed_token}.ics"


def test_the_feed_parses_and_repeats_each_chosen_time(client_a: Client, user_a) -> None:
    response = client_a.get(feed_url(set_up(client_a, user_a)))
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    cards = [e for e in events if str(e["SUMMARY"]) == "Dagkaart lezen"]
    practice = [e for e in events if str(e["SUMMARY"]) == "Oefenen"]
    assert [e.decoded("DTSTART").strftime("%H:%M") for e in cards] == ["08:00", "13:00", "21:00"]
    assert all(e["RRULE"]["FREQ"] == ["DAILY"] for e in cards)
    assert [e["RRULE"]["BYDAY"] for e in practice] == [["MO"], ["SA"]]
    monday, saturday = (e.decoded("DTSTART") for e in practice)
    assert (monday.date(), monday.hour, monday.minute) == (dt.date(2025, 3, 10), 19, 30)
    assert saturday.date() == dt.date(2025, 3, 8)
    for event in events:
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert str(event.decoded("DTSTART").tzinfo) == "Europe/Amsterdam"
        assert event.walk("VALARM")
        assert "http://127.0.0.1:8000/" in str(event["DESCRIPTION"])
    assert cards[0].decoded("DTSTART").date() == dt.date(2025, 3, 5)
    assert "/dagkaart/" in str(cards[0]["URL"])
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"


def test_the_feed_has_the_right_headers_and_no_login_is_needed(
    client_a: Client, user_a, outsider: Client
) -> None:
    response = outsider.get(feed_url(set_up(client_a, user_a)))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"


def test_uids_stay_the_same_between_fetches_and_after_a_new_link(client_a: Client, user_a) -> None:
    reminders = set_up(client_a, user_a)
    first = Calendar.from_ical(client_a.get(feed_url(reminders)).content)
    client_a.post("/herinneringen/nieuwe-link/")
    reminders.refresh_from_db()
    again = Calendar.from_ical(client_a.get(feed_url(reminders)).content)
    uids = [str(e["UID"]) for e in first.walk("VEVENT")]
    assert uids == [str(e["UID"]) for e in again.walk("VEVENT")]
    assert len(set(uids)) == len(uids)


def test_the_feed_holds_only_generic_words(client_a: Client, user_a) -> None:
    body = client_a.get(feed_url(set_up(client_a, user_a))).content.decode()
    for private in ("anna", "Anna", "veilig", "angstig", "vermijdend", "chaotisch"):
        assert private not in body.replace("veilige verbinding", "")


def test_a_new_link_stops_the_old_one_at_once(client_a: Client, user_a, outsider: Client) -> None:
    reminders = set_up(client_a, user_a)
    old = feed_url(reminders)
    response = client_a.post("/herinneringen/nieuwe-link/")
    assert response.status_code == 302
    reminders.refresh_from_db()
    assert outsider.get(old).status_code == 404
    assert outsider.get(feed_url(reminders)).status_code == 200
    page = client_a.get("/herinneringen/").content.decode()
    assert "De oude werkt niet meer" in page


def test_a_link_can_be_made_before_choosing_times(client_a: Client, user_a) -> None:
    assert client_a.post("/herinneringen/nieuwe-link/").status_code == 302
    reminders = ReminderSettings.objects.get(user=user_a)
    calendar = Calendar.from_ical(client_a.get(feed_url(reminders)).content)
    assert calendar.walk("VEVENT") == []


def test_wrong_tokens_get_a_plain_404(outsider: Client, client_a: Client, user_a) -> None:
    set_up(client_a, user_a)
    for token in ("x" * 32, "kort", "a" * 200, "%00" * 12):
        response = outsider.get(f"/agenda/{token}.ics")
        assert response.status_code == 404
        assert token not in response.content.decode()


def test_renewing_needs_post(client_a: Client) -> None:
    assert client_a.get("/herinneringen/nieuwe-link/").status_code == 405


def test_fetching_the_feed_logs_nothing_with_the_token(
    client_a: Client, user_a, outsider: Client, caplog
) -> None:
    token = set_up(client_a, user_a).feed_token
    with caplog.at_level("DEBUG"):
        assert outsider.get(f"/agenda/{token}.ics").status_code == 200
    assert token not in caplog.text
