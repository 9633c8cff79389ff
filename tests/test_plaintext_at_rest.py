"""No text a person or therapist typed reaches the database files or a backup in the clear.

Every field anyone can type free text into gets its own marker, through the same door a
person uses (form, API, command line). Then the raw database files (SQLite file and
write-ahead log; PostgreSQL data files and WAL after a checkpoint) and every member of a
backup archive are searched for the markers. E-mail addresses are not in scope: they are
the login name and are looked up in SQL by design (see docs/security.md).
"""

from __future__ import annotations

import gzip
import json
import secrets
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from clinic_personas import share
from conftest import PASSWORD
from rawdb import database_bytes
from verbinding.cli import app
from verbinding.web.accounts.models import User
from verbinding.web.assessments.models import Assessment, SelfTest
from web.practice.helpers import start_session
from web.selftest_helpers import answer_all, leaning, start

pytestmark = pytest.mark.django_db(transaction=True)
API = "/api/v1"


def _marker(field: str) -> str:
    """Short (a plane label shows at most 22 characters), unique, plain letters."""
    return f"Mk{field}{secrets.token_hex(4)}"


def _type_everything(markers: dict[str, str], user_a: User, client_a: Client,
                     ada_client: Client, tineke: User, tineke_client: Client) -> None:
    """Each marker typed into its field by the person who types there."""
    signup = {"email": "noor@example.nl", "display_name": markers["signup_name"],
              "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on"}
    assert Client().post("/account/aanmaken/", signup).status_code == 302
    assert client_a.post("/account/", {"display_name": markers["profile_name"]}).status_code == 302
    staff = {"email": "nel@praktijk.nl", "name": markers["staff_name"]}
    assert ada_client.post("/praktijk/beheer/", staff).status_code in (200, 302)
    result = CliRunner().invoke(app, ["create-therapist", "kees@praktijk.nl", "--no-send",
                                      "--name", markers["cli_name"]])
    assert result.exit_code == 0, result.output

    # A named person, through the self-test pages and through the API.
    selftest = start(client_a, ["persoon"], name=markers["person"])
    answer_all(client_a, selftest, leaning({"angstig"}))
    assert client_a.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    _named_person_through_the_api(markers["api_person"])

    diary = {"date": timezone.localdate().isoformat(), "exercise_id": "", "words": [],
             "own_words": markers["diary_words"], "intensity": "5",
             "body_sensations": markers["diary_body"], "text": markers["diary_text"]}
    assert client_a.post("/dagboek/nieuw/", diary).status_code == 302
    session = start_session(client_a, "vm-gevoelswoorden")
    assert client_a.post(f"/oefenen/sessie/{session}/oefening/",
                         {"woorden": ["kalm"], "reflectie": markers["reflection"]}
                         ).status_code == 302

    assert tineke_client.post("/praktijk/uitnodigingen/",
                              {"label": markers["invitation"]}).status_code == 200
    sharing = share(user_a, tineke)
    assert tineke_client.post(f"/praktijk/clienten/{sharing.public_id}/notities/",
                              {"text": markers["note"]}).status_code == 302


def _named_person_through_the_api(name: str) -> None:
    api = Client()
    body = {"instrument": "relatie", "target": "persoon", "target_name": name}
    created = api.post(f"{API}/assessments", body, content_type="application/json").json()
    headers = {"Authorization": f"Bearer {created['token']}"}
    for item in created["items"]:
        response = api.put(f"{API}/assessments/{created['id']}/answers/{item['id']}",
                           json.dumps({"value": 6}), content_type="application/json",
                           headers=headers)
        assert response.status_code == 200
    submitted = api.post(f"{API}/assessments/{created['id']}/submit", headers=headers)
    assert submitted.status_code == 200, submitted.content


def _backup_members(path: Path) -> dict[str, bytes]:
    """Every member of the archive, uncompressed (a gzip member is opened too)."""
    with tarfile.open(path) as tar:
        members = {info.name: tar.extractfile(info).read() for info in tar if info.isfile()}
    return {name: gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            for name, data in members.items()}


def _found(markers: dict[str, str], where: dict[str, bytes]) -> list[str]:
    return sorted(f"{field} in {place}" for field, marker in markers.items()
                  for place, data in where.items() if marker.encode() in data)


def test_no_typed_text_reaches_the_database_or_a_backup_in_the_clear(
    tmp_path, user_a, client_a, ada_client, tineke, tineke_client
) -> None:
    fields = ("signup_name", "profile_name", "staff_name", "cli_name", "person", "api_person",
              "diary_words", "diary_body", "diary_text", "reflection", "invitation", "note")
    markers = {field: _marker(field) for field in fields}
    _type_everything(markers, user_a, client_a, ada_client, tineke, tineke_client)

    # The app itself still reads every one of them back (the test typed where it meant to).
    assert User.objects.get(email="noor@example.nl").display_name == markers["signup_name"]
    assert User.objects.get(pk=user_a.pk).display_name == markers["profile_name"]
    persons = {a.target_name for a in Assessment.objects.filter(target="persoon")}
    assert persons == {markers["person"], markers["api_person"]}
    assert SelfTest.objects.filter(report__isnull=False).count() == 2

    places = {"database": database_bytes()}
    archive = tmp_path / "backup.tar.gz"
    result = CliRunner().invoke(app, ["backup", str(archive)])
    assert result.exit_code == 0, result.output
    places |= {f"backup:{name}": data for name, data in _backup_members(archive).items()}
    found = _found(markers, places)
    assert found == [], "\n".join(found)


# --- rows stored in the clear before this release --------------------------------------

BEFORE = [("accounts", "0002_email_verification_and_privacy_consent"),
          ("assessments", "0003_charts_without_inline_styles")]


def _migrate(targets: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], Any]:
    """Migrate to `targets`; the latest migrations (to come back to) and the models
    as they were at `targets`."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return latest, executor.loader.project_state(targets).apps


def _table_bytes(tables: list[str]) -> bytes:
    """The files of `tables` (SQLite: the whole database and its log). On PostgreSQL
    only the tables' own files (and their TOAST files): the write-ahead log keeps the
    plain inserts this test makes until the server recycles it, see docs/security.md."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return database_bytes()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SHOW data_directory")
        root = Path(cursor.fetchone()[0])
        paths = []
        for table in tables:
            cursor.execute("SELECT pg_relation_filepath(%s), pg_relation_filepath("
                           "(SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass))",
                           [table, table])
            paths += [root / p for p in cursor.fetchone() if p]
    return b"".join(p.read_bytes() for p in paths if p.exists())


def test_the_migrations_encrypt_names_and_plane_charts_stored_in_the_clear_and_leave_no_copy(
) -> None:
    from django.db import connection

    latest, old = _migrate(BEFORE)
    name, person = _marker("oldname"), _marker("oldperson")
    user = old.get_model("accounts", "User").objects.create(
        email="oud@example.nl", password="!", display_name=name)
    selftest = old.get_model("assessments", "SelfTest").objects.create(
        owner_id=user.pk, token_hash=secrets.token_hex(32))
    old.get_model("assessments", "SelfTestReport").objects.create(
        selftest=selftest, profile_svg="<svg/>", profile_alt="profiel",
        plane_svg=f"<svg><text>{person}</text></svg>", plane_alt=f"{person}: angst 4,0")
    connection.close()  # the old rows are really written out before the migration runs
    assert name.encode() in _table_bytes(["accounts_user"])
    if connection.vendor == "sqlite":  # as built elsewhere than Debian: freed pages kept
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = OFF")

    _migrate(latest)
    assert User.objects.get(email="oud@example.nl").display_name == name
    report = SelfTest.objects.get(pk=selftest.pk).report
    assert person in report.plane_svg and report.plane_alt.startswith(person)
    raw = _table_bytes(["accounts_user", "assessments_selftestreport"])
    assert name.encode() not in raw and person.encode() not in raw
