"""`verbinding backup` and `verbinding restore`: an exact round trip, refusals that change
nothing, and the encryption key kept apart unless asked for.

The same tests run on SQLite (the default) and on PostgreSQL (DATABASE_URL). They are
transactional: the commands open their own connections and must see committed data.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.db import connection
from typer.testing import CliRunner

from conftest import PASSWORD
from verbinding import crypto
from verbinding.backup import KEY_MEMBER, MANIFEST, SIGNATURE, sign_manifest
from verbinding.cli import app
from verbinding.config import data_dir
from verbinding.web.accounts.models import User
from verbinding.web.journal.models import DiaryEntry
from web.selftest_helpers import answer_all, leaning, start

pytestmark = pytest.mark.usefixtures("transactional_db")
runner = CliRunner()


@pytest.fixture(autouse=True)
def keys(tmp_path, monkeypatch) -> Path:
    """A key directory of this test's own, so key files can be removed and replaced."""
    folder = tmp_path / "data"
    monkeypatch.setenv("VERBINDING_DATA_DIR", str(folder))
    monkeypatch.delenv(crypto.ENV_NAME, raising=False)
    crypto.reset_cache()
    yield folder
    crypto.reset_cache()


@pytest.fixture
def practice(keys, client_a, user_a, client_b, anna):
    """Rows in nearly every table: self-tests (anonymous and owned, submitted), diary,
    practice, reminders, a therapist with a second factor, a sharing with a note."""
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from verbinding.web.accounts.models import Role
    from verbinding.web.clinic import services
    from verbinding.web.journal.models import Interaction, SignRating
    from verbinding.web.practice.models import PlanItem, PracticeSession
    from verbinding.web.reminders.models import ReminderSettings

    mine = start(client_a, ["persoon"], name="Tante Jo")
    answer_all(client_a, mine, leaning({"veilig"}))
    client_a.post(f"/zelftest/{mine.public_id}/afronden/")
    anonymous = start(anna, [])
    answer_all(anna, anonymous, leaning({"angstig"}))
    item = PlanItem.objects.create(user=user_a, exercise_id="veilig-x", times_per_week=2)
    PracticeSession.objects.create(user=user_a, exercise_id="veilig-x", style="veilig",
                                   started_at=timezone.now(), reflection="Rustiger dan gedacht",
                                   plan_item=item)
    DiaryEntry.objects.create(user=user_a, text="Vandaag durfde ik het te zeggen")
    DiaryEntry.objects.create(user=user_a, text="Regel één\nregel twee\t\\ met ‘tekens’")
    SignRating.objects.create(user=user_a, week=timezone.localdate(), sign_id="s", value=2)
    Interaction.objects.create(user=user_a, kind="positive")
    ReminderSettings.objects.create(user=user_a, card_times=["08:00"])
    therapist = User.objects.create_user("th@praktijk.nl", PASSWORD, role=Role.THERAPIST)
    TOTPDevice.objects.create(user=therapist, name="app", confirmed=True)
    _, token = services.create_invitation(therapist, "Anna van dinsdag")
    sharing = services.accept_invitation(token, user_a, {"share_profiles": True})
    services.record(therapist, user_a, "view", "cliëntpagina")
    services.add_note(sharing, "Alleen-voor-de-therapeut")
    return user_a


# --- helpers ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value


def _every_row() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table exactly as stored (encrypted text as ciphertext)."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = sorted((tuple(map(_plain, row)) for row in cursor.fetchall()),
                                 key=repr)
    return rows


def _every_object() -> dict[str, list[dict[str, Any]]]:
    """Every model's rows as the app reads them (encrypted text decrypted)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def _sequences() -> list[tuple[Any, ...]]:
    """Where each id counter stands: continuity after a restore, so no id is used twice."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name")
        else:
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences "
                           "WHERE schemaname = current_schema() ORDER BY sequencename")
        return cursor.fetchall()


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {info.name: tar.extractfile(info).read() for info in tar}


def _rewrite(
    path: Path, change: Callable[[dict[str, Any], dict[str, bytes]], None], sign: bool = True
) -> None:
    """Write the archive again after `change` edited its manifest and members."""
    members = _members(path)
    manifest = json.loads(members.pop(MANIFEST))
    change(manifest, members)
    manifest_bytes = json.dumps(manifest).encode()
    if sign:  # as if made with this machine's backup key: checks behind the signature
        members[SIGNATURE] = sign_manifest(manifest_bytes, (data_dir() / "backup.key")
                                           .read_text().strip().encode())
    with tarfile.open(path, "w:gz") as tar:
        signature = [(SIGNATURE, members.pop(SIGNATURE))] if SIGNATURE in members else []
        for name, data in [(MANIFEST, manifest_bytes), *signature, *members.items()]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def _data_member(members: dict[str, bytes]) -> str:
    return next(name for name in ("database.sqlite3", "postgresql/accounts_user.copy")
                if name in members)


def _backup(path: Path, *options: str) -> str:
    result = runner.invoke(app, ["backup", str(path), *options])
    assert result.exit_code == 0, result.output
    return result.output


def _refused(path: Path, *options: str) -> str:
    """Restore must fail with one message, exit code 1 and no change to any row."""
    before = _every_row()
    result = runner.invoke(app, ["restore", str(path), "--yes", *options])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _every_row() == before
    return result.output


# --- the round trip -----------------------------------------------------------------------


def test_a_round_trip_restores_every_row_and_every_counter_exactly(tmp_path, practice, user_b):
    rows, objects, counters = _every_row(), _every_object(), _sequences()
    highest_entry = DiaryEntry.objects.order_by("-pk").first().pk
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)

    # Life goes on after the backup: rows are deleted, changed and added.
    from verbinding.web.accounts import datarights

    datarights.delete_user(practice)
    DiaryEntry.objects.create(user=user_b, text="Na de back-up geschreven")
    User.objects.filter(pk=user_b.pk).update(display_name="Veranderd")
    assert _every_row() != rows

    result = runner.invoke(app, ["restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Hersteld uit" in result.output
    assert _every_row() == rows
    assert _every_object() == objects
    assert _sequences() == counters
    texts = set(DiaryEntry.objects.values_list("text", flat=True))
    assert "Vandaag durfde ik het te zeggen" in texts
    # New rows get fresh ids that clash with nothing restored.
    anna_again = User.objects.get(email=practice.email)
    entry = DiaryEntry.objects.create(user=anna_again, text="Na het herstel")
    assert entry.pk > highest_entry
    assert User.objects.create_user("nieuw@example.nl", PASSWORD).pk not in {
        row["id"] for row in objects[User._meta.label]}


def test_the_manifest_describes_the_backup(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    output = _backup(archive)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    members = _members(archive)
    manifest = json.loads(members.pop(MANIFEST))
    members.pop(SIGNATURE)  # signs the manifest, so the manifest cannot list it
    assert manifest["format"] == "verbinding-backup" and manifest["format_version"] == 2
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["app_version"]
    assert manifest["tables"] == {table: len(found) for table, found in _every_row().items()}
    assert "journal" in manifest["migrations"]
    assert set(manifest["files"]) == set(members)
    for name, data in members.items():
        assert manifest["files"][name]["sha256"] == hashlib.sha256(data).hexdigest()
    assert f"{len(manifest['tables'])} tabellen" in output
    # Encrypted text stays encrypted in the archive.
    everything = b"".join(members.values())
    assert b"Vandaag durfde ik" not in everything
    assert b"enc1:" in everything


def test_a_backup_is_a_consistent_copy_while_someone_else_is_writing(tmp_path, practice):
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        cursor = other.cursor()
        if connection.vendor == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
        # A column stored as typed (names are encrypted, so they cannot show this).
        cursor.execute("UPDATE accounts_user SET privacy_version = 'half-geschreven'")
        archive = tmp_path / "backup.tar.gz"
        _backup(archive)
    finally:
        other.rollback()
        other.close()
    data = _members(archive)[_data_member(_members(archive))]
    assert b"anna@example.nl" in data
    assert b"half-geschreven" not in data


def test_a_backup_never_overwrites_a_file_unless_asked(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(b"iets anders")
    result = runner.invoke(app, ["backup", str(archive)])
    assert result.exit_code == 1
    assert "bestaat al" in result.output
    assert archive.read_bytes() == b"iets anders"
    _backup(archive, "--yes")
    assert MANIFEST in _members(archive)


# --- refusals -----------------------------------------------------------------------------


def test_a_database_with_data_is_only_replaced_with_yes(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    DiaryEntry.objects.create(user=practice, text="Nieuwer dan de back-up")
    before = _every_row()
    # No terminal (as in cron or CI): no question, a refusal.
    result = runner.invoke(app, ["restore", str(archive)])
    assert result.exit_code == 1
    assert "gebruik --yes" in result.output
    assert _every_row() == before


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(tmp_path, practice):
    not_an_archive = tmp_path / "foto.jpg"
    not_an_archive.write_bytes(b"\xff\xd8\xff geen archief")
    assert "geen leesbare back-up" in _refused(not_an_archive)
    assert "bestaat niet" in _refused(tmp_path / "nergens.tar.gz")
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    truncated = tmp_path / "half.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert "geen leesbare back-up" in _refused(truncated)
    other_tar = tmp_path / "ander.tar"
    with tarfile.open(other_tar, "w") as tar:
        tar.add(not_an_archive, arcname="foto.jpg")
    assert "geen back-up van verbinding" in _refused(other_tar)


def test_a_checksum_mismatch_is_refused(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)

    def flip_a_byte(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        name = _data_member(members)
        data = bytearray(members[name])
        data[len(data) // 2] ^= 0x01
        members[name] = bytes(data)

    _rewrite(archive, flip_a_byte)
    assert "controlesom" in _refused(archive)


def test_a_backup_without_its_data_is_refused(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)

    def drop_the_data(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        name = _data_member(members)
        del members[name], manifest["files"][name]

    _rewrite(archive, drop_the_data)
    assert "ontbreekt" in _refused(archive)


def test_a_restore_that_fails_halfway_changes_nothing(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    # The counts are checked after loading (PostgreSQL, inside the transaction) or on the
    # temporary copy (SQLite): either way the database must be as it was.
    _rewrite(archive, lambda manifest, members: manifest["tables"].update(accounts_user=999))
    assert "niets veranderd" in _refused(archive)


def test_a_newer_format_or_app_version_is_refused(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    _rewrite(archive, lambda manifest, members: manifest.update(format_version=99))
    assert "werk verbinding eerst bij" in _refused(archive)

    _backup(archive, "--yes")
    _rewrite(archive, lambda manifest, members:
             manifest["migrations"]["journal"].append("9999_uit_de_toekomst"))
    assert "nieuwere versie" in _refused(archive)


def test_a_backup_of_the_other_kind_of_database_is_refused(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _rewrite(archive, lambda manifest, members: manifest["database"].update(vendor=other))
    assert "kan niet in" in _refused(archive)


# --- the encryption key -------------------------------------------------------------------


def test_without_with_key_the_key_stays_out_and_the_message_says_where_it_lives(
    tmp_path, keys, practice
):
    archive = tmp_path / "backup.tar.gz"
    output = _backup(archive)
    key_file = keys / crypto.KEY_FILE_NAME
    assert str(key_file) in output
    assert "zit niet in de back-up" in output
    members = _members(archive)
    assert KEY_MEMBER not in members
    key = key_file.read_text().strip()
    assert key.encode() not in b"".join(members.values())
    assert json.loads(members[MANIFEST])["encryption_key"]["included"] is False


def test_with_key_the_archive_holds_the_key_is_private_and_warns(tmp_path, keys, practice):
    archive = tmp_path / "backup.tar.gz"
    output = _backup(archive, "--with-key")
    assert "Let op" in output and "zit in deze back-up" in output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    members = _members(archive)
    assert members[KEY_MEMBER] == (keys / crypto.KEY_FILE_NAME).read_bytes()
    assert json.loads(members[MANIFEST])["encryption_key"]["included"] is True


def test_a_key_from_the_backup_is_put_back_where_there_is_none(tmp_path, keys, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive, "--with-key")
    key_file = keys / crypto.KEY_FILE_NAME
    key = key_file.read_bytes()
    key_file.unlink()
    crypto.reset_cache()

    result = runner.invoke(app, ["restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    assert "teruggezet" in result.output
    assert key_file.read_bytes() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "Vandaag durfde ik het te zeggen" in set(
        DiaryEntry.objects.values_list("text", flat=True))


def test_a_different_key_is_never_overwritten(tmp_path, keys, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive, "--with-key")
    key_file = keys / crypto.KEY_FILE_NAME
    other_key = Fernet.generate_key() + b"\n"
    key_file.write_bytes(other_key)
    output = _refused(archive)
    assert "andere versleutelsleutel" in output and str(key_file) in output
    assert key_file.read_bytes() == other_key


def test_a_restore_says_when_the_key_of_the_backup_is_missing(tmp_path, keys, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    key_file = keys / crypto.KEY_FILE_NAME
    key_file.write_bytes(Fernet.generate_key() + b"\n")
    os.chmod(key_file, 0o600)
    crypto.reset_cache()
    result = runner.invoke(app, ["restore", str(archive), "--yes"])
    assert result.exit_code == 0, result.output
    assert "waarmee deze back-up is gemaakt, staat niet in" in result.output


def test_the_help_explains_where_the_key_goes():
    result = runner.invoke(app, ["backup", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "--with-key" in result.output and "sleutel" in result.output
    result = runner.invoke(app, ["restore", "--help"], terminal_width=200)
    assert "--yes" in result.output and "alles of niets" in result.output


def test_a_tampered_archive_with_recomputed_checksums_is_refused(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)

    def recompute_after_a_change(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        name = _data_member(members)
        data = bytearray(members[name])
        data[len(data) // 2] ^= 0x01
        members[name] = bytes(data)
        manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(),
                                   "bytes": len(data)}

    _rewrite(archive, recompute_after_a_change, sign=False)
    assert "handtekening" in _refused(archive)


def test_an_unsigned_archive_or_a_missing_backup_key_is_refused(tmp_path, practice):
    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    assert stat.S_IMODE((data_dir() / "backup.key").stat().st_mode) == 0o600
    unsigned = tmp_path / "unsigned.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(unsigned, "w:gz") as dst:
        for info in src:
            if info.name != SIGNATURE:
                dst.addfile(info, src.extractfile(info))
    assert "niet ondertekend" in _refused(unsigned)
    (data_dir() / "backup.key").rename(tmp_path / "elders.key")
    assert "geen back-upsleutel" in _refused(archive)


def test_a_gzip_bomb_is_refused_without_reading_it_into_memory(tmp_path, practice):
    import gzip

    archive = tmp_path / "backup.tar.gz"
    _backup(archive)
    members = _members(archive)
    bomb = tmp_path / "bom.tar.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as raw, tarfile.open(fileobj=raw, mode="w") as tar:
        for name in (MANIFEST, SIGNATURE):
            info = tarfile.TarInfo(name)
            info.size = len(members[name])
            tar.addfile(info, io.BytesIO(members[name]))
        # A member far bigger than the manifest says: 64 MiB of zeros, small on disk.
        info = tarfile.TarInfo(_data_member(members))
        info.size = 64 * 1024 * 1024
        tar.addfile(info, io.BytesIO(bytes(info.size)))
    assert bomb.stat().st_size < 1024 * 1024
    assert "kloppen niet met het manifest" in _refused(bomb)
