"""Operator commands for the practice: `create-therapist`."""

from __future__ import annotations

from typing import Annotated

import typer


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
    from verbinding.cli import _django_or_exit

    _django_or_exit()
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


def register(app: typer.Typer) -> None:
    app.command("create-therapist")(create_therapist)
