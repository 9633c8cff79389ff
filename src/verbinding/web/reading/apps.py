from __future__ import annotations

from django.apps import AppConfig


class ReadingConfig(AppConfig):
    name = "verbinding.web.reading"
    label = "reading"

    def ready(self) -> None:
        # Load the content once at start-up: a broken file stops the app here, with its
        # file, line and reason, instead of surfacing on the first visitor's page.
        from verbinding.content.loader import languages, library
        from verbinding.web import checks  # noqa: F401  (registers the production checks)

        for language in languages():
            library(language)
