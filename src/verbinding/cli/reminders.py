"""`verbinding send-reminders`: send the e-mail reminders that are due now.

Meant for cron or a systemd timer every few minutes; the work is in
`verbinding.web.reminders.services`, this module only reads options and prints.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from verbinding.cli.common import django_or_exit

NowOpt = Annotated[
    str | None,
    typer.Option(
        "--now",
        metavar="ISO-DATETIME",
        help="Doe alsof het dit moment is, bijvoorbeeld 2025-03-03T08:05 (zonder tijdzone: "
        "Nederlandse tijd). Handig om te testen of om een gemiste run in te halen. "
        "Standaard: nu.",
        show_default=False,
    ),
]
WindowOpt = Annotated[
    int,
    typer.Option(
        "--window",
        metavar="MINUTEN",
        min=1,
        max=24 * 60,
        help="Hoeveel minuten terug een moment nog verstuurd wordt. Laat de timer vaker "
        "lopen dan dit venster (bijvoorbeeld elke 5 minuten bij 15), dan wordt niets gemist "
        "en krijgt een mislukte mail nog een kans.",
    ),
]

# One line per paragraph: Typer's rich help keeps single line breaks as they are.
HELP = "\n\n".join(
    [
        "Verstuur de e-mailherinneringen die nu aan de beurt zijn.",
        "Voor iedereen die e-mailherinneringen heeft aangezet, krijgt elk gekozen moment "
        "(dagkaart lezen of oefenen, in Nederlandse tijd) tussen NU min WINDOW minuten en "
        "NU één mail. Bedoeld voor cron of een systemd-timer, bijvoorbeeld elke 5 minuten.",
        "Een moment wordt nooit twee keer verstuurd, ook niet als twee runs tegelijk lopen. "
        "Een mislukte mail wordt bij een volgende run opnieuw geprobeerd zolang het moment "
        "nog in het venster valt, hoogstens 3 keer in totaal.",
        "Drukt één regel af: verstuurd, overgeslagen (al door een andere run gedaan) en "
        "mislukt. De exitcode is 1 als er iets mislukte, met uitleg op stderr.",
        "De mailserver stel je in met VERBINDING_EMAIL_HOST, VERBINDING_EMAIL_PORT, "
        "VERBINDING_EMAIL_USER, VERBINDING_EMAIL_PASSWORD en VERBINDING_EMAIL_FROM; links "
        "in de mail beginnen met VERBINDING_SITE_URL. Zie docs/reminders.md.",
    ]
)


def send_reminders(now: NowOpt = None, window: WindowOpt = 15) -> None:
    """Send the due e-mail reminders; the user-facing text is HELP."""
    moment = _parse_now(now)
    django_or_exit()
    from django.db import DatabaseError

    from verbinding.web.reminders.services import send_due_reminders

    try:
        summary = send_due_reminders(moment, window)
    except DatabaseError as exc:
        typer.echo(
            f"De database kon niet worden gelezen ({exc}). Is de app bijgewerkt? "
            "Start `verbinding serve` één keer of voer `verbinding django migrate` uit.",
            err=True,
        )
        raise typer.Exit(1) from None
    typer.echo(summary.line())
    if summary.failed:
        typer.echo(
            f"Let op: {summary.failed} herinnering(en) konden niet worden verstuurd. "
            "Kijk of de mailserver bereikbaar is en de VERBINDING_EMAIL_-instellingen "
            "kloppen; een volgende run probeert het opnieuw (hoogstens 3 keer per moment).",
            err=True,
        )
        raise typer.Exit(1)


def _parse_now(text: str | None) -> dt.datetime:
    from verbinding.web.reminders.services import parse_now

    if text is None:
        return dt.datetime.now(dt.UTC)
    try:
        return parse_now(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is geen datum en tijd; schrijf bijvoorbeeld 2025-03-03T08:05.",
            param_hint="--now",
        ) from None


def register(app: typer.Typer) -> None:
    """Attach `send-reminders` to the main command."""
    app.command("send-reminders", help=HELP)(send_reminders)
