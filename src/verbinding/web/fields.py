"""Model fields shared by the apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models

from verbinding import crypto

# django-stubs makes model fields generic (the type set, the type read); Django's own
# classes cannot be subscripted at run time, so the subscripted base is for mypy only.
if TYPE_CHECKING:
    _TextField = models.TextField[Any, Any]
else:
    _TextField = models.TextField


class EncryptedTextField(_TextField):
    """Text that is encrypted before it reaches the database and decrypted on load.

    The empty string stays empty (it says nothing private). Encrypted values cannot be
    searched or sorted in SQL; use such a field only for free text a person wrote.
    """

    description = "Text encrypted at rest"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(crypto.PREFIX):
            return crypto.decrypt(value)
        return value


class EncryptedLineField(EncryptedTextField):
    """One line of typed text (a name), encrypted like `EncryptedTextField`.

    Forms show a one-line input with the field's `max_length`, not a text area; the
    length is checked there, since the stored value (ciphertext) is always longer.
    """

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"widget": forms.TextInput, **kwargs})
