"""Operator commands for the clinic: `create-therapist`, `purge-clinic-files`."""

from __future__ import annotations

from typing import Annotated

import typer

from verbinding.cli.common import django_or_exit


def create_therapist(
    email: Annotated[str, typer.Argument(help="E-mailadres van de therapeut.")],
    name: Annotated[str, typer.Option("--name", help="Naam zoals cliënten die zien.")] = "",
    admin: Annotated[
        bool,
        typer.Option("--admin", help="Maak een praktijkbeheerder in plaats van een therapeut."),
    ] = False,
    send: Annotated[
        bool, typer.Option("--send/--no-send", help="Stuur de link ook per e-mail.")
    ] = True,
) -> None:
    """Maak een account voor een therapeut (of met --admin een praktijkbeheerder).

    Drukt een link af waar de persoon binnen een dag een wachtwoord kiest. Bij de eerste
    keer inloggen stelt die de tweestapsverificatie in (een authenticator-app).
    """
    django_or_exit()
    from django.conf import settings

    from verbinding.web.accounts.models import Role
    from verbinding.web.clinic.forms import create_staff, send_welcome

    role = Role.ADMIN if admin else Role.THERAPIST
    try:
        user, link = create_staff(email, name, role)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if send:
        send_welcome(user, link)
    typer.echo(f"Account {user.email} ({user.get_role_display()}) is aangemaakt.")
    typer.echo(f"Wachtwoord kiezen (een dag geldig): {settings.SITE_URL}{link}")


def purge_clinic_files(
    yes: Annotated[bool, typer.Option("--yes", help="Niet om bevestiging vragen.")] = False,
) -> None:
    """Wis cliëntdossiers en logboekregels die langer dan de bewaartermijn gesloten zijn.

    De bewaartermijn is VERBINDING_RETENTION_YEARS (standaard 20 jaar, zoals de WGBO
    vraagt), gerekend vanaf het einde van het delen of het wissen van het account. Een
    dossier waarmee nog gedeeld wordt, blijft altijd. Zonder --yes eerst een vraag.
    """
    django_or_exit()
    from django.conf import settings
    from django.utils import timezone

    from verbinding.web.clinic import retention

    now = timezone.now()
    found = retention.expired(now)
    years = settings.CLINIC_FILE_RETENTION_YEARS
    typer.echo(f"Ouder dan {years} jaar: {found.files} dossiers met {found.notes} notities, "
               f"en {found.lines} logboekregels.")
    if not (found.files or found.lines):
        typer.echo("Niets te wissen.")
        return
    if not yes and not typer.confirm("Dit definitief wissen?"):
        typer.echo("Niets gewist.")
        raise typer.Exit(1)
    done = retention.purge(now)
    typer.echo(f"Gewist: {done.files} dossiers, {done.notes} notities, {done.lines} regels.")


def register(app: typer.Typer) -> None:
    app.command("create-therapist")(create_therapist)
    app.command("purge-clinic-files")(purge_clinic_files)
