from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "verbinding.web.journal"
    label = "journal"
    verbose_name = _("Dagboek")

    def ready(self) -> None:
        from verbinding.web.journal import panels
        from verbinding.web.panels import register

        # What this app shows on "Mijn overzicht" (the overview asks the registry).
        register(self.label, panels.panels)
