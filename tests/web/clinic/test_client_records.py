"""The clinic's file: notes and the audit trail belong to the clinic, are kept after
the sharing ends or the client's account is deleted, and stay with a pseudonymous record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from conftest import PASSWORD
from verbinding.web.accounts import datarights
from verbinding.web.accounts.models import User
from verbinding.web.clinic import services
from verbinding.web.clinic.models import AuditEvent, ClientRecord, TherapistNote

Action = AuditEvent.Action
NOTE = "Spanning-rond-vader-besproken"


def _write_note(tineke_client: Client, sharing) -> None:
    url = f"/praktijk/clienten/{sharing.public_id}/notities/"
    assert tineke_client.post(url, {"text": NOTE}).status_code == 302


def _file_url(sharing) -> str:
    file = ClientRecord.objects.get(therapist=sharing.therapist, client=sharing.client)
    return f"/praktijk/dossiers/{file.public_id}/"


def test_the_therapist_still_reads_their_notes_after_sharing_ends(
    tineke_client, client_a, anna_shares
) -> None:
    _write_note(tineke_client, anna_shares)
    file_url = _file_url(anna_shares)
    assert client_a.post(f"/mijn/delen/{anna_shares.public_id}/stoppen/").status_code == 302

    assert tineke_client.get(f"/praktijk/clienten/{anna_shares.public_id}/").status_code == 404
    page = tineke_client.get(file_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert NOTE in html
    assert "delen gestopt" in html  # the log of what was shared and when is in the file
    assert "deelt niet meer met je" in html
    assert ClientRecord.objects.get(client=anna_shares.client).closed_at is not None


def test_another_therapist_cannot_open_the_file(tineke_client, otto_client, anna_shares) -> None:
    _write_note(tineke_client, anna_shares)
    response = otto_client.get(_file_url(anna_shares))
    assert response.status_code == 404
    assert NOTE not in response.content.decode()


def test_deleting_the_account_keeps_the_clinic_file_under_a_pseudonym(
    tineke_client, client_a, user_a, tineke, ada_client
) -> None:
    _, token = services.create_invitation(tineke, "Mevrouw A. (dinsdag)")
    sharing = services.accept_invitation(token, user_a, {"share_profiles": True})
    _write_note(tineke_client, sharing)
    assert tineke_client.get(f"/praktijk/clienten/{sharing.public_id}/").status_code == 200
    file = ClientRecord.objects.get(therapist=tineke, client=user_a)
    user_id = user_a.pk

    assert client_a.post("/account/verwijderen/", {"password": PASSWORD}).status_code == 200

    assert not User.objects.filter(pk=user_id).exists()
    assert list(datarights.remaining_rows(user_id)) == []  # nothing points at her any more
    file.refresh_from_db()
    assert file.client is None and file.closed_at is not None
    assert TherapistNote.objects.get(client_record=file).text == NOTE
    looked = file.events.filter(actor=tineke, action=Action.VIEW)
    assert looked.exists()
    html = tineke_client.get(f"/praktijk/dossiers/{file.public_id}/").content.decode()
    assert NOTE in html and "Mevrouw A. (dinsdag)" in html and "account verwijderd" in html
    # The clinic's log still has every line, now under the record's pseudonym only.
    csv = ada_client.get("/praktijk/beheer/logboek.csv").content.decode()
    assert "anna@example.nl" not in csv
    assert file.reference in csv


def test_invitations_and_consent_changes_are_in_the_audit_trail(
    tineke_client, client_a, user_a, tineke
) -> None:
    made = tineke_client.post("/praktijk/uitnodigingen/", {"label": "A"})
    link = made.content.decode().split("/uitnodiging/")[1].split("/")[0]
    client_a.post(f"/uitnodiging/{link}/", {"share_profiles": "1"})
    sharing = user_a.sharings.get()
    client_a.post(f"/mijn/delen/{sharing.public_id}/", {"share_profiles": "1",
                                                       "share_diary": "1"})
    client_a.post(f"/mijn/delen/{sharing.public_id}/stoppen/")
    lines = list(AuditEvent.objects.exclude(action__in=[Action.LOGIN]).order_by("at", "id")
                 .values_list("actor_email", "action", "what"))
    assert lines == [
        ("tineke@praktijk.nl", "invitation", "uitnodiging gemaakt"),
        ("anna@example.nl", "invitation", "uitnodiging aangenomen; gedeeld: profielen"),
        ("anna@example.nl", "consent", "keuzes gewijzigd; gedeeld: profielen, dagboek"),
        ("anna@example.nl", "consent", "delen gestopt"),
    ]
    file = ClientRecord.objects.get(therapist=tineke, client=user_a)
    assert file.events.count() == 3  # the consent lines are in the file on Anna


def test_logins_logouts_and_failed_logins_are_in_the_audit_trail(user_a, tineke) -> None:
    browser = Client()
    browser.post("/account/inloggen/", {"username": tineke.email, "password": "fout-fout-fout"})
    browser.post("/account/inloggen/", {"username": "geheim-wachtwoord-123", "password": "x"})
    browser.post("/account/inloggen/", {"username": user_a.email, "password": PASSWORD})
    browser.post("/account/uitloggen/")
    lines = list(AuditEvent.objects.order_by("at", "id").values_list("actor_email", "action"))
    assert lines == [
        ("tineke@praktijk.nl", "login_failed"),
        ("", "login_failed"),  # an address without an account: what was typed is not kept
        ("anna@example.nl", "login"),
        ("anna@example.nl", "logout"),
    ]
    assert not AuditEvent.objects.filter(actor_email__contains="geheim").exists()


@pytest.mark.django_db(transaction=True)
def test_existing_notes_and_audit_lines_are_attached_to_client_records() -> None:
    """The data migration: notes and lines written before client records existed."""
    before, after = ("clinic", "0002_instrument_check_snapshots"), ("clinic", "0005_notes_"
                                                                         "belong_to_client_records")
    executor = MigrationExecutor(connection)
    # Accounts stay as they are now (their table keeps its newer columns), so the users
    # are made with today's account model and the clinic tables as they were.
    accounts_now = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "accounts"]
    executor.migrate([before])
    old = executor.loader.project_state([before, *accounts_now]).apps
    users = old.get_model("accounts", "User")
    now = timezone.now()
    therapist = users.objects.create(email="t@praktijk.nl", role="therapist")
    client = users.objects.create(email="c@example.nl", role="client")
    old.get_model("clinic", "Invitation").objects.create(
        therapist=therapist, token_hash="x" * 64, label="C. uit Zeist",
        expires_at=now + dt.timedelta(days=14), used_by=client, used_at=now - dt.timedelta(days=2))
    old.get_model("clinic", "Sharing").objects.create(
        therapist=therapist, client=client, ended_at=now - dt.timedelta(days=1))
    old.get_model("clinic", "TherapistNote").objects.create(
        therapist=therapist, client=client, text="oude notitie")
    old.get_model("clinic", "AuditEvent").objects.create(
        actor=therapist, actor_email=therapist.email, client=client, action="view", what="x")

    executor = MigrationExecutor(connection)
    executor.migrate([after])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    file = ClientRecord.objects.get()
    assert (file.therapist_id, file.client_id, file.label) == (therapist.pk, client.pk,
                                                               "C. uit Zeist")
    assert file.closed_at is not None  # nobody shares any more
    assert TherapistNote.objects.get().client_record == file
    assert AuditEvent.objects.get().client_record == file


def test_the_person_reads_the_split_when_sharing_and_when_deleting(
    client_a, tineke, anna_shares
) -> None:
    _, token = services.create_invitation(tineke)
    consent = client_a.get(f"/uitnodiging/{token}/").content.decode()
    assert "Wat je zelf bijhoudt, blijft van jou" in consent
    assert "De praktijk houdt een eigen dossier bij" in consent
    delete = client_a.get("/account/verwijderen/").content.decode()
    assert "Dat dossier blijft bij de praktijk" in delete


def test_someone_who_never_shared_is_not_told_about_a_clinic_file(client_b) -> None:
    assert "dossier" not in client_b.get("/account/verwijderen/").content.decode()


def test_a_removed_therapist_does_not_take_the_clinic_file_along(
    tineke_client, tineke, anna_shares
) -> None:
    _write_note(tineke_client, anna_shares)
    tineke_client.get(f"/praktijk/clienten/{anna_shares.public_id}/")  # one audited look
    file = ClientRecord.objects.get(therapist=tineke)
    tineke_id = tineke.pk
    datarights.delete_user(tineke)
    assert list(datarights.remaining_rows(tineke_id)) == []
    file.refresh_from_db()
    assert file.therapist is None
    assert TherapistNote.objects.get(client_record=file).text == NOTE
    assert file.events.filter(actor_email="tineke@praktijk.nl").exists()
