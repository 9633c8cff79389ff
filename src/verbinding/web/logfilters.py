"""Keep secrets out of logs: tokens live in URL paths and API headers.

Every secret link the app has is one entry in `SECRET_PREFIXES`: whatever follows such a
prefix (up to a blank or a quote) is replaced. tests/web/test_logfilters.py checks that
each URL with a token in it is covered, so a new secret link cannot be forgotten here.
"""

from __future__ import annotations

import logging
import re

# The one list of secret links: the text after each prefix is a credential.
SECRET_PREFIXES: tuple[str, ...] = (
    "/zelftest/verder/",  # resume link of a self-test
    "/agenda/",  # calendar feed
    "/account/nieuw-wachtwoord/",  # password reset (uid and token)
    "/uitnodiging/",  # a practice's invitation to a client
    "/account/e-mailadres/bevestigen/",  # confirming the address of a new account
    "/account/e-mailadres/wijzigen/",  # confirming a new address
)

_SECRET = re.compile(
    "(?P<head>" + "|".join(re.escape(p) for p in SECRET_PREFIXES) + r"|Bearer\s+)"
    r"[^\s\"']+"
)


def _hide(match: re.Match[str]) -> str:
    return match.group("head") + "[verborgen]"


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
