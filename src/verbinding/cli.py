"""The `verbinding` command."""

from __future__ import annotations

import typer

from verbinding import measure_cli

app = typer.Typer(
    help="Verbindingsstijlen: de app starten en vragenlijsten scoren.",
    no_args_is_help=True,
    add_completion=False,
)
measure_cli.register(app)


def main() -> None:
    app()
