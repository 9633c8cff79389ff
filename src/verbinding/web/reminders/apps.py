from __future__ import annotations

from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "verbinding.web.reminders"
    label = "reminders"
    verbose_name = "Herinneringen"
