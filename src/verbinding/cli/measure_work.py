"""The work behind `verbinding score`, `analyse` and `calibrate` (see verbinding.cli.measure,
which holds their options and help and imports this module only when one of them runs)."""

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
from typing import Any, TextIO

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from verbinding.cli.measure_io import (
    err_console,
    fail,
    fail_faults,
    load_instrument,
    num,
    print_json,
)
from verbinding.csvcells import safe_cell, safe_row
from verbinding.measure import (
    QUADRANTS,
    Instrument,
    InstrumentError,
    ResponseValueError,
    analyse,
    classify_profiles,
    classify_quadrants,
    score_matrix,
)
from verbinding.measure.calibrate import (
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
from verbinding.measure.defaults import WEAK_LOADING
from verbinding.measure.factors import FactorReport, explore_factors
from verbinding.measure.instrument import ProfileRule, QuadrantRule
from verbinding.measure.responses import ResponseFileError, ResponseTable, read_responses
from verbinding.measure.scoring import ScaleScores

PROGRESS_FROM_BYTES = 1_000_000


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
    with Progress(*columns, console=err_console(), transient=True) as bar:
        task = bar.add_task("lezen", total=size)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=min(done, total))

        yield update


def _separator(delimiter: str) -> str:
    named = {"tab": "\t", "\\t": "\t", ",": ",", ";": ";", "\t": "\t"}
    if delimiter not in named:
        fail(f"scheidingsteken '{delimiter}' ken ik niet; kies ',', ';' of 'tab'.")
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
            fail(str(exc))


# --- score --------------------------------------------------------------------------


def _classification_columns(inst: Instrument, scores: ScaleScores) -> dict[str, list[str]]:
    rule = inst.classification
    n = len(scores)
    if isinstance(rule, ProfileRule):
        arrays = classify_profiles(inst, scores)
        dominant = [inst.scale_ids[d] if d >= 0 else "" for d in arrays.dominant.tolist()]
        mixed = ["+".join(arrays.mixed(i)) for i in range(n)]
        flag = ["true" if f else "false" for f in arrays.acquiescence_flag.tolist()]
        acq = [num(v, 4) for v in scores.acquiescence.tolist()]
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
        fail(f"map {directory} bestaat niet (output directory does not exist).")
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
    data: Path, instrument: str, missing_code: list[float] | None, id_column: str | None,
    output: Path | None, as_json: bool,
) -> None:
    inst = load_instrument(instrument)
    table = _read(data, inst, missing_code, id_column)
    try:
        scores = score_matrix(inst, table.matrix, missing_codes=missing_code or ())
    except ResponseValueError as exc:  # pragma: no cover - read_responses checks first
        fail(str(exc))
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
    err_console().print(f"{len(scores)} respondenten gescoord → {output}", soft_wrap=True)


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
            num(info["mean"]),
            num(info["sd"]),
            num(info["alpha"]),
            f"[{num(low)}, {num(high)}]",
            num(info["omega"]),
        )
    console.print(summary)
    for scale_id, info in result["scales"].items():
        items = Table(title=f"Items van {scale_id}")
        for column in ("item", "item-rest r", "alpha zonder item"):
            items.add_column(column, justify="right")
        for item_id, stats in info["items"].items():
            items.add_row(item_id, num(stats["item_rest_r"]), num(stats["alpha_if_deleted"]))
        console.print(items)
    names = list(result["correlations"])
    corr = Table(title="Correlaties tussen schalen (inter-scale correlations)")
    corr.add_column("")
    for name in names:
        corr.add_column(name, justify="right")
    for name in names:
        corr.add_row(name, *(num(result["correlations"][name][other], 2) for other in names))
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
    data: Path, instrument: str, missing_code: list[float] | None, pairwise: bool,
    factors: bool, delimiter: str, as_json: bool,
) -> None:
    inst = load_instrument(instrument)
    table = _read(data, inst, missing_code, delimiter=delimiter)
    if len(table) < 2:
        fail(f"{data}: te weinig respondenten voor een analyse ({len(table)}).")
    result = analyse(
        inst, table.matrix, missing_codes=tuple(missing_code or ()), pairwise=pairwise
    ).model_dump(mode="json")
    report = None
    if factors:
        try:
            report = explore_factors(inst, table.matrix)
        except ValueError as exc:
            fail(f"{data}: {exc}.")
        result["factors"] = report.model_dump(mode="json")
    if as_json:
        print_json(result)
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
            num(info.mean),
            num(info.sd),
            num(info.alpha),
            f"[{num(low)}, {num(high)}]",
            num(info.omega),
        )
        norms.add_row(scale_id, *(num(info.percentiles.get(p), 2) for p in points))
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
            num(change.old_sem),
            num(change.new_sem),
            num(change.old_threshold),
            num(change.new_threshold),
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
    data: Path, instrument: str, output: Path, population: str, period: str,
    new_version: str | None, min_n: int, max_ci_width: float,
    missing_code: list[float] | None, delimiter: str,
) -> None:
    inst = load_instrument(instrument)
    if inst.path is not None and output.resolve() == inst.path.resolve():
        fail("kies voor -o een nieuw bestand; de oude versie blijft zoals ze is.")
    table = _read(data, inst, missing_code, delimiter=delimiter)
    stats = scale_statistics(inst, table.matrix)
    try:
        check_calibration(stats, min_n=min_n, max_ci_width=max_ci_width)
    except CalibrationRefused as exc:
        fail(str(exc))
    version = new_version or f"{inst.version}-gekalibreerd-{datetime.date.today().isoformat()}"
    provenance = Provenance(
        population=population,
        period=period,
        command=_command_line(data, instrument, output, missing_code),
    )
    try:
        new = calibrated_instrument(inst, stats, version=version, provenance=provenance)
    except InstrumentError as exc:
        fail_faults(exc)
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
