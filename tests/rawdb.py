"""Reading the test database's raw bytes, to prove what never reaches the disk."""

from __future__ import annotations

from pathlib import Path

from django.db import connection


def database_bytes() -> bytes:
    """The SQLite file and its write-ahead log, after moving the log into the file."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(FULL)")
    path = Path(connection.settings_dict["NAME"])
    files = [path, path.with_name(path.name + "-wal")]
    data = b"".join(p.read_bytes() for p in files if p.exists())
    assert data, "the test really read the database file"
    return data
