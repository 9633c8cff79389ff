"""Backing up the whole database into one signed archive, and restoring it all or nothing.

The commands `verbinding backup FILE` and `restore FILE` (verbinding.cli.backup) call
`create_backup` and `restore_backup`; everything else about the archive lives here.

The archive is a gzip-compressed tar file with

- ``manifest.json``: format and version, when, which app version and database, the
  applied migrations, the row count of every table, and the SHA-256 of every other member;
- SQLite: ``database.sqlite3``, a consistent copy made with SQLite's online backup API
  (safe while the app runs);
- PostgreSQL: ``postgresql/schema.json`` (tables, columns, sequence positions) and one
  ``postgresql/<table>.copy`` per table in COPY text format, all read in one
  REPEATABLE READ snapshot. No pg_dump is needed, so client and server versions cannot
  disagree; the schema itself comes from the app's migrations;
- ``encryption.key`` only with ``--with-key``;
- ``manifest.sig``: HMAC-SHA256 of the manifest with the backup key (``backup.key`` in the
  data directory, never in the archive). The manifest holds the SHA-256 and size of every
  member, so the signature covers everything: a restore refuses an archive that was made
  or changed by anyone without that key, before it reads more than the manifest.

Encrypted text stays encrypted in the archive: the data is copied as stored, never through
the models. Without the key the archive is therefore useless to a thief, and also to you,
which is why the commands say where the key lives.

A restore checks everything it can before it touches the database, then replaces all data
at once: SQLite copies a verified temporary file into the database with the backup API
(one SQLite transaction), PostgreSQL truncates and loads every table in one transaction.
A backup only restores into the same kind of database it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import os
import sqlite3
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from verbinding.config import _read_or_create_secret, data_dir
from verbinding.files import write_private

if TYPE_CHECKING:
    from django.db.backends.postgresql.base import DatabaseWrapper as PostgresConnection
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteConnection

FORMAT = "verbinding-backup"
FORMAT_VERSION = 2  # 2: signed (manifest.sig); unsigned archives are refused
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
BACKUP_KEY_FILE = "backup.key"
# Bounds on what a restore reads, checked against the tar headers before any member is
# read: a gzip bomb or a forged header is refused instead of filling memory. A manifest
# is a few kB; the database may be large, but each member's size is also signed.
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_MEMBERS = 10_000
SQLITE_MEMBER = "database.sqlite3"
PG_SCHEMA = "postgresql/schema.json"
KEY_MEMBER = "encryption.key"
# Rows that `migrate` makes by itself: a database holding only these has no one's data.
BOOKKEEPING_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A refusal, as one Dutch sentence for the operator. Nothing has been changed."""


@dataclass
class Snapshot:
    """A copy of the database as archive members, with what the manifest says about it."""

    members: dict[str, bytes]
    tables: dict[str, int]
    migrations: dict[str, list[str]]  # app label → applied migration names
    version: str


@dataclass
class Archive:
    manifest: dict[str, Any]
    members: dict[str, bytes]

    @property
    def vendor(self) -> str:
        database = self.manifest.get("database")
        return str(database.get("vendor", "")) if isinstance(database, dict) else ""


# --- the encryption key ---------------------------------------------------------------


def _split_keys(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _fingerprint(key: str) -> str:
    """Names a key without revealing it: a hash of 256 random bits gives nothing away."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()[:16]


def _current_keys() -> tuple[list[str], str, str]:
    """(keys, where they live, source), read without creating a key file as crypto would:
    a restore must be able to tell "no key here" from "a different key here"."""
    from verbinding import crypto

    from_env = _split_keys(os.environ.get(crypto.ENV_NAME, ""))
    if from_env:
        return from_env, f"de omgevingsvariabele {crypto.ENV_NAME}", "environment"
    path = Path(crypto.key_file_path())
    try:
        return _split_keys(path.read_text(encoding="ascii")), str(path), "file"
    except FileNotFoundError:
        return [], str(path), "file"


def _key_manifest(included: bool) -> dict[str, Any]:
    keys, _where, source = _current_keys()
    return {
        "included": included,
        "source": source if keys else None,
        "fingerprints": [_fingerprint(key) for key in keys],
    }


def _key_message_after_backup(included: bool) -> str:
    keys, where, _source = _current_keys()
    if not keys:
        return (f"Er is nog geen versleutelsleutel ({where} bestaat niet): er is nog geen "
                "tekst versleuteld.")
    if included:
        return ("Let op: de versleutelsleutel zit in deze back-up, dus wie het bestand heeft "
                "kan dagboeken en notities lezen: bewaar het even veilig als de sleutel zelf.")
    return (f"De versleutelsleutel zit niet in de back-up; hij staat in {where}: bewaar hem "
            "apart en veilig, want zonder sleutel zijn dagboeken en notities onleesbaar.")


def _key_to_restore(archive: Archive) -> str | None:
    """The key file to write after the restore, if any. Refuses, before anything changes,
    when a different key is already here: that key may be the only one for other data."""
    archived = _split_keys(archive.members.get(KEY_MEMBER, b"").decode("ascii", "replace"))
    if not archived:
        return None
    current, where, _source = _current_keys()
    if current:
        if set(archived) <= set(current):
            return None
        raise BackupError(
            f"Er is hier al een andere versleutelsleutel ({where}) en die wordt nooit "
            "overschreven: er is niets hersteld; zet hem eerst apart als je de sleutel uit "
            "de back-up wilt gebruiken."
        )
    if len(archived) > 1:
        from verbinding import crypto

        raise BackupError(
            f"De back-up bevat meerdere versleutelsleutels; zet de inhoud van {KEY_MEMBER} "
            f"uit het archief in {crypto.ENV_NAME} en herstel dan opnieuw (er is niets "
            "veranderd)."
        )
    return archived[0]


def _write_key(key: str) -> str:
    from verbinding import crypto

    path = Path(crypto.key_file_path())
    # O_EXCL: never replace a key file that appeared in the meantime.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    crypto.reset_cache()
    return str(path)


def _key_message_after_restore(archive: Archive, written: str | None) -> str:
    if written:
        return f"De versleutelsleutel uit de back-up is teruggezet in {written} (modus 0600)."
    used = set(archive.manifest.get("encryption_key", {}).get("fingerprints", []))
    keys, where, _source = _current_keys()
    if not used:
        return "Toen deze back-up werd gemaakt, was er nog geen versleutelsleutel."
    if used & {_fingerprint(key) for key in keys}:
        return f"De versleutelsleutel in {where} hoort bij deze back-up."
    return (f"Let op: de versleutelsleutel waarmee deze back-up is gemaakt, staat niet in "
            f"{where}; dagboeken en notities zijn pas leesbaar als je die sleutel daar zet.")


# --- the archive --------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("verbinding")
    except PackageNotFoundError:
        return "onbekend"


def _manifest(snapshot: Snapshot, members: dict[str, bytes], with_key: bool) -> dict[str, Any]:
    from django.db import connection

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "app_version": _app_version(),
        "database": {"vendor": connection.vendor, "version": snapshot.version},
        "migrations": snapshot.migrations,
        "tables": snapshot.tables,
        "files": {
            name: {"sha256": _sha256(data), "bytes": len(data)}
            for name, data in members.items()
        },
        "encryption_key": _key_manifest(with_key),
    }


def _backup_key_path() -> Path:
    return data_dir() / BACKUP_KEY_FILE


def _backup_key_for_writing() -> bytes:
    """The signing key, made (mode 0600) on the first backup."""
    import secrets

    key = _read_or_create_secret(_backup_key_path(), lambda: secrets.token_hex(32))
    return key.encode("ascii")


def _backup_key_for_reading() -> bytes:
    """The signing key to check a restore with; never made here, since a new key could
    only ever refuse the archive."""
    path = _backup_key_path()
    try:
        key = path.read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        key = ""
    if not key:
        raise BackupError(
            f"Er is hier geen back-upsleutel ({path}): zet het bestand {BACKUP_KEY_FILE} van "
            "de machine waar de back-up is gemaakt in de datamap; er is niets veranderd."
        )
    return key.encode("ascii")


def sign_manifest(manifest_bytes: bytes, key: bytes) -> bytes:
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest().encode("ascii")


def _pack(manifest: dict[str, Any], members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    now = int(dt.datetime.now(dt.UTC).timestamp())
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
    signature = sign_manifest(manifest_bytes, _backup_key_for_writing())
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        # Manifest and signature first: a restore checks them before reading anything else.
        for name, data in [(MANIFEST, manifest_bytes), (SIGNATURE, signature),
                           *members.items()]:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o600, now
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _read_member(tar: tarfile.TarFile, info: tarfile.TarInfo, limit: int) -> bytes:
    """One regular member, refused by its header before it is read if larger than `limit`
    (the gzip stream is inflated only as far as the member's declared size)."""
    handle = tar.extractfile(info) if info.isfile() else None
    if handle is None or info.size > limit:
        raise _NotABackup
    data = handle.read(limit + 1)
    if len(data) != info.size:
        raise _NotABackup
    return data


class _NotABackup(Exception):
    pass


def _signed_manifest(path: Path, tar: tarfile.TarFile) -> dict[str, Any]:
    """The manifest, after its signature is checked with the key that stays here."""
    head = [tar.next(), tar.next()]
    if head[0] is None or head[0].name != MANIFEST:
        raise BackupError(f"{path} is geen back-up van verbinding (geen geldig manifest).")
    manifest_bytes = _read_member(tar, head[0], MAX_MANIFEST_BYTES)
    if head[1] is None or head[1].name != SIGNATURE:
        raise BackupError(f"{path} is niet ondertekend: alleen een back-up van verbinding "
                          "met een handtekening wordt teruggezet; er is niets veranderd.")
    signature = _read_member(tar, head[1], 1024).strip()
    expected = sign_manifest(manifest_bytes, _backup_key_for_reading())
    if not hmac.compare_digest(signature, expected):
        raise BackupError(f"De handtekening van {path} klopt niet met de back-upsleutel hier: "
                          "het archief is veranderd of elders gemaakt; er is niets veranderd.")
    return _manifest_of(path, manifest_bytes)


def _signed_size(files: Any, name: str) -> int:
    entry = files.get(name) if isinstance(files, dict) else None
    size = entry.get("bytes") if isinstance(entry, dict) else None
    return size if isinstance(size, int) and size >= 0 else -1


def _read_signed_archive(path: Path) -> Archive:
    """Manifest and members, read as a stream and never extracted (names cannot escape);
    each member only if the signed manifest names it with exactly its declared size."""
    not_a_backup = BackupError(f"{path} is geen leesbare back-up van verbinding.")
    try:
        with tarfile.open(path, "r:*") as tar:
            manifest = _signed_manifest(path, tar)
            files = manifest.get("files")
            members: dict[str, bytes] = {}
            total = 0
            while (info := tar.next()) is not None:
                size = _signed_size(files, info.name)
                total += info.size
                if (size != info.size or info.name in members or len(members) >= MAX_MEMBERS
                        or total > MAX_TOTAL_BYTES):
                    raise BackupError(f"{path} is beschadigd: de bestanden in het archief "
                                      "kloppen niet met het manifest.")
                members[info.name] = _read_member(tar, info, size)
    except (tarfile.TarError, EOFError, OSError, zlib.error, _NotABackup):
        raise not_a_backup from None
    return Archive(manifest, members)


def _manifest_of(path: Path, manifest_bytes: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is geen back-up van verbinding (geen geldig manifest).")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"{path} is geen back-up van verbinding (geen formaatversie).")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{path} heeft back-upformaat {version}, deze versie van verbinding kent alleen "
            f"formaat {FORMAT_VERSION}: werk verbinding eerst bij."
        )
    return manifest


def _check_checksums(path: Path, manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    files = manifest.get("files")
    if not isinstance(files, dict) or set(files) != set(members):
        raise BackupError(f"{path} is beschadigd: de bestanden in het archief kloppen niet "
                          "met het manifest.")
    for name, data in members.items():
        expected = files[name].get("sha256") if isinstance(files[name], dict) else None
        if expected != _sha256(data):
            raise BackupError(f"{path} is beschadigd: de controlesom van {name} klopt niet.")


def _read_archive(path: Path) -> Archive:
    if not path.is_file():
        raise BackupError(f"Het bestand {path} bestaat niet.")
    archive = _read_signed_archive(path)
    _check_checksums(path, archive.manifest, archive.members)
    return archive


# --- SQLite ---------------------------------------------------------------------------


def _sqlite_path() -> Path:
    from django.db import connection

    if cast("SQLiteConnection", connection).is_in_memory_db():
        raise BackupError("Een database in het geheugen kan niet worden geback-upt of hersteld.")
    return Path(connection.settings_dict["NAME"])


def _applied(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def _sqlite_facts(db: sqlite3.Connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    names = [row[0] for row in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    counts = {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
    if "django_migrations" not in counts:
        raise BackupError("Deze database heeft nog geen tabellen: start de app eerst één keer.")
    applied = db.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    return counts, _applied(applied)


def _sqlite_snapshot() -> Snapshot:
    path = _sqlite_path()
    if not path.is_file():
        raise BackupError(f"Er is geen database in {path}.")
    # A connection of our own sees only committed data, never a transaction the app (or
    # this process) has open; the backup API copies one consistent state while others write.
    source, copy = sqlite3.connect(path, timeout=20), sqlite3.connect(":memory:")
    try:
        source.backup(copy)
        tables, migrations = _sqlite_facts(copy)
        data = copy.serialize()
    finally:
        source.close()
        copy.close()
    return Snapshot({SQLITE_MEMBER: data}, tables, migrations, sqlite3.sqlite_version)


def _sqlite_copy_is_sound(path: Path, tables: dict[str, int]) -> bool:
    db = sqlite3.connect(path)
    try:
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            return False
        return _sqlite_facts(db)[0] == tables
    except (sqlite3.DatabaseError, BackupError):
        return False
    finally:
        db.close()


def _remove_sqlite_file(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)


def _checked_sqlite_copy(archive: Archive, folder: Path) -> Path:
    """The archived database as a private temporary file, checked before it is used."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".restore-", suffix=".sqlite3")
    with os.fdopen(fd, "wb") as handle:
        handle.write(archive.members[SQLITE_MEMBER])
    if not _sqlite_copy_is_sound(Path(name), archive.manifest.get("tables", {})):
        _remove_sqlite_file(Path(name))
        raise BackupError("De database in de back-up is beschadigd (controle mislukt); er is "
                          "niets veranderd.")
    return Path(name)


def _restore_sqlite(archive: Archive) -> None:
    from django.db import connection

    target = _sqlite_path()
    copy = _checked_sqlite_copy(archive, target.parent)
    if not target.exists():
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    connection.close()
    source, dest = sqlite3.connect(copy), sqlite3.connect(target, timeout=20)
    try:
        # The backup API loops forever on a busy database; ask for the write lock first so
        # a running app gives a clear refusal instead.
        dest.execute("BEGIN IMMEDIATE")
        dest.execute("ROLLBACK")
        # One SQLite transaction on the target: all of the copy, or nothing on failure.
        source.backup(dest)
    except sqlite3.OperationalError as exc:
        raise BackupError(f"De database {target} kon niet worden vervangen ({exc}): stop de "
                          "app en herstel opnieuw; er is niets veranderd.") from None
    finally:
        source.close()
        dest.close()
        _remove_sqlite_file(copy)


# --- PostgreSQL -----------------------------------------------------------------------


def _pg_session(cursor: Any) -> None:
    """Session settings that make the COPY text exact and unambiguous, as pg_dump does."""
    cursor.execute("SET LOCAL DateStyle = 'ISO, YMD'")
    cursor.execute("SET LOCAL IntervalStyle = 'postgres'")
    cursor.execute("SET LOCAL extra_float_digits = 3")


def _columns_sql(columns: list[str]) -> str:
    from django.db import connection

    return ", ".join(connection.ops.quote_name(column) for column in columns)


def _pg_tables(cursor: Any) -> dict[str, list[str]]:
    from django.db import connection

    introspection = connection.introspection
    return {
        table: [column.name for column in introspection.get_table_description(cursor, table)]
        for table in sorted(introspection.table_names(cursor))
    }


def _copy_out(cursor: Any, table: str, columns: list[str]) -> bytes:
    from django.db import connection

    sql = f"COPY {connection.ops.quote_name(table)} ({_columns_sql(columns)}) TO STDOUT"
    data = bytearray()
    with cursor.copy(sql) as copy:
        for chunk in copy:
            data += chunk
    return bytes(data)


def _pg_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    from django.db import connection

    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_facts(cursor: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    cursor.execute("SELECT sequencename, last_value FROM pg_sequences "
                   "WHERE schemaname = current_schema() ORDER BY sequencename")
    sequences = dict(cursor.fetchall())
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return sequences, _applied(cursor.fetchall())


def _postgres_snapshot() -> Snapshot:
    from django.db import connection, transaction

    nested = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if not nested:
            # One snapshot for every table: consistent while the app keeps writing.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        _pg_session(cursor)
        tables = _pg_tables(cursor)
        if "django_migrations" not in tables:
            raise BackupError("Deze database heeft nog geen tabellen: start de app eerst één keer.")
        members = {f"postgresql/{t}.copy": _copy_out(cursor, t, c) for t, c in tables.items()}
        counts = _pg_counts(cursor, list(tables))
        sequences, migrations = _pg_facts(cursor)
    schema = {"tables": tables, "sequences": sequences}
    members[PG_SCHEMA] = json.dumps(schema, indent=2).encode("utf-8")
    version = cast("PostgresConnection", connection).pg_version
    return Snapshot(members, counts, migrations, str(version))


def _migrate_to(applied: dict[str, list[str]]) -> None:
    """Bring the schema to the backup's migration state: create it in an empty database,
    or step back (or forward) when the app's version differs. `serve` migrates on after."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    graph, apps_with_migrations = executor.loader.graph, executor.loader.migrated_apps
    wanted = {(app, name) for app, names in applied.items() for name in names
              if (app, name) in graph.nodes}
    targets: list[tuple[str, str | None]] = []
    for app in sorted(apps_with_migrations):
        mine = {node for node in wanted if node[0] == app}
        leaves = [n for n in mine if not any(c in mine for c in graph.node_map[n].children)]
        targets += sorted(leaves) or [(app, None)]
    # Django runs a plan in one direction only: first back, then forward.
    backwards = [step for step in executor.migration_plan(targets) if step[1]]
    if backwards:
        executor.migrate(targets, plan=backwards)
        executor = MigrationExecutor(connection)
    forwards = executor.migration_plan(targets)
    if forwards:
        executor.migrate(targets, plan=forwards)


def _load_tables(cursor: Any, schema: dict[str, Any], archive: Archive) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    tables: dict[str, list[str]] = schema["tables"]
    present = _pg_tables(cursor)
    for table, columns in tables.items():
        if not set(columns) <= set(present.get(table, [])):
            raise BackupError(f"De tabel {table} ziet er in deze database anders uit dan in de "
                              "back-up; er is niets veranderd.")
    # Foreign keys are DEFERRABLE INITIALLY DEFERRED: the load order does not matter, they
    # are checked at commit.
    cursor.execute("TRUNCATE " + ", ".join(quote(table) for table in tables))
    for table, columns in tables.items():
        sql = f"COPY {quote(table)} ({_columns_sql(columns)}) FROM STDIN"
        with cursor.copy(sql) as copy:
            copy.write(archive.members[f"postgresql/{table}.copy"])
    for name, last in schema["sequences"].items():
        # A sequence never used has no last value; `false` makes nextval return 1.
        cursor.execute("SELECT setval(%s::regclass, %s, %s)",
                       [quote(name), 1 if last is None else last, last is not None])


def _restore_postgres(archive: Archive) -> None:
    from django.db import connection, transaction

    schema = json.loads(archive.members[PG_SCHEMA])
    with transaction.atomic():
        _migrate_to(archive.manifest.get("migrations", {}))
        with connection.cursor() as cursor:
            _pg_session(cursor)
            _load_tables(cursor, schema, archive)
            if _pg_counts(cursor, list(schema["tables"])) != archive.manifest.get("tables"):
                raise BackupError("Na het laden kloppen de aantallen rijen niet met de "
                                  "back-up; er is niets veranderd.")


# --- checks before a restore --------------------------------------------------------------


def _check_vendor(archive: Archive) -> None:
    from django.db import connection

    if archive.vendor != connection.vendor:
        source = VENDOR_NAMES.get(archive.vendor, archive.vendor or "onbekend")
        here = VENDOR_NAMES.get(connection.vendor, connection.vendor)
        raise BackupError(f"Deze back-up komt uit een {source}-database en kan niet in "
                          f"{here} worden hersteld; er is niets veranderd.")


def _needed_members(archive: Archive) -> list[str] | None:
    """The members this kind of backup needs; None when its table list is unreadable."""
    if archive.vendor == "sqlite":
        return [SQLITE_MEMBER]
    try:
        schema = json.loads(archive.members[PG_SCHEMA])
        tables, sequences = schema["tables"], schema["sequences"]
    except (KeyError, ValueError, TypeError):
        return None
    if not isinstance(tables, dict) or not isinstance(sequences, dict):
        return None
    return [f"postgresql/{table}.copy" for table in tables]


def _check_contents(path: Path, archive: Archive) -> None:
    """A hand-edited manifest must not get further than this."""
    needed = _needed_members(archive)
    missing = [PG_SCHEMA] if needed is None else [n for n in needed if n not in archive.members]
    tables, migrations = archive.manifest.get("tables"), archive.manifest.get("migrations")
    if not isinstance(tables, dict) or not all(isinstance(n, int) for n in tables.values()):
        missing.append(f"{MANIFEST} (tables)")
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) for names in migrations.values()
    ):
        missing.append(f"{MANIFEST} (migrations)")
    if missing:
        raise BackupError(f"{path} is beschadigd: {missing[0]} ontbreekt of is onleesbaar.")


def _check_migrations_known(archive: Archive) -> None:
    """A backup from a newer app version has a schema this version cannot work with."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = archive.manifest.get("migrations", {})
    for app, name in ((app, name) for app, names in applied.items() for name in names):
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations:
            raise BackupError(f"De back-up komt van een nieuwere versie van verbinding "
                              f"(onbekende migratie {app}.{name}): werk de app eerst bij.")


def _has_data() -> bool:
    from django.db import connection

    if connection.vendor == "sqlite" and not _sqlite_path().exists():
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING_TABLES:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                return True
    return False



def create_backup(file: Path, with_key: bool, overwrite: bool) -> list[str]:
    """Write the archive (mode 0600); returns what to tell the operator. Raises BackupError
    with one sentence when it cannot, having written nothing."""
    from django.db import connection

    if file.exists() and not overwrite:
        raise BackupError(f"{file} bestaat al; kies een andere naam of gebruik --yes.")
    if not file.resolve().parent.is_dir():
        raise BackupError(f"De map voor {file} bestaat niet.")
    snapshot = _sqlite_snapshot() if connection.vendor == "sqlite" else _postgres_snapshot()
    members = dict(snapshot.members)
    keys, _where, _source = _current_keys()
    if with_key and keys:
        members[KEY_MEMBER] = (",".join(keys) + "\n").encode("ascii")
    manifest = _manifest(snapshot, members, KEY_MEMBER in members)
    archive = _pack(manifest, members)
    write_private(file, archive)
    rows = sum(snapshot.tables.values())
    return [
        f"Back-up geschreven naar {file}: {len(snapshot.tables)} tabellen, {rows} rijen "
        f"({VENDOR_NAMES.get(connection.vendor, connection.vendor)}, "
        f"{len(archive)} bytes, modus 0600).",
        _key_message_after_backup(KEY_MEMBER in members),
    ]


def restore_backup(file: Path, confirm: Callable[[], bool]) -> list[str]:
    """Check everything, then replace all data with the archive's, all or nothing; returns
    what to tell the operator. `confirm` is asked only when the database holds data.
    Raises BackupError with one sentence when nothing was changed."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import DatabaseError, connection

    try:
        archive = _read_archive(file)
        _check_vendor(archive)
        _check_contents(file, archive)
        _check_migrations_known(archive)
        key = _key_to_restore(archive)
        if _has_data() and not confirm():
            raise BackupError("De database bevat al gegevens en herstellen vervangt alles: "
                              "gebruik --yes om dat te bevestigen; er is niets veranderd.")
        if connection.vendor == "sqlite":
            _restore_sqlite(archive)
        else:
            _restore_postgres(archive)
    except DatabaseError as exc:
        raise BackupError(f"Herstellen is mislukt en er is niets veranderd: {exc}") from None
    # Ids of content types may differ from what this process cached before.
    ContentType.objects.clear_cache()
    written = _write_key(key) if key else None
    tables = archive.manifest.get("tables", {})
    return [
        f"Hersteld uit {file}: {len(tables)} tabellen, {sum(tables.values())} rijen "
        f"(back-up van {archive.manifest.get('created_at', '?')}).",
        _key_message_after_restore(archive, written),
        "Start de app opnieuw (verbinding serve); die past zo nodig migraties toe.",
    ]
