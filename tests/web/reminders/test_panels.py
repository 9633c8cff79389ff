"""The reminders panel on "Mijn overzicht"."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from verbinding.web.reminders.models import ReminderSettings
from verbinding.web.reminders.panels import panels

TODAY = dt.date(2025, 3, 3)


def render(user) -> str:  # type: ignore[no-untyped-def]
    (panel,) = panels(user, TODAY)
    return render_to_string(panel.template, {"panel": panel.context})


def test_without_reminders_it_invites_to_set_them_up(user_a) -> None:
    html = render(user_a)
    assert "Herinneringen instellen" in html
    assert 'href="/herinneringen/"' in html


def test_it_says_which_reminders_are_on(user_a, user_b) -> None:
    reminders = ReminderSettings(
        user=user_a,
        card_times=["08:00", "21:00"],
        practice_slots=[{"weekday": 2, "time": "19:30"}, {"weekday": 0, "time": "07:15"}],
        email_enabled=True,
    )
    reminders.renew_feed_token()
    reminders.save()
    html = render(user_a)
    assert "Dagkaart lezen om 08:00, 21:00" in html
    assert "Oefenen op ma 07:15, wo 19:30" in html
    assert "Je krijgt een e-mail" in html
    assert "agenda-link" in html
    assert "Herinneringen aanpassen" in html
    assert "Herinneringen instellen" in render(user_b)
