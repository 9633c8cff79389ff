"""Data migrations that encrypt text once stored in the clear use these helpers, so no
readable copy of it stays behind in the database files.

An UPDATE leaves the old bytes behind: SQLite keeps them in free pages and in the
write-ahead log, PostgreSQL in dead row versions until a vacuum. These helpers run in
migrations marked `atomic = False`, because neither database vacuums inside a
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from verbinding import crypto


def encrypt_in_place(model: Any, field_names: Iterable[str]) -> None:
    """Encrypt every stored value of `field_names` that is not encrypted yet.

    `model` is the historical model *before* the field became encrypted, so it reads and
    writes raw text; running it twice changes nothing."""
    names = list(field_names)
    for row in model.objects.only("pk", *names).iterator():
        changed = {name: crypto.encrypt(value) for name in names
                   if (value := getattr(row, name)) and not value.startswith(crypto.PREFIX)}
        if changed:
            model.objects.filter(pk=row.pk).update(**changed)


def forget_old_copies(schema_editor: Any, table: str) -> None:
    """Rewrite `table`'s storage so the replaced plain text is gone from the files."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # VACUUM rebuilds the file without free pages; the checkpoint then moves the
            # log into the file and empties the log, which held the old page versions.
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            # VACUUM FULL writes the table into a new file and drops the old one.
            cursor.execute(f"VACUUM FULL {schema_editor.quote_name(table)}")
