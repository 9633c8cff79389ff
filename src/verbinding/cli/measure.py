"""CLI commands for instruments and response files: `instrument`, `score`, `analyse`,
`calibrate`.

Thin layer over `verbinding.measure`: read, call the engine, print a Rich table or JSON.
Every fault becomes one Dutch-first sentence on stderr and a non-zero exit code; an output
file is written to a temporary name and renamed only when everything succeeded.

This module holds the commands' options and help, and the small instrument commands; the
work on response files (numpy, the engine, progress bars) lives in `measure_work` and is
imported only when such a command runs, so `verbinding --help` and `instrument list`
start without it.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from verbinding.cli.common import Group
from verbinding.cli.measure_io import fail_faults, load_instrument, num, print_json
from verbinding.i18n import SOURCE_LANGUAGE, text_in
from verbinding.measure.defaults import DEFAULT_MAX_CI_WIDTH, DEFAULT_MIN_N

if TYPE_CHECKING:
    from rich.console import Console

    from verbinding.measure.instrument import Instrument

instrument_app = typer.Typer(
    cls=Group,
    help="Vragenlijsten bekijken en controleren (list, show and validate instruments).",
    no_args_is_help=True,
    rich_markup_mode=None,
)

InstrumentOpt = Annotated[
    str,
    typer.Option(
        "--instrument",
        "-i",
        help="Id van een vragenlijst (de huidige versie: een geïnstalleerde wint van de "
        "ingebouwde) of pad naar een YAML-bestand (instrument id or YAML file).",
    ),
]
MissingOpt = Annotated[
    list[float] | None,
    typer.Option(
        "--missing-code",
        help="Waarde die 'niet beantwoord' betekent; mag vaker (extra missing code, "
        "repeatable). Lege cellen en NA zijn altijd ontbrekend.",
    ),
]
DelimiterOpt = Annotated[
    str,
    typer.Option(
        "--delimiter",
        help="Scheidingsteken tussen kolommen: ',' (standaard), ';' of 'tab' (column separator).",
    ),
]
DataArg = Annotated[
    Path,
    typer.Argument(
        help="CSV-bestand met een kopregel; itemkolommen op naam (CSV file with a header)."
    ),
]


# What OpenBLAS (numpy's linear algebra) reads for its number of threads, strongest first.
_BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


@contextmanager
def _loading_the_engine() -> Iterator[None]:
    """Import `measure_work` (numpy, pydantic and the engine) in this block.

    On a small file these imports are most of the run (issue #16), and two things made
    them slower than they need be. OpenBLAS starts a worker thread per core when numpy
    loads, and those threads wait busily while the command is still importing the rest
    (numpy's import took 0.128 s of CPU instead of 0.092 s on a 2-core machine); so
    numpy loads with one BLAS thread, which is what the reading passes ran with already
    (`measure_work._Run`), with the same results. A thread count the user set wins, and
    the variable is only set while numpy loads. And Python's cyclic garbage collector
    ran some seventy times while these modules were built, freeing nothing; it
    is paused for the imports, and what they built is then kept out of its later rounds
    (`gc.freeze`).
    """
    if "numpy" in sys.modules:  # loaded already (a test, a caller): nothing to gain
        yield
        return
    blas = not any(name in os.environ for name in _BLAS_THREAD_VARIABLES)
    if blas:
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if blas:
            del os.environ["OPENBLAS_NUM_THREADS"]
        if collecting:
            gc.freeze()
            gc.enable()


def _text(texts: dict[str, str] | None, lang: str = SOURCE_LANGUAGE) -> str:
    return text_in(texts, lang)


# --- instrument list | show | validate ----------------------------------------------


@instrument_app.command("list")
def instrument_list(
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")] = False,
) -> None:
    """Toon de vragenlijsten in hun huidige versie (list the instruments, current versions).

    An installed version (VERBINDING_DATA_DIR/instruments/, e.g. written by `verbinding
    calibrate`) wins over the built-in one of the same id, as in the app. The rows come
    from a cache kept by the full loader, so the list starts without pydantic.
    """
    from verbinding.config import instruments_dir
    from verbinding.measure.catalogue import current_summaries

    try:
        rows = current_summaries(instruments_dir())
    except ValueError as exc:
        # A broken file reaches the full loader, which has then been imported anyway.
        from verbinding.measure.instrument import InstrumentError

        if not isinstance(exc, InstrumentError):
            raise
        fail_faults(exc)
    if as_json:
        print_json(rows)
        return
    # Rich is imported for the tables only: `--json` and the work commands start without it.
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Vragenlijsten (huidige versies)")
    for column in ("id", "versie", "bron", "hash", "titel", "items", "schalen", "indeling"):
        table.add_column(column, no_wrap=column in {"id", "hash", "bron"})
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["version"]),
            "geïnstalleerd" if row["installed"] else "ingebouwd",
            str(row["content_hash"]),
            _text(row["title"]),
            str(row["items"]),
            ", ".join(row["scales"]),
            str(row["classification"] or "—"),
        )
    Console().print(table)


def _show_tables(inst: Instrument, console: Console) -> None:
    from rich.table import Table

    console.print(
        f"[bold]{inst.id}[/] versie {inst.version} (hash {inst.content_hash}) — "
        f"{_text(inst.title)}",
        soft_wrap=True,
    )
    rs = inst.response_scale
    console.print(
        f"Antwoordschaal {rs.min}–{rs.max}; ontbrekend-codes {inst.missing_codes or 'geen'}; "
        f"minimaal beantwoord {inst.min_answered:.0%} per schaal"
    )
    if inst.classification is not None:
        console.print(f"Indeling: {inst.classification.model_dump()}", markup=False)
    if inst.targets:
        console.print("Doelen: " + ", ".join(t.id for t in inst.targets))
    scales = Table(title="Schalen")
    for column in ("schaal", "titel", "items", "betrouwbaarheid", "sd", "SEM"):
        scales.add_column(column)
    for scale in inst.scales:
        rel = scale.reliability
        scales.add_row(
            scale.id,
            _text(scale.title),
            ", ".join(scale.items),
            num(rel.coefficient, 2) if rel else "—",
            num(rel.sd, 2) if rel else "—",
            num(rel.sem, 3) if rel else "—",
        )
    console.print(scales)
    items = Table(title="Items")
    for column in ("item", "omgekeerd", "tekst"):
        items.add_column(column)
    for item in inst.items:
        items.add_row(item.id, "ja" if item.reverse else "", _text(item.text))
    console.print(items)


@instrument_app.command("show")
def instrument_show(
    name: Annotated[str, typer.Argument(metavar="ID|FILE", help="Id of pad (id or file).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="De hele definitie als JSON (whole definition).")
    ] = False,
) -> None:
    """Toon een vragenlijst: schalen, items, regels (show one instrument)."""
    inst = load_instrument(name)
    if as_json:
        print_json(inst.to_json_dict())
        return
    from rich.console import Console

    _show_tables(inst, Console())


@instrument_app.command("validate")
def instrument_validate(
    file: Annotated[Path, typer.Argument(help="YAML-bestand van de vragenlijst.")],
) -> None:
    """Controleer een vragenlijstbestand; elke fout met bestand, regel en veld.

    Check an instrument file; every fault is reported with file, line and field.
    Exit code 0 when valid, 1 otherwise.
    """
    from rich.console import Console

    from verbinding.measure.instrument import InstrumentError, load_instrument

    try:
        inst = load_instrument(file)
    except InstrumentError as exc:
        fail_faults(exc)
    Console().print(
        f"OK: {file} is geldig — {inst.id} versie {inst.version}, hash {inst.content_hash}, "
        f"{len(inst.items)} items, {len(inst.scales)} schalen.",
        soft_wrap=True,
    )


# --- response files: score | analyse | calibrate -----------------------------------


def score(
    data: DataArg,
    instrument: InstrumentOpt,
    missing_code: MissingOpt = None,
    id_column: Annotated[
        str | None,
        typer.Option("--id-column", help="Kolom die als id wordt meegenomen (carried through)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Uitvoerbestand: .json voor JSON, anders CSV. Zonder -o: CSV naar stdout.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON naar stdout in plaats van CSV (zonder -o).")
    ] = False,
) -> None:
    """Scoor een antwoordbestand: per respondent een rij met een kolom per schaal.

    Score a response file: one row per respondent, in input order, one column per scale
    (named by the scale id), plus the profile (dominant, mixed, acquiescence) or the
    quadrant (quadrant, borderline) when the instrument has a classification. A scale
    with too few answers is an empty cell. A value outside the scale that is not a
    missing code stops the run with the row and column named; nothing is written then.
    """
    with _loading_the_engine():
        from verbinding.cli import measure_work
    measure_work.score(
        data=data,
        instrument=instrument,
        missing_code=missing_code,
        id_column=id_column,
        output=output,
        as_json=as_json,
    )


def analyse_command(
    data: DataArg,
    instrument: InstrumentOpt,
    missing_code: MissingOpt = None,
    pairwise: Annotated[
        bool,
        typer.Option(
            "--pairwise",
            help="Paarsgewijze covarianties in plaats van alleen volledige rijen "
            "(pairwise instead of listwise deletion).",
        ),
    ] = False,
    factors: Annotated[
        bool,
        typer.Option(
            "--factors",
            help="Ook een verkennende factoranalyse: aantal factoren uit parallelle analyse, "
            "oblimin-rotatie, items die op een andere schaal of onder .30 laden "
            "(exploratory factor analysis).",
        ),
    ] = False,
    delimiter: DelimiterOpt = ",",
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")] = False,
) -> None:
    """Betrouwbaarheid per schaal: n, gemiddelde, sd, alpha met 95%-BI, omega, items.

    Reliability per scale: n, mean, sd, Cronbach's alpha with Feldt's 95 % interval,
    McDonald's omega total, and per item the item-rest correlation and alpha if the item
    is deleted; plus correlations between scale scores. Listwise by default.
    JSON: {"scales": {SCALE: {"n", "mean", "sd", "alpha", "alpha_ci": [lo, hi], "omega",
    "items": {ITEM: {"item_rest_r", "alpha_if_deleted"}}}}, "correlations": {...}}.
    With --factors also the structure check (docs/measurement.md), in JSON under
    "factors": {"n", "n_factors", "eigenvalues", "random_eigenvalues", "factor_scales",
    "items": {ITEM: {"scale", "loadings", "factor", "flags"}}}.
    """
    with _loading_the_engine():
        from verbinding.cli import measure_work
    measure_work.analyse_command(
        data=data,
        instrument=instrument,
        missing_code=missing_code,
        pairwise=pairwise,
        factors=factors,
        delimiter=delimiter,
        as_json=as_json,
    )


def calibrate_command(
    data: DataArg,
    instrument: InstrumentOpt,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Het nieuwe vragenlijstbestand (YAML) dat wordt geschreven."
        ),
    ],
    population: Annotated[
        str,
        typer.Option("--population", help="Wie de respondenten zijn (who the respondents are)."),
    ] = "niet opgegeven",
    period: Annotated[
        str,
        typer.Option(
            "--period", help="Wanneer de antwoorden zijn verzameld (when the data were collected)."
        ),
    ] = "niet opgegeven",
    new_version: Annotated[
        str | None,
        typer.Option(
            "--new-version",
            help="Versielabel van de nieuwe vragenlijst; standaard de oude versie met "
            "'-gekalibreerd-' en de datum van vandaag.",
        ),
    ] = None,
    min_n: Annotated[
        int,
        typer.Option("--min-n", min=2, help="Minimum aantal volledige respondenten per schaal."),
    ] = DEFAULT_MIN_N,
    max_ci_width: Annotated[
        float,
        typer.Option(
            "--max-ci-width",
            min=0.0,
            help="Grootste toegestane breedte van het 95%-interval van alpha.",
        ),
    ] = DEFAULT_MAX_CI_WIDTH,
    missing_code: MissingOpt = None,
    delimiter: DelimiterOpt = ",",
) -> None:
    """Maak een nieuwe versie van een vragenlijst uit echte antwoorden.

    Calibrate: computes per scale, from the respondents who answered all its items, n,
    mean, SD, Cronbach's alpha with Feldt's 95 % interval, omega total, item-rest
    correlations and norms (percentiles 5–95 and a look-up table), and writes a new
    instrument version: the same items, a new version label, and per scale `reliability`
    and `norms` with their provenance (n, period, population, this command). Refuses,
    writing nothing, when a scale has fewer than --min-n complete respondents or when
    alpha's interval is wider than --max-ci-width. Prints what changes for people: old
    and new SEM, the reliable-change threshold, and how many respondents in the file get
    another verdict under the new version.
    """
    with _loading_the_engine():
        from verbinding.cli import measure_work
    measure_work.calibrate_command(
        data=data,
        instrument=instrument,
        output=output,
        population=population,
        period=period,
        new_version=new_version,
        min_n=min_n,
        max_ci_width=max_ci_width,
        missing_code=missing_code,
        delimiter=delimiter,
    )


def register(app: typer.Typer) -> None:
    """Attach `instrument`, `score`, `analyse` and `calibrate` to the main command."""
    app.add_typer(instrument_app, name="instrument")
    app.command("score")(score)
    app.command("analyse")(analyse_command)
    app.command("calibrate")(calibrate_command)
