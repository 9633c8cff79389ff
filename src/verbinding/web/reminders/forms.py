"""The reminder settings form: up to eight card times, one practice time per weekday.

A Django Form does not fit a list of equal inputs well, so this small form reads the POST
itself, with the same promise: every fault gets a sentence at its place (in the person's
language), and a form that was tampered with (unknown fields, too many times, a weekday
that does not exist) is refused as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinding.web.reminders.models import MAX_CARD_TIMES, ReminderSettings
from verbinding.web.reminders.services import WEEKDAYS, normalise_time

CARD_FIELD = "card_time"
PRACTICE_PREFIX = "practice_"
EMAIL_FIELD = "email_enabled"
KNOWN = {"csrfmiddlewaretoken", CARD_FIELD, EMAIL_FIELD} | {
    f"{PRACTICE_PREFIX}{day}" for day in range(7)
}
BAD_TIME = gettext_lazy(
    "Dit is geen tijd die we kennen. Kies een tijd tussen 00:00 en 23:59, zoals 08:30."
)
TAMPERED = gettext_lazy(
    "Het formulier kwam niet goed bij ons aan. Laad de pagina opnieuw en probeer het nog eens."
)


@dataclass
class CardInput:
    index: int
    value: str
    error: str = ""

    @property
    def html_id(self) -> str:
        return f"{CARD_FIELD}_{self.index}"

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class DayInput:
    weekday: int
    value: str
    error: str = ""

    @property
    def label(self) -> str:
        return str(WEEKDAYS[self.weekday])

    @property
    def name(self) -> str:
        return f"{PRACTICE_PREFIX}{self.weekday}"


@dataclass
class ReminderForm:
    cards: list[CardInput]
    days: list[DayInput]
    email_enabled: bool
    form_errors: list[str] = field(default_factory=list)

    @classmethod
    def initial(cls, reminders: ReminderSettings) -> ReminderForm:
        times = list(reminders.card_times)
        by_day = {int(s["weekday"]): str(s["time"]) for s in reminders.practice_slots}
        return cls(
            cards=[CardInput(i, times[i] if i < len(times) else "") for i in range(MAX_CARD_TIMES)],
            days=[DayInput(day, by_day.get(day, "")) for day in range(7)],
            email_enabled=reminders.email_enabled,
        )

    @classmethod
    def from_post(cls, data: QueryDict) -> ReminderForm:
        raw_cards = data.getlist(CARD_FIELD)
        form = cls(
            cards=[CardInput(i, v.strip()) for i, v in enumerate(raw_cards[:MAX_CARD_TIMES])],
            days=[
                DayInput(day, data.get(f"{PRACTICE_PREFIX}{day}", "").strip()) for day in range(7)
            ],
            email_enabled=data.get(EMAIL_FIELD, "") in ("1", "on"),
        )
        form.cards += [CardInput(i, "") for i in range(len(form.cards), MAX_CARD_TIMES)]
        form._check_shape(data, len(raw_cards))
        form._check_times()
        return form

    def _check_shape(self, data: QueryDict, card_count: int) -> None:
        unknown = set(data.keys()) - KNOWN
        if any(key.startswith(PRACTICE_PREFIX) for key in unknown):
            self.form_errors.append(
                _(
                    "Er zat een dag in het formulier die niet bestaat. Het formulier kwam niet "
                    "goed bij ons aan. Laad de pagina opnieuw en probeer het nog eens."
                )
            )
        elif unknown or any(len(data.getlist(key)) > 1 for key in KNOWN - {CARD_FIELD}):
            self.form_errors.append(str(TAMPERED))
        if card_count > MAX_CARD_TIMES:
            self.form_errors.append(
                _("Je kunt hoogstens %(count)d tijden voor de dagkaart kiezen.")
                % {"count": MAX_CARD_TIMES}
            )
        if data.get(EMAIL_FIELD, "1") not in ("1", "on"):
            self.form_errors.append(str(TAMPERED))

    def _inputs(self) -> list[CardInput | DayInput]:
        return [*self.cards, *self.days]

    def _check_times(self) -> None:
        for item in self._inputs():
            if item.value:
                try:
                    item.value = normalise_time(item.value)
                except ValueError:
                    item.error = str(BAD_TIME)

    def is_valid(self) -> bool:
        return not self.form_errors and not any(i.error for i in self._inputs())

    @property
    def error_count(self) -> int:
        return len(self.form_errors) + sum(1 for i in self._inputs() if i.error)

    def cleaned(self) -> dict[str, Any]:
        """The values to store; only call when is_valid()."""
        return {
            "card_times": sorted({c.value for c in self.cards if c.value}),
            "practice_slots": [
                {"weekday": d.weekday, "time": d.value} for d in self.days if d.value
            ],
            "email_enabled": self.email_enabled,
        }
