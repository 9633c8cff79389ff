"""A person's right to take their data with them and to have it erased.

What belongs to a user is found by walking the foreign keys from the user model, not by
a hand-kept list: a table added later is exported and deleted without anyone having to
remember it (and the tests walk the same graph to prove nothing is left).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models, transaction
from django.db.models import Q

from verbinding.csvcells import safe_cell
from verbinding.interpret import numbers

# Tables that are not the person's own records: framework bookkeeping, and the login
# sessions (a key hash and data only the browser can decrypt; deleted with the account
# by the foreign key's cascade).
SKIPPED_APPS = frozenset(
    {"admin", "auth", "contenttypes", "sessions", "logins", "axes", "otp_totp", "otp_static"}
)
# Values that would only help an attacker, never the person: hashes of secrets.
# How many foreign-key steps away from the user a record may be (user → self-test →
# assessment → answer is three).
MAX_DEPTH = 5
SECRET_FIELDS = frozenset(
    {"password", "token_hash", "feed_token_hash", "feed_token", "key_hash"}
)


@dataclass(frozen=True)
class OwnedTable:
    model: type[models.Model]
    paths: tuple[str, ...]  # lookups from this table to the user, OR-ed

    @property
    def name(self) -> str:
        return self.model._meta.label_lower

    @property
    def export_paths(self) -> tuple[str, ...]:
        """The paths along which rows are the person's to take with them. A model can name
        foreign keys (`not_exported_via`) whose rows are about the person but not theirs:
        a therapist's private notes about a client, say. Those are still deleted."""
        hidden = getattr(self.model, "not_exported_via", ())
        return tuple(p for p in self.paths if p.split("__", 1)[0] not in hidden)

    def rows_for(self, user: models.Model, *, for_export: bool = False) -> models.QuerySet[Any]:
        condition = Q()
        paths = self.export_paths if for_export else self.paths
        if not paths:
            return self.model._default_manager.none()
        for path in paths:
            condition |= Q(**{path: user})
        return self.model._default_manager.filter(condition).distinct().order_by("pk")


@cache
def owned_tables() -> tuple[OwnedTable, ...]:
    """Every table with rows that lead to a user by foreign keys, nearest first."""
    user_model = get_user_model()
    paths: dict[type[models.Model], list[str]] = {}
    frontier: dict[Any, list[str]] = {user_model: [""]}
    for _depth in range(MAX_DEPTH):
        reached: dict[Any, list[str]] = {}
        for model in apps.get_models():
            if model._meta.app_label in SKIPPED_APPS or model is user_model:
                continue
            for field in model._meta.concrete_fields:
                for tail in frontier.get(field.related_model, []) if field.is_relation else []:
                    path = field.name + (f"__{tail}" if tail else "")
                    if path not in paths.setdefault(model, []):
                        paths[model].append(path)
                        reached.setdefault(model, []).append(path)
        if not reached:
            break
        frontier = reached
    return tuple(OwnedTable(model, tuple(found)) for model, found in paths.items() if found)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _row(obj: models.Model) -> dict[str, Any]:
    out = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        out[field.attname] = _plain(field.value_from_object(obj))
    return out


def export_user(user: models.Model) -> dict[str, Any]:
    """Everything stored about `user`, as plain JSON-ready data (free text decrypted)."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in owned_tables():
        rows = [_row(obj) for obj in table.rows_for(user, for_export=True)]
        if rows:
            tables[table.name] = rows
    return {
        "format": "verbinding-export/1",
        # Figures here are the stored ones (full precision, a decimal point): say so, in
        # the person's language, so they can match them with the rounded ones they saw.
        "about_figures": numbers.machine_note(getattr(user, "language", "")),
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "account": _row(user),
        "tables": tables,
    }


def export_json(user: models.Model) -> bytes:
    return json.dumps(export_user(user), ensure_ascii=False, indent=2).encode("utf-8")


def _cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def _csv(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(_cell(value)) for key, value in row.items()})
    return out.getvalue()


def export_zip(user: models.Model) -> bytes:
    """The JSON export plus one CSV file per table, in one zip."""
    data = export_user(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("alles.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("account.csv", _csv([data["account"]]))
        for name, rows in data["tables"].items():
            archive.writestr(f"{name.replace('.', '_')}.csv", _csv(rows))
    return buffer.getvalue()


def remaining_rows(user_id: int) -> Iterator[tuple[str, int]]:
    """(table, count) for every table that still has rows pointing at `user_id`."""
    user_model = get_user_model()
    ghost = user_model(pk=user_id)
    for table in owned_tables():
        count = table.rows_for(ghost).count()
        if count:
            yield table.name, count


def delete_user(user: AbstractBaseUser) -> None:
    """Hard delete: the user and, through the cascading keys, everything they made.

    Failed-login records (django-axes) hold the e-mail address as text, not a key; they
    go too, and so does mail written to files for that address (it may hold a reset link).
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from verbinding.web.mailfiles import forget_mail_to

    email = user.get_username()
    with transaction.atomic():
        for log in (AccessAttempt, AccessFailureLog, AccessLog):
            log.objects.filter(username__iexact=email).delete()
        user.delete()
    forget_mail_to(email)
