"""Plain SQL for the few hot paths, where building a query through the ORM cost more
than running it: the answer autosave, and the self-test looked up by its public id on
every self-test page and the results page.

`from_row` makes a model instance from a fetched row, converted as the ORM's compiler
would convert it. `write` runs one statement on the database driver's own connection,
past Django's cursor wrapper (a quarter of the autosave's time in the database layer), and
so past query logging too; database errors still come out as Django's exceptions, and
the statement is part of the transaction in progress, if there is one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def columns(model: type[Model]) -> str:
    """The model's columns in field order, for a SELECT whose row `from_row` reads."""
    # Every concrete field has a column; only the type (shared with relations) allows None.
    return ", ".join(f.column for f in model._meta.concrete_fields if f.column is not None)


def from_row(model: type[M], row: Sequence[Any]) -> M:
    """An instance of `model` from a row of `columns(model)`."""
    names, converters = _reading(model, connection.vendor)
    values = list(row)
    for index, column, convert in converters:
        values[index] = convert(values[index], column, connection)
    return model.from_db(connection.alias, names, values)


@cache
def _reading(model: type[Model], vendor: str) -> tuple[list[str], list[tuple[int, Any, Any]]]:
    """The attribute names, and the converters per column the ORM would apply (they
    depend on the kind of database only; looking them up cost more than the query)."""
    fields = model._meta.concrete_fields
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            converters.append((index, column, _unbound(convert)))
    return [field.attname for field in fields], converters


def _unbound(convert: Any) -> Any:
    """A backend's converter without the connection it was looked up on: it is called
    with the current one (`convert(value, expression, connection)`)."""
    owner = getattr(convert, "__self__", None)
    if owner is connection.ops:
        function = convert.__func__
        return lambda value, column, current: function(current.ops, value, column, current)
    return convert


def write(sql: str, params: Sequence[Any]) -> int:
    """Run one writing statement written with `%s` placeholders; returns the number of
    rows it wrote."""
    connection.ensure_connection()
    with connection.wrap_database_errors:
        if connection.vendor == "sqlite":
            cursor = connection.connection.execute(_qmark(sql), params)
        else:
            cursor = connection.connection.execute(sql, params)
        return int(cursor.rowcount)


@cache
def _qmark(sql: str) -> str:
    """SQLite's placeholders (the statements here have no literal % signs)."""
    return sql.replace("%s", "?")
