"""Words a user reads, checked as a user meets them (issue #14, item 7)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from verbinding.web.journal.models import InteractionKind

from .selftest_helpers import answer_all, leaning, start

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_highlight_for_one_relationship_says_over_je_vader(anna: Client) -> None:
    selftest = start(anna, ["vader"])
    secure, anxious = leaning({"veilig"}), leaning({"angst"})
    answer_all(anna, selftest, lambda q: anxious(q) if q.position == 2 else secure(q))
    anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    page = _text(anna.get(f"/zelftest/{selftest.public_id}/uitslag/"))
    assert "In je antwoorden over je vader" in page
    assert not re.search(r"over [Vv]ader\b", page)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_reaction_buttons_and_their_counts_use_the_same_words(client_a, language) -> None:
    client_a.cookies["taal"] = language
    for kind in InteractionKind.values:
        client_a.post("/reacties/nieuw/", {"kind": kind})
    page = client_a.get("/reacties/").content.decode()
    buttons = re.findall(r'<button class="tap tap-\w+" type="submit">([^<]+)</button>', page)
    status = _text(client_a.get("/reacties/")).lower()
    assert len(buttons) == 4
    for label in buttons:
        assert label.lower() in status, (label, status[:400])


def test_a_finished_tests_overview_in_an_account_does_not_ask_to_answer_on(client_a) -> None:
    selftest = start(client_a)
    answer_all(client_a, selftest, leaning({"veilig"}))
    client_a.post(f"/zelftest/{selftest.public_id}/afronden/")
    page = _text(client_a.get(f"/zelftest/{selftest.public_id}/"))
    assert "Bekijk je uitslag" in page and "Je hebt deze zelftest afgerond" in page
    assert "verder te maken" not in page and "Kies bij elke zin" not in page
