"""Tokens in URL paths and headers never reach the logs."""

from __future__ import annotations

import logging

import pytest
from django.urls import URLResolver, get_resolver

from verbinding.web.logfilters import RedactTokens, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /zelftest/verder/abcDEF_123-x/", "Not Found: /zelftest/verder/[verborgen]"),
        ("Not Found: /agenda/Zk3-_q.ics", "Not Found: /agenda/[verborgen]"),
        ("Gone: /uitnodiging/Zk3-_q/", "Gone: /uitnodiging/[verborgen]"),
        ("GET /account/nieuw-wachtwoord/MQ/cz1x-9f8e7d/ 200",
         "GET /account/nieuw-wachtwoord/[verborgen] 200"),
        ("Authorization: Bearer s3cr3t-token", "Authorization: Bearer [verborgen]"),
        ("GET /zelftest/ 200", "GET /zelftest/ 200"),
    ],
)
def test_it_hides_every_kind_of_token(line, expected):
    assert redact(line) == expected


def test_the_filter_rewrites_a_record_with_arguments():
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1,
                               "Not Found: %s", ("/agenda/geheim123.ics",), None)
    assert RedactTokens().filter(record) is True
    assert record.getMessage() == "Not Found: /agenda/[verborgen]"


def _routes(patterns, prefix=""):
    """Every route of the site as (regex text, pattern), includes flattened."""
    for entry in patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, text)
        else:
            yield text, entry


def test_invitation_tokens_and_every_secret_url_are_redacted():
    """Each route whose path carries a token is reversed with a marker and logged."""
    secret_routes = [
        (text, entry) for text, entry in _routes(get_resolver().url_patterns)
        if "token" in text or "uidb64" in text
    ]
    assert len(secret_routes) >= 4
    marker = "GeheimMarker123"
    for text, entry in secret_routes:
        path = "/" + text.replace("^", "")
        for name in entry.pattern.converters:
            path = path.replace(f"<{name}>", marker).replace(f"<str:{name}>", marker)
        logged = redact(f"Gone: {path}")
        assert marker not in logged, text
