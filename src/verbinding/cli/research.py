"""`verbinding research export`: the consented, de-identified answers for researchers.

The work (Django, pandas, pyreadstat) is imported inside the command, so `verbinding
--help` starts without it.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from verbinding.cli.common import Group, django_or_exit

if TYPE_CHECKING:
    from verbinding.measure.instrument import Instrument

research_app = typer.Typer(
    cls=Group,
    help="Onderzoek: geanonimiseerde antwoorden met toestemming (research export).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _fail(message: str) -> None:
    typer.echo(f"Fout: {message}", err=True)
    raise typer.Exit(1)


def _since(raw: str | None) -> date | None:
    if raw is None:
        return None
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        _fail(f"--since verwacht een datum als 2026-01-31, niet {raw!r}.")
    return None


@research_app.command("export")
def export(
    instrument_id: Annotated[str, typer.Option(
        "--instrument", "-i", help="Id van de vragenlijst (instrument id), bv. vier-stijlen.")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Uitvoerbestand, .csv of .sav; het codeboek komt ernaast "
        "(FILE.codebook.json).")],
    since: Annotated[str | None, typer.Option(
        "--since", help="Alleen zelftests afgerond op of na deze datum (JJJJ-MM-DD).")] = None,
    file_format: Annotated[str, typer.Option(
        "--format", help="csv (standaard) of sav (SPSS, met variabele- en waardelabels).")]
        = "csv",
) -> None:
    """Exporteer de antwoorden waarvoor mensen toestemming gaven, één rij per deel.

    Export the consented answers, one row per part, in the CSV form `score` and `analyse`
    read, with a codebook. Rare combinations (fewer than 5 people with the same language,
    relationships, age band and gender) lose age band and gender, or are left out.
    Exported consents can no longer be withdrawn. Files are written with mode 0600.
    """
    start = _since(since)
    if file_format not in ("csv", "sav"):
        _fail(f"--format is csv of sav, niet {file_format!r}.")
    if not output.resolve().parent.is_dir():
        _fail(f"De map voor {output} bestaat niet.")
    from verbinding.config import instruments_dir
    from verbinding.measure.instrument import InstrumentError, get_instrument

    try:
        instrument = get_instrument(instrument_id, instruments_dir())
    except (InstrumentError, LookupError, ValueError, OSError):
        _fail(f"Onbekende vragenlijst: {instrument_id}.")
    django_or_exit()
    _write(instrument, start, output, file_format)


def _write(instrument: Instrument, start: date | None, output: Path, file_format: str) -> None:
    from django.conf import settings

    from verbinding import research
    from verbinding.files import write_private

    item_ids = [item.id for item in instrument.items]
    people = research.consented_people(instrument.id, start)
    protected = research.protect(people)
    columns = [*research.DESCRIBING, *item_ids]
    table = research.rows(protected.people, item_ids)
    languages = [code for code, _ in settings.LANGUAGES]
    book = research.codebook(instrument, columns, languages)
    content = (research.to_sav(table, columns, book) if file_format == "sav"
               else research.to_csv(table, columns))
    codebook_path = output.with_name(output.stem + ".codebook.json")
    write_private(codebook_path, research.codebook_json(book))
    write_private(output, content)
    research.mark_exported(protected.people)
    typer.echo(
        f"{len(table)} rijen van {len(protected.people)} mensen geschreven naar {output} "
        f"(codeboek: {codebook_path}). Van {len(people)} mensen met toestemming: "
        f"{protected.coarsened} zonder leeftijdsgroep en gender (minder dan {research.K} "
        f"mensen met dezelfde combinatie), {protected.left_out} weggelaten (ook zonder die "
        f"twee nog minder dan {research.K})."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(research_app, name="research")
