from __future__ import annotations

from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "verbinding.web.clinic"
    label = "clinic"
    verbose_name = "Praktijk"

    def ready(self) -> None:
        from verbinding.web.clinic import panels
        from verbinding.web.panels import register

        # What this app shows on "Mijn overzicht" (the overview asks the registry).
        register(self.label, panels.panels)

        from verbinding.web.clinic import signals  # noqa: F401  (connects the receivers)
