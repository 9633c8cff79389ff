"""Private pages are never kept in a browser's or proxy's cache."""

from __future__ import annotations

import pytest
from django.test import Client

from .selftest_helpers import answer_all, resume_token, start

pytestmark = pytest.mark.django_db


def _finished_selftest(client: Client):
    selftest = start(client, ["moeder"])
    answer_all(client, selftest)
    assert client.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    return selftest


def test_private_pages_answer_cache_control_no_store(client_a: Client, anna: Client) -> None:
    selftest = _finished_selftest(client_a)
    # A resume link belongs to a self-test taken without an account.
    anonymous = _finished_selftest(anna)
    token = resume_token(anna, anonymous)
    assert "no-store" in anna.get(f"/zelftest/verder/{token}/").get("Cache-Control", "")
    client_a.post("/dagboek/nieuw/", {"text": "vandaag"})
    pages = [
        "/mijn/",
        "/dagboek/",
        "/dagboek/nieuw/",
        "/account/",
        "/account/mijn-gegevens/",
        "/account/mijn-gegevens.json",
        "/account/mijn-gegevens.zip",
        "/mijn/voortgang/",
        "/mijn/delen/",
        "/oefenen/plan/",
        "/herinneringen/",
        f"/zelftest/{selftest.public_id}/",
        f"/zelftest/{selftest.public_id}/uitslag/",
        f"/zelftest/{selftest.public_id}/uitslag.pdf",
        "/uitnodiging/een-niet-bestaande-token/",
        "/api/v1/instruments",
    ]
    for path in pages:
        response = client_a.get(path)
        assert response.status_code < 500, path
        assert "no-store" in response.get("Cache-Control", ""), path
