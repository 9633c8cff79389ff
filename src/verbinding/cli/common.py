"""What the commands share: Django set up for them, or one sentence and exit code 1; and
the command group class every `typer.Typer` here uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup, TyperOption

try:
    from verbinding.cli.plainchecks import check_plainly
except ImportError:  # pragma: no cover - a Typer without these internals (see uv.lock)

    def check_plainly(param: object) -> None:
        """Another Typer than the locked one: it checks every value itself (slower)."""

if TYPE_CHECKING:
    # Typer's own copy of click, which its classes are built on.
    from typer._click import Command, Context


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


class Group(TyperGroup):
    """Typer's command group, with `--help` off by default.

    Typer gives its help option no default, so a command run without `--help` passes
    None through the option's type check, and that check is built with pydantic: importing
    it and building the check took longer than the rest of `verbinding instrument list`
    (issue #14: at most 0.3 s). False is what an absent flag means anyway; the value is a
    bool and typer skips the check. Used as `cls` of every `typer.Typer` here.
    """

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _off_by_default(super().get_help_option(ctx))

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        # A group sets its own; a command's help option is made once and kept.
        if command is not None and not isinstance(command, Group):
            _off_by_default(command.get_help_option(ctx))
            for param in command.params:
                check_plainly(param)
        return command


def _off_by_default(option: TyperOption | None) -> TyperOption | None:
    if option is not None and option.default is None:
        option.default = False
    return option

