from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "verbinding.web.reminders"
    label = "reminders"
    verbose_name = _("Herinneringen")

    def ready(self) -> None:
        from verbinding.web.panels import register
        from verbinding.web.reminders import panels

        # What this app shows on "Mijn overzicht" (the overview asks the registry).
        register(self.label, panels.panels)
