"""Data rights: everything about me as a download, and a hard delete of my account."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from axes.models import AccessAttempt
from django.test import Client
from typer.testing import CliRunner

from conftest import PASSWORD
from verbinding.cli import app
from verbinding.web.accounts import datarights
from verbinding.web.accounts.models import User
from verbinding.web.assessments.models import Answer, ResearchConsent, SelfTest
from web.selftest_helpers import answer_all, leaning, start

runner = CliRunner()


@pytest.fixture
def anna_made_things(client_a, user_a):
    """A submitted self-test with a named person, so answers, results and charts exist."""
    selftest = start(client_a, ["persoon"], name="Tante Jo")
    answer_all(client_a, selftest, leaning({"veilig"}))
    client_a.post(f"/zelftest/{selftest.public_id}/afronden/")
    return selftest


@pytest.fixture
def bas_made_things(client_b):
    selftest = start(client_b, [])
    answer_all(client_b, selftest, leaning({"angstig"}))
    return selftest


def _owned_counts(user, for_export: bool = False) -> dict[str, int]:
    counts = {}
    for table in datarights.owned_tables():
        count = table.rows_for(user, for_export=for_export).count()
        if count:
            counts[table.name] = count
    return counts


def test_the_foreign_key_walk_finds_the_self_test_tables(db):
    names = {table.name for table in datarights.owned_tables()}
    assert {"assessments.selftest", "assessments.assessment", "assessments.answer",
            "assessments.result", "assessments.selftestreport"} <= names
    assert not any(name.startswith(("axes.", "sessions.", "auth.")) for name in names)


def test_the_export_holds_every_record_i_made_and_nothing_of_others(
    client_a, user_a, anna_made_things, bas_made_things
):
    response = client_a.get("/account/mijn-gegevens.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == user_a.email
    assert "password" not in data["account"]
    exported = {name: len(rows) for name, rows in data["tables"].items()}
    assert exported == _owned_counts(user_a)
    assert exported["assessments.answer"] == Answer.objects.filter(
        assessment__selftest__owner=user_a).count()
    text = response.content.decode()
    assert "Tante Jo" in text  # encrypted at rest, readable in the person's own export
    assert "token_hash" not in text
    assert str(bas_made_things.public_id) not in text


def test_the_zip_has_a_csv_per_table(client_a, anna_made_things):
    response = client_a.get("/account/mijn-gegevens.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"alles.json", "account.csv", "assessments_answer.csv"} <= names
    header = archive.read("assessments_answer.csv").decode().splitlines()[0]
    assert header.split(",")[:3] == ["id", "assessment_id", "item_id"]


def test_deleting_needs_the_password_and_leaves_nothing_behind(
    client_a, user_a, anna_made_things, bas_made_things, user_b
):
    AccessAttempt.objects.create(username=user_a.email, ip_address="127.0.0.1",
                                 user_agent="test", failures_since_start=1)
    response = client_a.post("/account/verwijderen/", {"password": "niet-het-goede"})
    assert response.status_code == 400
    assert "Dit wachtwoord klopt niet" in response.content.decode()
    assert User.objects.filter(pk=user_a.pk).exists()

    user_id = user_a.pk
    response = client_a.post("/account/verwijderen/", {"password": PASSWORD})
    assert response.status_code == 200
    assert "Je account is gewist" in response.content.decode()
    assert not User.objects.filter(pk=user_id).exists()
    assert list(datarights.remaining_rows(user_id)) == []
    assert not SelfTest.objects.filter(pk=anna_made_things.pk).exists()
    assert not AccessAttempt.objects.filter(username=user_a.email).exists()
    # Bas keeps everything.
    assert SelfTest.objects.filter(pk=bas_made_things.pk).exists()
    assert Client().post("/account/inloggen/", {"username": user_a.email,
                                                "password": PASSWORD}).status_code == 200


def test_the_operator_exports_a_user_to_a_private_file(tmp_path, user_a, anna_made_things):
    target = tmp_path / "anna.json"
    result = runner.invoke(app, ["export-user", "ANNA@example.nl", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"
    data = json.loads(target.read_text())
    assert {name: len(rows) for name, rows in data["tables"].items()} == _owned_counts(user_a)
    zipped = tmp_path / "anna.zip"
    assert runner.invoke(app, ["export-user", user_a.email, "-o", str(zipped)]).exit_code == 0
    assert "alles.json" in zipfile.ZipFile(zipped).namelist()


def test_the_operator_commands_refuse_an_unknown_address(tmp_path, db):
    target = tmp_path / "x.json"
    result = runner.invoke(app, ["export-user", "niemand@example.nl", "-o", str(target)])
    assert result.exit_code == 1
    assert "Geen account met het e-mailadres niemand@example.nl" in result.output
    assert not target.exists()
    assert runner.invoke(app, ["delete-user", "niemand@example.nl", "--yes"]).exit_code == 1


def test_the_operator_deletes_a_user_after_confirmation(user_a, anna_made_things, user_b):
    result = runner.invoke(app, ["delete-user", user_a.email], input="n\n")
    assert result.exit_code == 1 and User.objects.filter(pk=user_a.pk).exists()
    user_id = user_a.pk
    result = runner.invoke(app, ["delete-user", user_a.email, "--yes"])
    assert result.exit_code == 0, result.output
    assert list(datarights.remaining_rows(user_id)) == []
    assert User.objects.filter(pk=user_b.pk).exists()


@pytest.fixture
def everything_of_anna(user_a, anna_made_things):
    """One record in every table that belongs to a person (besides the self-test above)."""
    from django.utils import timezone

    from verbinding.web.journal.models import CardReading, DiaryEntry, Interaction, SignRating
    from verbinding.web.practice.models import PlanItem, PracticeSession
    from verbinding.web.reminders.models import ReminderDelivery, ReminderSettings

    now = timezone.now()
    item = PlanItem.objects.create(user=user_a, exercise_id="veilig-x", times_per_week=2)
    PracticeSession.objects.create(user=user_a, exercise_id="veilig-x", style="veilig",
                                   started_at=now, reflection="Het ging rustiger dan ik dacht",
                                   plan_item=item)
    DiaryEntry.objects.create(user=user_a, text="Vandaag durfde ik het te zeggen")
    SignRating.objects.create(user=user_a, week=timezone.localdate(), sign_id="s", value=2)
    Interaction.objects.create(user=user_a, kind="positive")
    CardReading.objects.create(user=user_a)
    ReminderSettings.objects.create(user=user_a, card_times=["08:00"])
    ReminderDelivery.objects.create(user=user_a, moment=now, kind="card")
    _anna_in_a_practice(user_a)
    # She gave this self-test to research (the export itself never names her).
    ResearchConsent.objects.create(selftest=anna_made_things, text_version="1")
    return user_a


def _anna_in_a_practice(user_a) -> None:
    """Anna shares with a therapist, who looked, asked a retake and wrote a note."""
    from verbinding.web.accounts.models import Role
    from verbinding.web.clinic import services

    therapist = User.objects.create_user("th@praktijk.nl", PASSWORD, role=Role.THERAPIST)
    _, token = services.create_invitation(therapist, "Anna van dinsdag")
    sharing = services.accept_invitation(token, user_a, {"share_profiles": True})
    services.record(therapist, user_a, "view", "cliëntpagina")
    services.ask_retake(sharing)
    services.add_note(sharing, "Alleen-voor-de-therapeut")


def test_every_table_of_a_person_is_in_the_export_and_gone_after_delete(
    client_a, everything_of_anna, bas_made_things
):
    every_table = {table.name for table in datarights.owned_tables()}
    # The fixture must cover every table; a new table fails here until it is added above.
    assert set(_owned_counts(everything_of_anna)) == every_table
    data = json.loads(client_a.get("/account/mijn-gegevens.json").content)
    # The practice's file on Anna (its record, the therapist's notes) and the invitation
    # with the therapist's own label for her are not hers to read.
    assert set(data["tables"]) == every_table - {
        "clinic.therapistnote", "clinic.invitation", "clinic.clientrecord"}
    expected = _owned_counts(everything_of_anna, for_export=True)
    assert {name: len(rows) for name, rows in data["tables"].items()} == expected
    text = json.dumps(data, ensure_ascii=False)
    assert "Vandaag durfde ik het te zeggen" in text
    assert "Het ging rustiger dan ik dacht" in text
    assert "Alleen-voor-de-therapeut" not in text

    user_id = everything_of_anna.pk
    client_a.post("/account/verwijderen/", {"password": PASSWORD})
    assert list(datarights.remaining_rows(user_id)) == []
    assert SelfTest.objects.filter(pk=bas_made_things.pk).exists()


def test_the_export_leaves_out_the_therapists_private_invitation_label(client_a, user_a):
    """The name a therapist gave an invitation ("alleen voor jou") is the therapist's own
    word about the client, like a note: not in the client's export."""
    from verbinding.web.accounts.models import Role
    from verbinding.web.clinic import services

    therapist = User.objects.create_user("th@praktijk.nl", PASSWORD, role=Role.THERAPIST)
    _, token = services.create_invitation(therapist, "Anna-van-dinsdag-lastig")
    services.accept_invitation(token, user_a, {"share_profiles": True})
    for url in ("/account/mijn-gegevens.json", "/account/mijn-gegevens.zip"):
        body = client_a.get(url).content
        if url.endswith(".zip"):
            body = zipfile.ZipFile(io.BytesIO(body)).read("alles.json")
        assert "Anna-van-dinsdag-lastig" not in body.decode(), url
    assert "Anna-van-dinsdag-lastig" not in json.dumps(datarights.export_user(user_a))
