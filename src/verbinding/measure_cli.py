"""CLI commands for instruments and response files: `instrument`, `score`, `analyse`,
`calibrate`.

Thin layer over `verbinding.measure`: read, call the engine, print a Rich table or JSON.
Every fault becomes one Dutch-first sentence on stderr and a non-zero exit code; an output
file is written to a temporary name and renamed only when everything succeeded.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import json
import math
import os
import shlex
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn, TextIO

import numpy as np
import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from verbinding.csvcells import safe_cell, safe_row
from verbinding.measure import (
    QUADRANTS,
    Instrument,
    InstrumentError,
    ResponseValueError,
    UnknownInstrumentError,
    analyse,
    builtin_instruments,
    classify_profiles,
    classify_quadrants,
    get_instrument,
    load_instrument,
    score_matrix,
)
from verbinding.measure.calibrate import (
    DEFAULT_MAX_CI_WIDTH,
    DEFAULT_MIN_N,
    CalibrationRefused,
    Provenance,
    ScaleCalibration,
    ScaleChange,
    VerdictChanges,
    calibrated_instrument,
    check_calibration,
    instrument_yaml,
    scale_changes,
    scale_statistics,
    verdict_changes,
)
from verbinding.measure.factors import WEAK_LOADING, FactorReport, explore_factors
from verbinding.measure.instrument import ProfileRule, QuadrantRule
from verbinding.measure.responses import ResponseFileError, ResponseTable, read_responses
from verbinding.measure.scoring import ScaleScores

PROGRESS_FROM_BYTES = 1_000_000

instrument_app = typer.Typer(
    help="Vragenlijsten bekijken en controleren (list, show and validate instruments).",
    no_args_is_help=True,
)

InstrumentOpt = Annotated[
    str,
    typer.Option(
        "--instrument",
        "-i",
        help="Id van een ingebouwde vragenlijst of pad naar een YAML-bestand "
        "(built-in instrument id or YAML file).",
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


def _err() -> Console:
    return Console(stderr=True, highlight=False)


def _fail(message: str) -> NoReturn:
    prefix = "" if message.startswith("Fout") else "Fout: "
    _err().print(prefix + message, markup=False, soft_wrap=True)
    raise typer.Exit(code=1)


def _fail_faults(error: InstrumentError) -> NoReturn:
    console = _err()
    count = len(error.faults)
    noun = "fout" if count == 1 else "fouten"
    console.print(
        f"[bold red]Fout:[/] de vragenlijst is ongeldig ({count} {noun}):", soft_wrap=True
    )
    for fault in error.faults:
        console.print(f"  {fault}", markup=False, soft_wrap=True)
    raise typer.Exit(code=1)


def _instrument(name: str) -> Instrument:
    try:
        return get_instrument(name)
    except InstrumentError as exc:
        _fail_faults(exc)
    except UnknownInstrumentError as exc:
        _fail(str(exc))


def _text(texts: dict[str, str] | None, lang: str = "nl") -> str:
    if not texts:
        return ""
    return texts.get(lang) or next(iter(texts.values()))


def _num(value: float | None, digits: int = 3) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --- instrument list | show | validate ----------------------------------------------


@instrument_app.command("list")
def instrument_list(
    as_json: Annotated[bool, typer.Option("--json", help="Uitvoer als JSON.")] = False,
) -> None:
    """Toon de ingebouwde vragenlijsten (list the built-in instruments)."""
    try:
        found = builtin_instruments()
    except InstrumentError as exc:
        _fail_faults(exc)
    rows = [
        {
            "id": inst.id,
            "version": inst.version,
            "content_hash": inst.content_hash,
            "title": inst.title,
            "items": len(inst.items),
            "scales": list(inst.scale_ids),
            "classification": inst.classification.kind if inst.classification else None,
            "file": str(inst.path),
        }
        for inst in found.values()
    ]
    if as_json:
        _print_json(rows)
        return
    table = Table(title="Ingebouwde vragenlijsten")
    for column in ("id", "versie", "hash", "titel", "items", "schalen", "indeling"):
        table.add_column(column, no_wrap=column in {"id", "hash"})
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["version"]),
            str(row["content_hash"]),
            _text(row["title"]),  # type: ignore[arg-type]
            str(row["items"]),
            ", ".join(row["scales"]),  # type: ignore[arg-type]
            str(row["classification"] or "—"),
        )
    Console().print(table)


def _show_tables(inst: Instrument, console: Console) -> None:
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
            _num(rel.coefficient, 2) if rel else "—",
            _num(rel.sd, 2) if rel else "—",
            _num(rel.sem, 3) if rel else "—",
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
    inst = _instrument(name)
    if as_json:
        _print_json(inst.to_json_dict())
        return
    _show_tables(inst, Console())


@instrument_app.command("validate")
def instrument_validate(
    file: Annotated[Path, typer.Argument(help="YAML-bestand van de vragenlijst.")],
) -> None:
    """Controleer een vragenlijstbestand; elke fout met bestand, regel en veld.

    Check an instrument file; every fault is reported with file, line and field.
    Exit code 0 when valid, 1 otherwise.
    """
    try:
        inst = load_instrument(file)
    except InstrumentError as exc:
        _fail_faults(exc)
    Console().print(
        f"OK: {file} is geldig — {inst.id} versie {inst.version}, hash {inst.content_hash}, "
        f"{len(inst.items)} items, {len(inst.scales)} schalen.",
        soft_wrap=True,
    )


# --- reading response files ---------------------------------------------------------


@contextlib.contextmanager
def _progress(path: Path) -> Iterator[Callable[[int, int], None] | None]:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size < PROGRESS_FROM_BYTES:
        yield None
        return
    columns = (
        TextColumn("[bold]lezen[/] " + path.name),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=_err(), transient=True) as bar:
        task = bar.add_task("lezen", total=size)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=min(done, total))

        yield update


def _separator(delimiter: str) -> str:
    named = {"tab": "\t", "\\t": "\t", ",": ",", ";": ";", "\t": "\t"}
    if delimiter not in named:
        _fail(f"scheidingsteken '{delimiter}' ken ik niet; kies ',', ';' of 'tab'.")
    return named[delimiter]


def _read(
    data: Path,
    inst: Instrument,
    codes: list[float] | None,
    id_column: str | None = None,
    delimiter: str = ",",
) -> ResponseTable:
    separator = _separator(delimiter)
    with _progress(data) as progress:
        try:
            return read_responses(
                data,
                inst,
                missing_codes=codes or (),
                id_column=id_column,
                progress=progress,
                delimiter=separator,
            )
        except ResponseFileError as exc:
            _fail(str(exc))


# --- score --------------------------------------------------------------------------


def _classification_columns(inst: Instrument, scores: ScaleScores) -> dict[str, list[str]]:
    rule = inst.classification
    n = len(scores)
    if isinstance(rule, ProfileRule):
        arrays = classify_profiles(inst, scores)
        dominant = [inst.scale_ids[d] if d >= 0 else "" for d in arrays.dominant.tolist()]
        mixed = ["+".join(arrays.mixed(i)) for i in range(n)]
        flag = ["true" if f else "false" for f in arrays.acquiescence_flag.tolist()]
        acq = [_num(v, 4) for v in scores.acquiescence.tolist()]
        return {
            "dominant": dominant,
            "mixed": mixed,
            "acquiescence": acq,
            "acquiescence_flag": flag,
        }
    if isinstance(rule, QuadrantRule):
        quad = classify_quadrants(inst, scores)
        names = [QUADRANTS[q] if q >= 0 else "" for q in quad.quadrant.tolist()]
        border = ["true" if b else "false" for b in quad.borderline.tolist()]
        return {"quadrant": names, "borderline": border}
    return {}


def _score_text(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.6f}".rstrip("0").rstrip(".")


def _write_csv(
    out: TextIO, table: ResponseTable, scores: ScaleScores, extra: dict[str, list[str]]
) -> None:
    writer = csv.writer(out, lineterminator="\n")
    header = ([table.id_column] if table.id_column else []) + list(scores.scale_ids) + list(extra)
    writer.writerow(safe_row(header))
    texts = np.vectorize(_score_text, otypes=[object])(scores.scores) if len(scores) else []
    extra_cols = list(extra.values())
    for i in range(len(scores)):
        row = [safe_cell(table.ids[i])] if table.ids is not None else []
        row.extend(texts[i])  # numbers as text: left as they are
        row.extend(safe_cell(col[i]) for col in extra_cols)
        writer.writerow(row)


def _json_value(column: str, text: str) -> Any:
    if column in {"acquiescence_flag", "borderline"}:
        return text == "true"
    if column == "mixed":
        return text.split("+") if text else []
    if column == "acquiescence":
        return float(text) if text else None
    return text or None


def _write_json(
    out: TextIO,
    inst: Instrument,
    table: ResponseTable,
    scores: ScaleScores,
    extra: dict[str, list[str]],
) -> None:
    rows = []
    for i in range(len(scores)):
        record: dict[str, Any] = {}
        if table.ids is not None and table.id_column:
            record[table.id_column] = table.ids[i]
        record.update(scores.row(i))
        record.update({k: _json_value(k, v[i]) for k, v in extra.items()})
        rows.append(record)
    meta = {"id": inst.id, "version": inst.version, "content_hash": inst.content_hash}
    json.dump({"instrument": meta, "rows": rows}, out, ensure_ascii=False, indent=1)
    out.write("\n")


def _write_atomically(path: Path, write: Callable[[TextIO], None]) -> None:
    """Write to a temporary file next to `path` and rename it only when complete."""
    directory = path.resolve().parent
    if not directory.is_dir():
        _fail(f"map {directory} bestaat niet (output directory does not exist).")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            write(out)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


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
    inst = _instrument(instrument)
    table = _read(data, inst, missing_code, id_column)
    try:
        scores = score_matrix(inst, table.matrix, missing_codes=missing_code or ())
    except ResponseValueError as exc:  # pragma: no cover - read_responses checks first
        _fail(str(exc))
    extra = _classification_columns(inst, scores)
    wants_json = output.suffix.lower() == ".json" if output else as_json

    def write(out: TextIO) -> None:
        if wants_json:
            _write_json(out, inst, table, scores, extra)
        else:
            _write_csv(out, table, scores, extra)

    if output is None:
        buffer = io.StringIO()
        write(buffer)
        sys.stdout.write(buffer.getvalue())
        return
    _write_atomically(output, write)
    _err().print(f"{len(scores)} respondenten gescoord → {output}", soft_wrap=True)


# --- analyse ------------------------------------------------------------------------


def _analysis_tables(result: dict[str, Any], console: Console) -> None:
    summary = Table(title="Betrouwbaarheid per schaal (reliability)")
    for column in ("schaal", "n", "gemiddelde", "sd", "alpha", "95%-BI", "omega"):
        summary.add_column(column, justify="right")
    for scale_id, info in result["scales"].items():
        low, high = info["alpha_ci"]
        summary.add_row(
            scale_id,
            str(info["n"]),
            _num(info["mean"]),
            _num(info["sd"]),
            _num(info["alpha"]),
            f"[{_num(low)}, {_num(high)}]",
            _num(info["omega"]),
        )
    console.print(summary)
    for scale_id, info in result["scales"].items():
        items = Table(title=f"Items van {scale_id}")
        for column in ("item", "item-rest r", "alpha zonder item"):
            items.add_column(column, justify="right")
        for item_id, stats in info["items"].items():
            items.add_row(item_id, _num(stats["item_rest_r"]), _num(stats["alpha_if_deleted"]))
        console.print(items)
    names = list(result["correlations"])
    corr = Table(title="Correlaties tussen schalen (inter-scale correlations)")
    corr.add_column("")
    for name in names:
        corr.add_column(name, justify="right")
    for name in names:
        corr.add_row(name, *(_num(result["correlations"][name][other], 2) for other in names))
    console.print(corr)


def _factor_tables(report: FactorReport, console: Console) -> None:
    console.print(
        f"Factoranalyse (minres, oblimin) op {report.n} volledige respondenten: "
        f"{report.n_factors} factoren volgens parallelle analyse.",
        soft_wrap=True,
    )
    table = Table(title="Ladingen per item (loadings; * = hoogste)")
    table.add_column("item")
    table.add_column("schaal")
    for f, owner in enumerate(report.factor_scales):
        table.add_column(f"F{f + 1} {owner or '—'}", justify="right")
    table.add_column("let op")
    words = {"wrong_scale": "laadt op een andere schaal", "weak": "lading onder .30"}
    for item_id, info in report.items.items():
        cells = [
            f"{value:.2f}{'*' if f == info.factor else ''}" for f, value in enumerate(info.loadings)
        ]
        note = "; ".join(words[flag] for flag in info.flags)
        table.add_row(item_id, info.scale, *cells, note)
    console.print(table)
    console.print(
        f"{report.at_home()} van {len(report.items)} items laden het hoogst op de factor "
        "van hun eigen schaal.",
        soft_wrap=True,
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
    inst = _instrument(instrument)
    table = _read(data, inst, missing_code, delimiter=delimiter)
    if len(table) < 2:
        _fail(f"{data}: te weinig respondenten voor een analyse ({len(table)}).")
    result = analyse(
        inst, table.matrix, missing_codes=tuple(missing_code or ()), pairwise=pairwise
    ).model_dump(mode="json")
    report = None
    if factors:
        try:
            report = explore_factors(inst, table.matrix)
        except ValueError as exc:
            _fail(f"{data}: {exc}.")
        result["factors"] = report.model_dump(mode="json")
    if as_json:
        _print_json(result)
        return
    console = Console()
    _analysis_tables(result, console)
    if report is not None:
        _factor_tables(report, console)


# --- calibrate ----------------------------------------------------------------------


def _command_line(data: Path, instrument: str, output: Path, codes: list[float] | None) -> str:
    """The command as provenance: file names only, no local folders."""
    name = Path(instrument).name if instrument.endswith((".yaml", ".yml")) else instrument
    parts = ["verbinding", "calibrate", data.name, "--instrument", name, "-o", output.name]
    for code in codes or ():
        parts += ["--missing-code", f"{code:g}"]
    return shlex.join(parts)


def _calibration_table(stats: dict[str, ScaleCalibration], console: Console) -> None:
    table = Table(title="Nieuwe cijfers per schaal (calibration)")
    for column in ("schaal", "n", "gemiddelde", "sd", "alpha", "95%-BI", "omega"):
        table.add_column(column, justify="right")
    points = (5, 10, 25, 50, 75, 90, 95)
    norms = Table(title="Normen: score bij percentiel (norms)")
    norms.add_column("schaal", justify="right")
    for point in points:
        norms.add_column(f"P{point}", justify="right")
    for scale_id, info in stats.items():
        low, high = info.alpha_ci
        table.add_row(
            scale_id,
            str(info.n),
            _num(info.mean),
            _num(info.sd),
            _num(info.alpha),
            f"[{_num(low)}, {_num(high)}]",
            _num(info.omega),
        )
        norms.add_row(scale_id, *(_num(info.percentiles.get(p), 2) for p in points))
    console.print(table)
    console.print(norms)
    low_items = [
        f"{item} ({scale_id}, r = {r:.2f})"
        for scale_id, info in stats.items()
        for item, r in info.item_rest.items()
        if r is not None and r < WEAK_LOADING
    ]
    if low_items:
        console.print("Items met een item-rest-correlatie onder .30: " + ", ".join(low_items))


def _changes_table(
    changes: dict[str, ScaleChange], verdicts: VerdictChanges, console: Console
) -> None:
    table = Table(title="Wat er verandert voor mensen (what changes)")
    for column in ("schaal", "SEM oud", "SEM nieuw", "drempel oud", "drempel nieuw"):
        table.add_column(column, justify="right")
    for scale_id, change in changes.items():
        table.add_row(
            scale_id,
            _num(change.old_sem),
            _num(change.new_sem),
            _num(change.old_threshold),
            _num(change.new_threshold),
        )
    console.print(table)
    console.print(
        "De drempel is het kleinste verschil tussen twee metingen dat als betrouwbare "
        "verandering telt (95 %).",
        soft_wrap=True,
    )
    if verdicts.kind is None:
        console.print("Deze vragenlijst heeft geen indeling, dus geen uitslagen om te vergelijken.")
        return
    what = "dominant/gemengd" if verdicts.kind == "profile" else "kwadrant"
    line = (
        f"Van de {verdicts.classified} respondenten met een uitslag krijgen er "
        f"{verdicts.changed} een andere uitslag ({what}) met de nieuwe versie"
    )
    if verdicts.kind == "quadrant":
        line += f", en bij {verdicts.borderline_changed} verandert 'grensgeval'"
    console.print(line + ".", soft_wrap=True)


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
    inst = _instrument(instrument)
    if inst.path is not None and output.resolve() == inst.path.resolve():
        _fail("kies voor -o een nieuw bestand; de oude versie blijft zoals ze is.")
    table = _read(data, inst, missing_code, delimiter=delimiter)
    stats = scale_statistics(inst, table.matrix)
    try:
        check_calibration(stats, min_n=min_n, max_ci_width=max_ci_width)
    except CalibrationRefused as exc:
        _fail(str(exc))
    version = new_version or f"{inst.version}-gekalibreerd-{datetime.date.today().isoformat()}"
    provenance = Provenance(
        population=population,
        period=period,
        command=_command_line(data, instrument, output, missing_code),
    )
    try:
        new = calibrated_instrument(inst, stats, version=version, provenance=provenance)
    except InstrumentError as exc:
        _fail_faults(exc)
    comment = (
        f"Gemaakt door `{provenance.command}` uit {inst.id} versie {inst.version}.\n"
        "Made by verbinding calibrate: reliability and norms come from the respondents above."
    )
    text = instrument_yaml(new, comment)

    def write(out: TextIO) -> None:
        out.write(text)

    _write_atomically(output, write)
    console = Console()
    _calibration_table(stats, console)
    _changes_table(scale_changes(inst, new), verdict_changes(inst, new, table.matrix), console)
    console.print(
        f"Nieuwe versie {version} (hash {new.content_hash}) geschreven naar {output}.",
        soft_wrap=True,
    )


def register(app: typer.Typer) -> None:
    """Attach `instrument`, `score`, `analyse` and `calibrate` to the main command."""
    app.add_typer(instrument_app, name="instrument")
    app.command("score")(score)
    app.command("analyse")(analyse_command)
    app.command("calibrate")(calibrate_command)
