"""What the commands share: Django set up for them, or one sentence and exit code 1."""

from __future__ import annotations

import typer


def django_or_exit() -> None:
    """Set Django up for a command; a broken content file or setting ends it with one
    sentence (exit code 1) instead of a traceback."""
    from verbinding.config import ConfigError
    from verbinding.content import ContentError
    from verbinding.server import setup_django

    try:
        setup_django()
    except (ContentError, ConfigError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
