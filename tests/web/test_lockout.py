"""The login lockout counts per account, however the address is spelled, and per real
client address, read from X-Forwarded-For only when a trusted proxy sent it."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings

from conftest import PASSWORD
from verbinding.config import ConfigError
from verbinding.web.clientip import client_ip, parse_proxies

pytestmark = pytest.mark.django_db

SPELLINGS = ["anna@example.nl", "ANNA@example.nl", "Anna@Example.nl", " anna@example.nl",
             "anna@EXAMPLE.NL", "aNNa@example.nl "]


def _login(client: Client, email: str, password: str, **meta: str):
    return client.post("/account/inloggen/", {"username": email, "password": password}, **meta)


def test_changing_the_case_of_the_address_does_not_bypass_the_lockout(user_a):
    browser = Client()
    for spelling in SPELLINGS:
        _login(browser, spelling, "verkeerd")
    assert _login(browser, user_a.email, PASSWORD).status_code == 429


@override_settings(VERBINDING_TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_one_visitor_cannot_lock_out_another(user_a):
    attacker = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    anna = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.20"}
    for _ in range(6):
        _login(Client(), user_a.email, "verkeerd", **attacker)
    assert _login(Client(), user_a.email, PASSWORD, **attacker).status_code == 429
    assert _login(Client(), user_a.email, PASSWORD, **anna).status_code == 302


def test_a_forwarded_header_from_a_client_is_not_believed(user_a):
    """No trusted proxy configured: a visitor who sends X-Forwarded-For stays locked."""
    for number in range(6):
        spoof = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": f"10.0.0.{number}"}
        _login(Client(), user_a.email, "verkeerd", **spoof)
    again = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "10.0.0.99"}
    assert _login(Client(), user_a.email, PASSWORD, **again).status_code == 429


@override_settings(VERBINDING_TRUSTED_PROXIES=["127.0.0.1", "10.1.0.0/16"])
def test_the_client_address_is_read_from_the_right_past_trusted_proxies_only():
    def ip(remote: str, forwarded: str | None = None) -> str:
        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_ip(RequestFactory().get("/", **meta))

    assert ip("198.51.100.7", "1.2.3.4") == "198.51.100.7"  # not from a proxy: ignored
    assert ip("127.0.0.1", "203.0.113.20") == "203.0.113.20"
    # What a client wrote before nginx appended its address is never reached.
    assert ip("127.0.0.1", "1.2.3.4, 203.0.113.20") == "203.0.113.20"
    assert ip("127.0.0.1", "1.2.3.4, 203.0.113.20, 10.1.2.3") == "203.0.113.20"
    assert ip("127.0.0.1", "nonsense") == "127.0.0.1"
    assert ip("127.0.0.1") == "127.0.0.1"


def test_a_mistyped_trusted_proxy_stops_the_app_with_its_name():
    with pytest.raises(ConfigError, match=r"127\.0\.0\.l"):
        parse_proxies(["127.0.0.l"])
