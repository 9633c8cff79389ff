"""Password rules with Dutch wording where Django's Dutch translation falls short."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    # Django 5.2's Dutch catalogue misses this (plural) message; people would see English.
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"Dit wachtwoord is te kort: gebruik minstens {self.min_length} tekens.",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"Minstens {self.min_length} tekens. Een zin van een paar woorden werkt goed."
