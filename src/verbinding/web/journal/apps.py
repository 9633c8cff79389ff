from __future__ import annotations

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "verbinding.web.journal"
    label = "journal"
    verbose_name = "Dagboek"
