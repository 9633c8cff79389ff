"""Which moments are due: pure window arithmetic in Europe/Amsterdam, no database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verbinding.web.reminders.services import (
    CARD,
    PRACTICE,
    due_moments,
    moments_between,
    normalise_time,
    parse_hhmm,
    parse_now,
)

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = dt.date(2025, 3, 3)


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS)


def test_it_finds_a_card_time_that_just_passed() -> None:
    due = due_moments(["08:00"], [], local(MONDAY, 8, 5), 15)
    assert [(m.local.hour, m.local.minute, m.kind) for m in due] == [(8, 0, CARD)]


def test_the_window_includes_now_and_excludes_its_start() -> None:
    assert due_moments(["08:00"], [], local(MONDAY, 8, 0), 15)
    assert not due_moments(["08:00"], [], local(MONDAY, 8, 15), 15)
    assert not due_moments(["08:00"], [], local(MONDAY, 7, 59), 15)


def test_practice_slots_only_fire_on_their_weekday() -> None:
    slots = [{"weekday": 0, "time": "19:30"}, {"weekday": 2, "time": "19:30"}]
    monday = due_moments([], slots, local(MONDAY, 19, 31), 15)
    tuesday = due_moments([], slots, local(MONDAY + dt.timedelta(days=1), 19, 31), 15)
    assert [m.kind for m in monday] == [PRACTICE]
    assert tuesday == []


def test_a_window_across_midnight_finds_yesterdays_late_time() -> None:
    due = due_moments(["23:55"], [], local(MONDAY + dt.timedelta(days=1), 0, 5), 15)
    assert [m.local for m in due] == [local(MONDAY, 23, 55)]


def test_card_and_practice_at_the_same_time_are_two_moments_and_doubles_are_one() -> None:
    due = due_moments(
        ["08:00", "08:00"], [{"weekday": 0, "time": "08:00"}], local(MONDAY, 8, 1), 15
    )
    assert sorted(m.kind for m in due) == [CARD, PRACTICE]


def test_it_is_summer_time_aware() -> None:
    # 30 March 2025: clocks go from 02:00 to 03:00. 08:00 local is then 06:00 UTC.
    due = due_moments(["08:00"], [], dt.datetime(2025, 3, 30, 6, 5, tzinfo=dt.UTC), 15)
    assert [m.at for m in due] == [dt.datetime(2025, 3, 30, 6, 0, tzinfo=dt.UTC)]


def test_a_time_that_occurs_twice_in_autumn_is_reminded_once() -> None:
    start = dt.datetime(2025, 10, 25, 23, 0, tzinfo=dt.UTC)
    found = moments_between(["02:30"], [], start, start + dt.timedelta(hours=4))
    assert len(found) == 1


def test_a_time_skipped_in_spring_is_still_reminded_once() -> None:
    start = dt.datetime(2025, 3, 29, 23, 0, tzinfo=dt.UTC)
    found = moments_between(["02:30"], [], start, start + dt.timedelta(hours=4))
    assert len(found) == 1


@settings(max_examples=40, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2024, 1, 1), max_value=dt.datetime(2027, 12, 31)),
    times=st.lists(
        st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02}:{t[1]:02}"),
        max_size=8,
    ),
    step=st.integers(1, 30),
)
def test_runs_every_window_minutes_cover_each_moment_exactly_once(
    start: dt.datetime, times: list[str], step: int
) -> None:
    begin = start.replace(tzinfo=dt.UTC)
    runs = [begin + dt.timedelta(minutes=step * i) for i in range(1, 3 * 24 * 60 // step)]
    seen = [m for now in runs for m in due_moments(times, [], now, step)]
    assert len(seen) == len(set(seen))
    assert sorted(seen) == moments_between(times, [], begin, runs[-1])


@pytest.mark.parametrize("text", ["25:99", "24:00", "8:3", "", "08:60", "aa:bb", "08:00:30"])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        normalise_time(text)


@pytest.mark.parametrize(("text", "expected"), [("8:30", "08:30"), ("08:30:00", "08:30")])
def test_times_as_browsers_send_them_are_accepted(text: str, expected: str) -> None:
    assert normalise_time(text) == expected
    assert parse_hhmm(expected) == dt.time(int(expected[:2]), int(expected[3:]))


def test_now_without_an_offset_is_dutch_time() -> None:
    assert parse_now("2025-07-01T08:05") == dt.datetime(2025, 7, 1, 8, 5, tzinfo=AMS)
    assert parse_now("2025-07-01T06:05+00:00").utcoffset() == dt.timedelta(0)
