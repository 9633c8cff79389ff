from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticeConfig(AppConfig):
    name = "verbinding.web.practice"
    label = "practice"
    verbose_name = _("Oefenen")

    def ready(self) -> None:
        from verbinding.web.panels import register
        from verbinding.web.practice import panels

        # What this app shows on "Mijn overzicht" (the overview asks the registry).
        register(self.label, panels.panels)
