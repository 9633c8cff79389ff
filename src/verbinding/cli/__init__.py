"""The `verbinding` command: one small module per group of commands, each registering its
own. A module imports only what its commands' options need; the work (Django, numpy, the
measurement engine) is imported inside the command that does it, so `verbinding --help`
and `verbinding instrument list` start at once."""

from __future__ import annotations

import gc

# Python's cyclic garbage collector ran some thirty times while Typer and the command
# modules were imported, freeing nothing (issue #16: start-up is most of a small run).
# It is paused for these imports only, also when a test imports the command.
_collecting = gc.isenabled()
gc.disable()
try:
    import typer

    from verbinding.cli import accounts, backup, clinic, measure, reminders, research, serve
    from verbinding.cli.common import Group
finally:
    if _collecting:
        gc.enable()

app = typer.Typer(
    cls=Group,
    help="Verbindingsstijlen: de app starten en vragenlijsten scoren.",
    no_args_is_help=True,
    add_completion=False,
    # Plain help text: Rich's boxed help imports a Markdown renderer first, which alone
    # doubles the time `verbinding --help` takes.
    rich_markup_mode=None,
)
for _commands in (serve, measure, reminders, accounts, clinic, backup, research):
    _commands.register(app)


def main() -> None:
    app(prog_name="verbinding")
