"""A private link opens a self-test only while no account keeps it; claiming asks first
and says how the test came into this browser; the link's holder can renew it."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import PASSWORD
from verbinding.web.assessments.models import Answer, SelfTest
from web.selftest_helpers import answer_all, resume_token, screens, start

pytestmark = pytest.mark.django_db


def _login(client: Client, email: str) -> None:
    response = client.post("/account/inloggen/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302


def _finished(client: Client) -> SelfTest:
    selftest = start(client)
    answer_all(client, selftest)
    assert client.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    return selftest


def test_a_claimed_link_opens_nothing_and_cannot_delete_the_test(anna, bram, user_a):
    selftest = _finished(anna)
    token = resume_token(anna, selftest)
    assert bram.get(f"/zelftest/verder/{token}/").status_code == 302  # bram holds it too
    _login(anna, user_a.email)
    assert anna.post(f"/zelftest/{selftest.public_id}/bewaren/").status_code == 302

    base = f"/zelftest/{selftest.public_id}/"
    for path in ("", "uitslag/", "uitslag.pdf"):
        assert bram.get(base + path).status_code == 404, path
    assert bram.post(base + "verwijderen/").status_code == 404
    assert SelfTest.objects.filter(pk=selftest.pk, owner=user_a).exists()
    response = Client().get(f"/zelftest/verder/{token}/")
    assert response.status_code == 410
    assert "staat in een account" in response.content.decode()
    assert anna.get(base + "uitslag/").status_code == 200  # the owner, logged in


def test_a_claimed_link_no_longer_saves_answers(anna, bram, user_a):
    selftest = start(anna)
    token = resume_token(anna, selftest)
    bram.get(f"/zelftest/verder/{token}/")
    _login(anna, user_a.email)
    anna.post(f"/zelftest/{selftest.public_id}/bewaren/")
    question = screens(selftest)[0].questions[0]
    response = bram.post(f"/zelftest/{selftest.public_id}/antwoord/",
                         {"key": question.key, question.key: "3"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_claiming_asks_first_and_says_a_planted_link_came_from_elsewhere(client_a, user_a):
    stranger = Client()
    planted = start(stranger)
    client_a.get(f"/zelftest/verder/{resume_token(stranger, planted)}/")
    assert "Bewaar de zelftest van" in client_a.get("/mijn/").content.decode()

    page = client_a.get(f"/zelftest/{planted.public_id}/bewaren/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "via een privélink" in text and "Deze zelftest is begonnen op" in text
    assert SelfTest.objects.get(pk=planted.pk).owner is None  # asking changed nothing

    own_browser = Client()  # started in this browser, which then logs in
    mine = start(own_browser)
    _login(own_browser, user_a.email)
    text = own_browser.get(f"/zelftest/{mine.public_id}/bewaren/").content.decode()
    assert "in deze browser begonnen" in text and "via een privélink" not in text


def test_the_link_holder_can_withdraw_a_link_and_gets_a_new_one(anna):
    selftest = start(anna)
    old = resume_token(anna, selftest)
    response = anna.post(f"/zelftest/{selftest.public_id}/nieuwe-link/")
    assert response.status_code == 302
    new = resume_token(anna, selftest)
    assert new != old
    assert Client().get(f"/zelftest/verder/{old}/").status_code == 404
    assert Client().get(f"/zelftest/verder/{new}/").status_code == 302
    assert anna.get(f"/zelftest/{selftest.public_id}/").status_code == 200
