"""Reading the test database's raw bytes, to prove what never reaches the disk."""

from __future__ import annotations

from pathlib import Path

from django.db import connection


def _sqlite_files() -> list[Path]:
    """The SQLite file and its write-ahead log, after moving the log into the file."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(FULL)")
    path = Path(connection.settings_dict["NAME"])
    return [path, path.with_name(path.name + "-wal")]


def _postgres_files() -> list[Path]:
    """This database's data files and the write-ahead log, after a checkpoint. The tests
    run on the same machine as the throwaway cluster that .ci/run starts."""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        cursor.execute("SHOW data_directory")
        root = Path(cursor.fetchone()[0])
        cursor.execute("SELECT oid FROM pg_database WHERE datname = current_database()")
        oid = cursor.fetchone()[0]
    return [p for folder in (root / "base" / str(oid), root / "pg_wal")
            for p in folder.iterdir() if p.is_file()]


def database_bytes() -> bytes:
    files = _sqlite_files() if connection.vendor == "sqlite" else _postgres_files()
    data = b"".join(p.read_bytes() for p in files if p.exists())
    assert data, "the test really read the database file"
    return data
