"""Password rules with Dutch wording where Django's Dutch translation falls short."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    # Django 5.2's Dutch catalogue misses this (plural) message; people would see English.
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "Dit wachtwoord is te kort: gebruik minstens %(min_length)d teken.",
                    "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
                    self.min_length,
                ) % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Minstens %(min_length)d teken. Een zin van een paar woorden werkt goed.",
            "Minstens %(min_length)d tekens. Een zin van een paar woorden werkt goed.",
            self.min_length,
        ) % {"min_length": self.min_length}
