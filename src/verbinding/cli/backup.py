"""`verbinding backup FILE` and `restore FILE`: thin commands over verbinding.backup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from verbinding.cli.common import django_or_exit

FileArg = Annotated[Path, typer.Argument(help="Het archief (bijvoorbeeld backup.tar.gz).")]
WithKeyOpt = Annotated[
    bool,
    typer.Option("--with-key", help="Zet ook de versleutelsleutel in de back-up (met risico: "
                                    "wie het bestand heeft, kan dan alles lezen)."),
]


def backup(
    file: FileArg,
    with_key: WithKeyOpt = False,
    yes: Annotated[bool, typer.Option("--yes", "--force", "-y",
                                      help="Een bestaand bestand overschrijven.")] = False,
) -> None:
    """Maak een back-up van de hele database in één archief (modus 0600).

    SQLite: een consistente kopie via de online-back-up van SQLite; de app mag blijven
    draaien. PostgreSQL: alle tabellen in één momentopname (COPY), zonder pg_dump. Het
    archief bevat een manifest met rijen per tabel en SHA-256-controlesommen.

    Versleutelde tekst blijft versleuteld. De versleutelsleutel gaat standaard NIET mee:
    een back-up die de machine verlaat, zou anders de sleutel van zijn eigen geheimen
    bevatten. Bewaar de sleutel apart; de opdracht zegt waar hij staat. Met --with-key
    gaat hij wel mee.
    """
    django_or_exit()
    from verbinding.backup import BackupError, create_backup

    try:
        lines = create_backup(file, with_key, overwrite=yes)
    except BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    for line in lines:
        typer.echo(line)


def restore(
    file: FileArg,
    yes: Annotated[bool, typer.Option("--yes", "--force", "-y",
                                      help="Een database met gegevens zonder vragen "
                                           "vervangen.")] = False,
) -> None:
    """Zet een back-up terug: alle gegevens worden vervangen, alles of niets.

    Eerst wordt alles gecontroleerd (archief, formaatversie, controlesommen, soort
    database, sleutel); pas daarna verandert er iets. Een database met gegevens wordt
    alleen vervangen na bevestiging of met --yes (zonder terminal wordt niets gevraagd).
    Stop de app tijdens het herstellen en start hem daarna opnieuw; die past dan zo nodig
    migraties toe. Een SQLite-back-up gaat alleen terug in SQLite, een PostgreSQL-back-up
    alleen in PostgreSQL (een lege database mag: de tabellen worden aangemaakt).

    Zat de sleutel in de back-up (--with-key), dan wordt hij teruggezet als hier nog geen
    sleutel is. Een andere sleutel die er al is, wordt nooit overschreven.
    """
    django_or_exit()
    from verbinding.backup import BackupError, restore_backup

    def confirm() -> bool:
        if yes:
            return True
        # Never a prompt without a terminal (cron, CI): there nobody can answer it.
        if not sys.stdin.isatty():
            return False
        return typer.confirm("De database bevat al gegevens. Alles vervangen door de back-up?")

    try:
        lines = restore_backup(file, confirm)
    except BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    for line in lines:
        typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
