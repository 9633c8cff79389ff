"""Tokens in URL paths and headers never reach the logs."""

from __future__ import annotations

import logging

import pytest

from verbinding.web.logfilters import RedactTokens, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Not Found: /zelftest/verder/abcDEF_123-x/", "Not Found: /zelftest/verder/[verborgen]/"),
        ("Not Found: /agenda/Zk3-_q.ics", "Not Found: /agenda/[verborgen]"),
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
