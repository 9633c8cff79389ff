from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "verbinding.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from verbinding.web.accounts import verifypanel
        from verbinding.web.panels import register

        # What this app shows on "Mijn overzicht" (the overview asks the registry).
        register(self.label, verifypanel.panels)
