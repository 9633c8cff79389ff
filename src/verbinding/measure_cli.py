"""CLI commands for instruments and response files (filled in by the measurement work)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Attach `instrument`, `score` and `analyse` to the main command."""
