from __future__ import annotations

from django.apps import AppConfig


class LoginsConfig(AppConfig):
    name = "verbinding.web.logins"
    label = "logins"
    verbose_name = "Logins"

    def ready(self) -> None:
        from verbinding.web.logins import signals  # noqa: F401  (connects the receivers)
