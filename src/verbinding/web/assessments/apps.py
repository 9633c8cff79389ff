from __future__ import annotations

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "verbinding.web.assessments"
    label = "assessments"
    verbose_name = "Zelftest"

    def ready(self) -> None:
        from verbinding.web.assessments import panels
        from verbinding.web.panels import register

        # What this app shows on "Mijn overzicht" (the overview asks the registry).
        register(self.label, panels.panels)
