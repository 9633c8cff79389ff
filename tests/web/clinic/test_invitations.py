"""Invitations: single use, fourteen days, refused with a clear message otherwise."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.utils import timezone

from verbinding.web.clinic import services
from verbinding.web.clinic.models import Invitation, Sharing

EVERYTHING_BUT_DIARY = {"share_profiles": "1", "share_signs": "1", "share_reactions": "1",
                        "share_practice": "1"}


def _new_link(therapist_client) -> str:
    html = therapist_client.post("/praktijk/uitnodigingen/", {"label": "groep"}).content.decode()
    return re.search(r'value="http://testserver(/uitnodiging/[^"]+/)"', html).group(1)


def test_the_token_is_shown_once_and_only_its_hash_is_kept(tineke_client) -> None:
    path = _new_link(tineke_client)
    token = path.split("/")[2]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=14)
    listing = tineke_client.get("/praktijk/uitnodigingen/").content.decode()
    assert token not in listing
    assert "open tot" in listing


def test_a_visitor_without_account_is_asked_to_make_one_first(tineke_client, outsider) -> None:
    path = _new_link(tineke_client)
    html = outsider.get(path).content.decode()
    assert "Maak een account" in html
    assert f"next={path}" in html
    assert outsider.post(path, EVERYTHING_BUT_DIARY).status_code == 200
    assert not Sharing.objects.exists()


def test_the_consent_page_shows_every_choice_with_the_diary_off(tineke_client, client_a):
    html = client_a.get(_new_link(tineke_client)).content.decode()
    for label in ("Profielen en herhalingen van de zelftest", "Tekenen dat het beter gaat",
                  "Reacties en herstelpogingen", "Oefeningen die je deed", "Je dagboek"):
        assert label in html
    assert re.search(r'name="share_diary" value="1">', html)  # not checked
    assert re.search(r'name="share_profiles" value="1" checked>', html)


def test_agreeing_starts_the_sharing_and_uses_the_link(tineke_client, client_a, user_a):
    path = _new_link(tineke_client)
    response = client_a.post(path, EVERYTHING_BUT_DIARY)
    assert response["Location"] == "/mijn/delen/"
    sharing = Sharing.objects.get(client=user_a)
    assert not sharing.share_diary and sharing.share_profiles
    assert Invitation.objects.get().used_by == user_a
    again = client_a.get(path)
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()


def test_a_used_link_cannot_be_used_by_someone_else(tineke_client, client_a, client_b, user_b):
    path = _new_link(tineke_client)
    client_a.post(path, EVERYTHING_BUT_DIARY)
    response = client_b.post(path, EVERYTHING_BUT_DIARY)
    assert response.status_code == 410
    assert not Sharing.objects.filter(client=user_b).exists()


def test_an_expired_link_is_refused(tineke_client, client_a) -> None:
    path = _new_link(tineke_client)
    with time_machine.travel(timezone.now() + dt.timedelta(days=14, minutes=1)):
        response = client_a.post(path, EVERYTHING_BUT_DIARY)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not Sharing.objects.exists()


def test_an_unknown_link_says_so_kindly(client_a) -> None:
    response = client_a.get("/uitnodiging/dit-bestaat-niet/")
    assert response.status_code == 410
    assert "kennen we niet" in response.content.decode()


def test_a_second_invitation_of_the_same_therapist_updates_the_choices(tineke, user_a) -> None:
    _, first = services.create_invitation(tineke)
    services.accept_invitation(first, user_a, {"share_profiles": True})
    _, second = services.create_invitation(tineke)
    services.accept_invitation(second, user_a, {"share_diary": True})
    sharing = Sharing.objects.active().get(client=user_a)
    assert (sharing.share_profiles, sharing.share_diary) == (False, True)


def test_an_invitation_of_someone_no_longer_a_therapist_is_refused(tineke, client_a) -> None:
    _, token = services.create_invitation(tineke)
    tineke.role = "client"
    tineke.save()
    assert client_a.get(f"/uitnodiging/{token}/").status_code == 410


def test_a_clinic_account_cannot_become_a_client(tineke_client, otto_client, otto) -> None:
    path = _new_link(tineke_client)
    response = otto_client.post(path, EVERYTHING_BUT_DIARY)
    assert response.status_code == 410
    assert "Een uitnodiging is voor cliënten" in response.content.decode()
    assert not Sharing.objects.exists()
    assert Invitation.objects.get().used_at is None
