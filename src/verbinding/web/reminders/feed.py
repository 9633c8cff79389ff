"""The private calendar feed: one repeating event per chosen time, nothing more.

Calendar providers (Google, Apple, Microsoft) fetch and store this file, so it holds only
generic titles ("Dagkaart lezen", "Oefenen") and links; never a style, score or note.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from verbinding.web.reminders.models import ReminderSettings
from verbinding.web.reminders.services import TZ, parse_hhmm, practice_path

TZID = "Europe/Amsterdam"
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CARD_MINUTES = 5
PRACTICE_MINUTES = 15


def render_feed(reminders: ReminderSettings) -> bytes:
    # Fetched by a calendar app, not by the person: the words follow their own language.
    with translation.override(getattr(reminders.user, "language", "") or settings.LANGUAGE_CODE):
        return _render(reminders)


def _render(reminders: ReminderSettings) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Verbindingsstijlen//Herinneringen//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Verbindingsstijlen")
    calendar.add("x-wr-timezone", TZID)
    # Some apps ask for a refresh hint; the times rarely change.
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    calendar.add_component(_amsterdam())
    for event in _events(reminders):
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _events(reminders: ReminderSettings) -> list[Event]:
    # Repeat from the day the settings last changed: no reminders appear before the
    # person chose them, and the start stays the same on every fetch in between.
    anchor = reminders.updated_at.astimezone(TZ).date()
    stamp = reminders.updated_at.astimezone(dt.UTC)
    site = settings.SITE_URL
    card_url = site + reverse("reading:daily_card")
    practice_url = site + practice_path()
    uid_tail = f"{reminders.calendar_id}@verbindingsstijlen"
    events = []
    for hhmm in sorted(reminders.card_times):
        event = _event(
            uid=f"dagkaart-{hhmm.replace(':', '')}-{uid_tail}",
            start=dt.datetime.combine(anchor, parse_hhmm(hhmm), tzinfo=TZ),
            minutes=CARD_MINUTES,
            summary=_("Dagkaart lezen"),
            description=_("Lees rustig de kenmerken van de veilige verbinding: %(url)s")
            % {"url": card_url},
            url=card_url,
            stamp=stamp,
        )
        event.add("rrule", {"freq": "daily"})
        events.append(event)
    for slot in sorted(reminders.practice_slots, key=lambda s: (s["weekday"], s["time"])):
        weekday, hhmm = int(slot["weekday"]), str(slot["time"])
        first = anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
        event = _event(
            uid=f"oefenen-{BYDAY[weekday].lower()}-{hhmm.replace(':', '')}-{uid_tail}",
            start=dt.datetime.combine(first, parse_hhmm(hhmm), tzinfo=TZ),
            minutes=PRACTICE_MINUTES,
            summary=pgettext("reminder", "Oefenen"),
            description=_("Een paar minuten oefenen met je verbindingsstijl: %(url)s")
            % {"url": practice_url},
            url=practice_url,
            stamp=stamp,
        )
        event.add("rrule", {"freq": "weekly", "byday": BYDAY[weekday]})
        events.append(event)
    return events


def _event(
    *,
    uid: str,
    start: dt.datetime,
    minutes: int,
    summary: str,
    description: str,
    url: str,
    stamp: dt.datetime,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=minutes))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy block in the agenda
    event.add("class", "PRIVATE")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event


def _amsterdam() -> Timezone:
    """Europe/Amsterdam with the EU summer-time rules (since 1996), the short usual form."""
    zone = Timezone()
    zone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", dt.datetime(1970, 3, 29, 2, 0))
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", dt.datetime(1970, 10, 25, 3, 0))
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone
