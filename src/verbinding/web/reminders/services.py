"""Which reminder moments are due, and sending them by e-mail exactly once.

The first half is pure (no database): times, slots and the window arithmetic, all in
Europe/Amsterdam. The second half claims and sends. A moment is claimed by inserting its
`ReminderDelivery` row; the unique constraint on (user, moment, kind) makes the database
the referee when two runs overlap, so a reminder never goes out twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext_lazy, pgettext_lazy

if TYPE_CHECKING:
    from verbinding.web.reminders.models import ReminderDelivery

TZ = ZoneInfo("Europe/Amsterdam")
CARD = "card"
PRACTICE = "practice"
WEEKDAYS = (
    gettext_lazy("maandag"),
    gettext_lazy("dinsdag"),
    gettext_lazy("woensdag"),
    gettext_lazy("donderdag"),
    gettext_lazy("vrijdag"),
    gettext_lazy("zaterdag"),
    gettext_lazy("zondag"),
)
WEEKDAYS_SHORT = (
    pgettext_lazy("weekday", "ma"),
    pgettext_lazy("weekday", "di"),
    pgettext_lazy("weekday", "wo"),
    pgettext_lazy("weekday", "do"),
    pgettext_lazy("weekday", "vr"),
    pgettext_lazy("weekday", "za"),
    pgettext_lazy("weekday", "zo"),
)
DEFAULT_WINDOW_MINUTES = 15
MAX_WINDOW_MINUTES = 24 * 60

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

log = logging.getLogger(__name__)


def parse_hhmm(text: str) -> dt.time:
    """Parse "08:30" into time(8, 30); anything else (also "8:30", "25:99") is a ValueError."""
    match = _HHMM.match(text)
    if not match:
        raise ValueError(f"geen geldige tijd: {text!r}")
    return dt.time(int(match.group(1)), int(match.group(2)))


def normalise_time(text: str) -> str:
    """Accept what browsers and people type ("8:30", "08:30:00") and return "HH:MM"."""
    text = text.strip()
    parts = text.split(":")
    if len(parts) == 3 and parts[2] == "00":
        parts = parts[:2]
    if len(parts) == 2 and len(parts[0]) == 1:
        parts[0] = "0" + parts[0]
    value = ":".join(parts)
    parse_hhmm(value)
    return value


@dataclass(frozen=True, order=True)
class Moment:
    """One reminder: when (aware, UTC) and what for."""

    at: dt.datetime
    kind: str

    @property
    def local(self) -> dt.datetime:
        return self.at.astimezone(TZ)


def _local_dates(start: dt.datetime, end: dt.datetime) -> Iterable[dt.date]:
    day, last = start.astimezone(TZ).date(), end.astimezone(TZ).date()
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    # fold=0: on the autumn night a time occurs twice we take the first; a spring time that
    # does not exist lands an hour later. Either way the moment is the same on every run.
    local = dt.datetime.combine(day, parse_hhmm(hhmm), tzinfo=TZ)
    return local.astimezone(dt.UTC)


def moments_between(
    card_times: Iterable[str],
    practice_slots: Iterable[dict[str, object]],
    start: dt.datetime,
    end: dt.datetime,
) -> list[Moment]:
    """Every moment with start < moment <= end (aware datetimes), sorted, without doubles."""
    cards = set(card_times)
    slots = {(int(str(s["weekday"])), str(s["time"])) for s in practice_slots}
    found: set[Moment] = set()
    for day in _local_dates(start, end):
        candidates = [(hhmm, CARD) for hhmm in cards]
        candidates += [(hhmm, PRACTICE) for weekday, hhmm in slots if weekday == day.weekday()]
        for hhmm, kind in candidates:
            at = _at(day, hhmm)
            if start < at <= end:
                found.add(Moment(at, kind))
    return sorted(found)


def due_moments(
    card_times: Iterable[str],
    practice_slots: Iterable[dict[str, object]],
    now: dt.datetime,
    window_minutes: int = DEFAULT_WINDOW_MINUTES,
) -> list[Moment]:
    """The moments in (now − window, now]: what a run at `now` should send."""
    return moments_between(
        card_times, practice_slots, now - dt.timedelta(minutes=window_minutes), now
    )


def parse_now(text: str) -> dt.datetime:
    """An ISO date-time; without an offset it is read as Amsterdam time."""
    value = dt.datetime.fromisoformat(text.strip())
    return value.replace(tzinfo=TZ) if value.tzinfo is None else value


def describe_slots(practice_slots: Iterable[dict[str, object]]) -> list[str]:
    """["ma 19:30", "wo 07:15"] in week order, for pages and panels."""
    pairs = sorted((int(str(s["weekday"])), str(s["time"])) for s in practice_slots)
    return [f"{WEEKDAYS_SHORT[day]} {hhmm}" for day, hhmm in pairs]


# --- Sending (needs Django) ------------------------------------------------------------


@dataclass
class RunSummary:
    sent: int = 0
    skipped: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"verstuurd: {self.sent}, overgeslagen: {self.skipped}, mislukt: {self.failed}"


def send_due_reminders(
    now: dt.datetime, window_minutes: int = DEFAULT_WINDOW_MINUTES
) -> RunSummary:
    """Send every due e-mail reminder once. Safe to run often and in parallel."""
    from verbinding.web.reminders.models import ReminderSettings

    summary = RunSummary()
    # Only to a confirmed address: until then it may be someone else's (a typo).
    chosen = ReminderSettings.objects.filter(
        email_enabled=True, user__is_active=True, user__email_verified_at__isnull=False
    )
    # The feed token is not needed here; deferring it spares decrypting it for every row.
    chosen = chosen.defer("feed_token").select_related("user").order_by("pk")
    for reminder_settings in chosen:
        user = reminder_settings.user
        due = due_moments(
            reminder_settings.card_times, reminder_settings.practice_slots, now, window_minutes
        )
        for moment in due:
            delivery = claim(user, moment)
            if delivery is None:
                summary.skipped += 1
            elif deliver(delivery):
                summary.sent += 1
            else:
                summary.failed += 1
    return summary


def claim(user: Any, moment: Moment) -> ReminderDelivery | None:
    """The delivery row this run may send, or None when another run has (or had) it.

    A new moment is claimed by inserting its row. A failed one is claimed again by a
    conditional update that only one run can win (same attempts count it saw), and only
    while it has had fewer than MAX_ATTEMPTS tries.
    """
    from django.db import IntegrityError, transaction

    from verbinding.web.reminders.models import MAX_ATTEMPTS, DeliveryStatus, ReminderDelivery

    try:
        with transaction.atomic():
            return ReminderDelivery.objects.create(user=user, moment=moment.at, kind=moment.kind)
    except IntegrityError:
        pass
    existing = ReminderDelivery.objects.filter(user=user, moment=moment.at, kind=moment.kind)
    row = existing.first()
    if row is None or row.status != DeliveryStatus.FAILED or row.attempts >= MAX_ATTEMPTS:
        return None
    won = existing.filter(status=DeliveryStatus.FAILED, attempts=row.attempts).update(
        status=DeliveryStatus.PENDING, attempts=row.attempts + 1
    )
    if not won:
        return None
    row.refresh_from_db()
    return row


def deliver(delivery: ReminderDelivery) -> bool:
    """Send the mail for a claimed delivery and record how it went."""
    from django.core.mail import send_mail
    from django.utils import translation

    from verbinding.web.reminders.models import DeliveryStatus

    # Sent outside a request: the mail speaks the person's own language.
    language = getattr(delivery.user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        subject, body = reminder_mail(delivery.kind, delivery.moment, delivery.user)
    try:
        send_mail(subject, body, None, [delivery.user.email], fail_silently=False)
    except Exception as exc:  # any mail fault: record it, the next moment still goes out
        log.warning("herinnering %s niet verstuurd: %s", delivery.pk, type(exc).__name__)
        delivery.status = DeliveryStatus.FAILED
        delivery.error = f"{type(exc).__name__}: {exc}"[:1000]
        delivery.save(update_fields=["status", "error", "updated_at"])
        return False
    delivery.status = DeliveryStatus.SENT
    delivery.error = ""
    delivery.save(update_fields=["status", "error", "updated_at"])
    return True


def reminder_mail(kind: str, moment: dt.datetime, user: Any) -> tuple[str, str]:
    """Subject and body: warm, short, and nothing private (mail passes many servers)."""
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    from verbinding.interpret import numbers

    context = {
        "time": numbers.time_of_day(moment.astimezone(TZ), get_language()),
        "name": getattr(user, "display_name", ""),
        "card_url": settings.SITE_URL + reverse("reading:daily_card"),
        "practice_url": settings.SITE_URL + practice_path(),
        "settings_url": settings.SITE_URL + reverse("reminders:settings"),
    }
    subject = _("Een moment voor je dagkaart") if kind == CARD else _("Tijd om even te oefenen")
    body = render_to_string(f"reminders/mail_{kind}.txt", context)
    return subject, body


def practice_path() -> str:
    """The practice page if the practice app offers one, else the styles with exercises."""
    from django.urls import Resolver404, resolve, reverse

    try:
        resolve("/oefenen/")
    except Resolver404:
        return reverse("reading:overview")
    return "/oefenen/"
