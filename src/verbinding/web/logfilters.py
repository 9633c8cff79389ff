"""Keep secrets out of logs: resume tokens live in URL paths and API headers."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(r"(/zelftest/verder/|Bearer\s+)[^/\s\"']+")


def redact(text: str) -> str:
    return _SECRET.sub(r"\1[verborgen]", text)


class RedactTokens(logging.Filter):
    """Rewrite a record's message with every token replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
