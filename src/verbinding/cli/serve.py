"""`verbinding serve`, `check` and `django`: running the app and its settings."""

from __future__ import annotations

import typer

from verbinding.cli.common import django_or_exit


def serve(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    port: int = typer.Option(
        8000, min=0, max=65535, help="Poort; 0 kiest een vrije poort (en toont welke)."
    ),
    workers: int = typer.Option(2, min=1, help="Aantal gunicorn-werkprocessen."),
    threads: int = typer.Option(
        4, min=1,
        help="Threads per werkproces; 1 geeft sync-werkers (voor achter nginx, zie "
        "docs/deployment.md).",
    ),
) -> None:
    """Start de app (gunicorn) op http://HOST:PORT.

    Past eerst de databasemigraties toe en maakt bij de eerste start een geheime sleutel
    (modus 0600) in de datamap. De datamap is VERBINDING_DATA_DIR of de standaard
    gebruikersmap van je systeem. Stoppen met Ctrl-C. Links in mails en in de agenda
    beginnen met VERBINDING_SITE_URL, of anders met het adres waarop de app luistert.
    """
    import os

    from verbinding.server import address, announcement, listen, prepare, run

    try:
        listener = listen(host, port)
    except OSError as exc:
        typer.echo(f"Kan niet luisteren op {host}:{port}: {exc.strerror}.", err=True)
        raise typer.Exit(1) from None
    # One source for the site's address: the operator's VERBINDING_SITE_URL, else where
    # this server really listens (port 0 included); set before Django reads its settings,
    # so every link agrees.
    os.environ.setdefault("VERBINDING_SITE_URL", address(listener))
    django_or_exit()
    from verbinding.config import data_dir

    prepare()
    # Tests and benchmarks start `serve --port 0` and read the address from this line.
    typer.echo(announcement(address(listener), data_dir()))
    typer.echo("Stoppen met Ctrl-C.")
    run(listener, workers, threads)


def check(
    deploy: bool = typer.Option(False, "--deploy", help="Ook de regels voor productie."),
) -> None:
    """Controleer de instellingen; met --deploy ook wat productie vraagt (HTTPS, cookies,
    HSTS, bestandsrechten). Elke waarschuwing telt als fout: exit-code 1."""
    django_or_exit()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=deploy, fail_level="WARNING")
    except SystemCheckError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None


def django(ctx: typer.Context) -> None:
    """Voer een Django-beheeropdracht uit, bijvoorbeeld `verbinding django check`."""
    django_or_exit()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["verbinding django", *ctx.args])


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(check)
    app.command(
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )(django)
