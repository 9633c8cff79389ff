"""Operator commands for a person's data rights: `export-user` and `delete-user`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from verbinding.cli.common import django_or_exit
from verbinding.files import write_private

if TYPE_CHECKING:
    from verbinding.web.accounts.models import User


def _user_or_exit(email: str) -> User:
    django_or_exit()
    from verbinding.web.accounts.models import User

    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        typer.echo(f"Geen account met het e-mailadres {email}.", err=True)
        raise typer.Exit(1)
    return user




EmailArg = Annotated[str, typer.Argument(help="E-mailadres van het account.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Bestand: .json, of .zip met CSV. Zonder: stdout."),
]
YesOpt = Annotated[bool, typer.Option("--yes", help="Niet om bevestiging vragen.")]


def export_user(email: EmailArg, output: OutputOpt = None) -> None:
    """Exporteer alles over één persoon (JSON, of zip met CSV per tabel).

    Versleutelde tekst (dagboek, notities) staat leesbaar in de export: bewaar het bestand
    veilig. Een bestand wordt met modus 0600 geschreven.
    """
    user = _user_or_exit(email)
    from verbinding.web.accounts import datarights

    if output is None:
        typer.echo(datarights.export_json(user).decode("utf-8"))
        return
    if not output.resolve().parent.is_dir():
        typer.echo(f"De map voor {output} bestaat niet.", err=True)
        raise typer.Exit(1)
    as_zip = output.suffix.lower() == ".zip"
    content = datarights.export_zip(user) if as_zip else datarights.export_json(user)
    write_private(output, content)
    typer.echo(f"Export van {user.email} geschreven naar {output} ({len(content)} bytes).")


def delete_user(email: EmailArg, yes: YesOpt = False) -> None:
    """Wis een account met alles erin (definitief: zelftests, plan, dagboek, herinneringen)."""
    user = _user_or_exit(email)
    from verbinding.web.accounts import datarights

    if not yes and not typer.confirm(f"Account {user.email} en alles erin definitief wissen?"):
        typer.echo("Niets gewist.")
        raise typer.Exit(1)
    user_id = user.pk
    datarights.delete_user(user)
    left = list(datarights.remaining_rows(user_id))
    if left:
        typer.echo(f"Let op: er zijn nog rijen over: {left}", err=True)
        raise typer.Exit(1)
    typer.echo(f"Account {email} en alles erin is gewist.")


def register(app: typer.Typer) -> None:
    app.command("export-user")(export_user)
    app.command("delete-user")(delete_user)
