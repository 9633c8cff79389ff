"""Control characters are refused wherever a person types, before anything is stored.

A NUL, an escape or a noncharacter in a name broke every PDF of that self-test, and on
PostgreSQL a NUL makes the row impossible to save. Every form and API string field gets
one clear sentence instead (web/textrules.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from verbinding.web.accounts.models import User
from verbinding.web.assessments.models import SelfTest
from verbinding.web.clinic.models import Invitation, TherapistNote
from verbinding.web.journal.models import DiaryEntry
from verbinding.web.practice.models import PracticeSession
from verbinding.web.textrules import text_problem
from web.practice.helpers import start_session

# In the middle: a form strips whitespace (NEL, U+0085, is whitespace) at the ends.
BAD = ["No\x00or", "No\x01or", "\x1b[31mNoor", "No\ufffeor", "No\ufdd0or", "No\x7for",
       "No\x85or", "No\U0010ffffor"]
REFUSED = "onzichtbaar teken"
ONE_LINE = "één regel"


@pytest.mark.parametrize("text", BAD)
def test_text_rules_refuse_control_characters_and_noncharacters(text: str) -> None:
    assert text_problem(text) and text_problem(text, multiline=True)


def test_text_rules_allow_line_breaks_only_where_text_has_lines() -> None:
    assert text_problem("Noor\nBakker") and text_problem("Noor\tBakker")
    assert text_problem("eerste regel\r\ntweede\tregel", multiline=True) == ""
    assert text_problem("Zoë, Ärger, 😀 en ’t") == ""


@pytest.mark.parametrize("name", BAD)
def test_sign_up_refuses_a_name_with_control_characters(outsider: Client, name: str) -> None:
    response = outsider.post("/account/aanmaken/", {
        "email": "noor@example.nl", "display_name": name,
        "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on",
    })
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not User.objects.exists()


def test_settings_refuse_a_display_name_with_a_nul_or_a_line_break(client_a: Client,
                                                                    user_a: User) -> None:
    for name, message in (("Anna\x00", REFUSED), ("Anna\nB", ONE_LINE)):
        response = client_a.post("/account/", {"display_name": name})
        assert response.status_code == 200 and message in response.content.decode()
    user_a.refresh_from_db()
    assert user_a.display_name == "Anna"


def test_login_with_a_nul_in_the_address_is_a_sentence_not_a_crash(outsider: Client,
                                                                    user_a: User) -> None:
    response = outsider.post("/account/inloggen/",
                             {"username": "anna\x00@example.nl", "password": PASSWORD})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()


def test_the_self_test_refuses_a_person_name_with_an_escape(anna: Client) -> None:
    response = anna.post("/zelftest/", {"targets": ["persoon"], "person_name": "\x1b[2JOma"})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not SelfTest.objects.exists()


@pytest.mark.parametrize("field", ["target_name", "target", "instrument", "language"])
def test_the_api_refuses_control_characters_in_every_string(anna: Client, field: str) -> None:
    payload = {"instrument": "relatie", "target": "persoon", "target_name": "Oma"}
    payload[field] = payload.get(field, "nl") + "\x00"
    response = anna.post("/api/v1/assessments", payload, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert not SelfTest.objects.exists()


def test_the_api_refuses_a_lone_surrogate(anna: Client) -> None:
    body = '{"instrument": "relatie", "target": "persoon", "target_name": "Oma\\ud800"}'
    response = anna.post("/api/v1/assessments", body, content_type="application/json")
    assert response.status_code == 422
    assert not SelfTest.objects.exists()


def _diary(**changes: str) -> dict[str, str]:
    form = {"date": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "exercise_id": "", "own_words": "", "intensity": "4", "body_sensations": "",
            "text": "Rustig."}
    form.update(changes)
    return form


@pytest.mark.parametrize("field, value, message", [
    ("text", "Vandaag\x0bmorgen", REFUSED),
    ("body_sensations", "warm\x00", REFUSED),
    ("own_words", "blij\nbang", ONE_LINE),
])
def test_the_diary_refuses_control_characters_in_each_text_field(
        client_a: Client, field: str, value: str, message: str) -> None:
    response = client_a.post("/dagboek/nieuw/", _diary(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_the_diary_keeps_line_breaks_and_tabs_in_its_text(client_a: Client) -> None:
    response = client_a.post("/dagboek/nieuw/", _diary(text="Eerste regel\r\n\tTweede"))
    assert response.status_code == 302
    assert DiaryEntry.objects.get().text == "Eerste regel\r\n\tTweede"


def test_a_reflection_with_a_nul_is_refused_and_nothing_is_saved(client_a: Client) -> None:
    pk = start_session(client_a, "vm-gevoelswoorden")
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/",
                             {"woorden": ["paniekerig"], "reflectie": "Het ging\x00 goed"})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    session = PracticeSession.objects.get(pk=pk)
    assert session.reflection == "" and session.words == []


def test_a_therapist_note_with_an_escape_is_refused(tineke_client: Client, anna_shares) -> None:
    response = tineke_client.post(
        f"/praktijk/clienten/{anna_shares.public_id}/notities/", {"text": "Let op\x1b[0m"},
        follow=True)
    assert REFUSED in response.content.decode()
    assert not TherapistNote.objects.exists()


def test_an_invitation_label_with_a_control_character_is_refused(tineke_client: Client) -> None:
    response = tineke_client.post("/praktijk/uitnodigingen/", {"label": "Cliënt\x07"})
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_new_therapist_name_with_a_control_character_is_refused(ada_client: Client) -> None:
    response = ada_client.post("/praktijk/beheer/",
                               {"email": "nel@praktijk.nl", "name": "Nel\x00"})
    assert REFUSED in response.content.decode()
    assert not User.objects.filter(email="nel@praktijk.nl").exists()
