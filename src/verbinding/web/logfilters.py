"""Keep secrets out of logs: tokens live in URL paths and API headers.

Resume links (`/zelftest/verder/<token>/`), calendar feeds (`/agenda/<token>.ics`),
password-reset links (`/account/nieuw-wachtwoord/<uid>/<token>/`) and bearer tokens.
"""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(
    r"(?P<head>/zelftest/verder/|/agenda/|Bearer\s+)[^/\s\"']+"
    r"|(?P<reset>/account/nieuw-wachtwoord/)[^\s\"']+"
)


def _hide(match: re.Match[str]) -> str:
    return (match.group("head") or match.group("reset")) + "[verborgen]"


def redact(text: str) -> str:
    return _SECRET.sub(_hide, text)


class RedactTokens(logging.Filter):
    """Rewrite a record's message with every token replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
