"""The work behind `verbinding score`, `analyse` and `calibrate` (see verbinding.cli.measure,
which holds their options and help and imports this module only when one of them runs).

What only one command or one kind of output needs (Arrow's compute functions for
`score`, the calibration for `calibrate`, the factor analysis, progress bars for big
files, Rich's tables when the output is not JSON) is imported where it is used: on a
small file the imports are most of the run (issue #16).
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import itertools
import json
import os
import shlex
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

import numpy as np
from threadpoolctl import threadpool_limits

from verbinding.cli.measure_io import (
    err_console,
    fail,
    fail_faults,
    load_instrument,
    num,
    print_json,
)
from verbinding.i18n import SOURCE_LANGUAGE  # the CLI speaks the source language
from verbinding.measure.accumulate import AnalysisStats, CalibrationStats
from verbinding.measure.defaults import WEAK_LOADING
from verbinding.measure.responses import (
    ResponseBatch,
    ResponseFileError,
    is_parquet,
    iter_responses,
)
from verbinding.measure.scoring import ScoringPlan, score_matrix

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress

    from verbinding.measure.calibrate import (
        ScaleCalibration,
        ScaleChange,
        VerdictChanges,
    )
    from verbinding.measure.factors import FactorReport
    from verbinding.measure.instrument import Instrument

PROGRESS_FROM_BYTES = 1_000_000
MB = 1_000_000


class _Run:
    """Progress bars on stderr while a file is read (and a result written), by bytes, and
    one summary line at the end: rows, time and throughput."""

    def __init__(self, data: Path, *, writing: Path | None = None, passes: int = 1) -> None:
        try:
            self.size = data.stat().st_size
        except OSError:
            self.size = 0
        self.name = data.name
        self.writing = writing
        self.passes = passes
        self.rows = 0
        self.written = 0
        self.bar: Progress | None = None
        self.reading: Any = None
        self.output: Any = None
        self.started = time.perf_counter()

    def __enter__(self) -> _Run:
        # OpenBLAS's threads wait busily between the many small products of a batch: with
        # pyarrow's reader threads beside them, one BLAS thread halves the CPU time.
        self.blas = threadpool_limits(limits=1, user_api="blas")
        if self.size >= PROGRESS_FROM_BYTES:
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.bar = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                DownloadColumn(),
                TimeRemainingColumn(),
                console=err_console(),
                transient=True,
            )
            self.bar.start()
            self.reading = self.bar.add_task(f"lezen {self.name}", total=self.size * self.passes)
            if self.writing is not None:
                self.output = self.bar.add_task(f"schrijven {self.writing.name}", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        self.blas.restore_original_limits()
        if self.bar is not None:
            self.bar.stop()

    def progress(self, done: int, total: int, lap: int = 0) -> None:
        if self.bar is not None:
            self.bar.update(self.reading, completed=lap * self.size + min(done, total))

    def lap(self, index: int) -> Callable[[int, int], None]:
        """The progress callback of pass `index` (0-based) over the file."""
        return lambda done, total: self.progress(done, total, index)

    def wrote(self, size: int) -> None:
        self.written += size
        if self.bar is not None and self.output is not None:
            self.bar.update(self.output, completed=self.written)

    def summary(self) -> None:
        """The closing line; only for files with a progress bar (over 1 MB), so that small
        runs print nothing extra beside their output."""
        if self.size < PROGRESS_FROM_BYTES:
            return
        from verbinding.interpret import numbers

        seconds = max(time.perf_counter() - self.started, 1e-9)
        rate = self.size * self.passes / MB / seconds
        lang = SOURCE_LANGUAGE
        line = (
            f"{numbers.count(self.rows, lang)} rijen in {numbers.number(seconds, lang, 1)} s "
            f"({numbers.number(rate, lang, 0)} MB/s gelezen"
        )
        if self.passes > 1:
            line += f", {self.passes} keer"
        if self.written:
            line += f", {numbers.number(self.written / MB, lang, 1)} MB geschreven"
        err_console().print(line + ").", soft_wrap=True, markup=False)


def _separator(delimiter: str) -> str:
    named = {"tab": "\t", "\\t": "\t", ",": ",", ";": ";", "\t": "\t"}
    if delimiter not in named:
        fail(f"scheidingsteken '{delimiter}' ken ik niet; kies ',', ';' of 'tab'.")
    return named[delimiter]


def _batches(
    data: Path,
    inst: Instrument,
    codes: list[float] | None,
    run: _Run,
    *,
    id_column: str | None = None,
    delimiter: str = ",",
    lap: int = 0,
) -> Iterator[ResponseBatch]:
    """The file's respondents batch by batch; a fault ends the command with its sentence."""
    separator = _separator(delimiter)
    try:
        for batch in iter_responses(
            data,
            inst,
            missing_codes=codes or (),
            id_column=id_column,
            progress=run.lap(lap),
            delimiter=separator,
        ):
            if lap == 0:
                run.rows += len(batch)
            yield batch
    except ResponseFileError as exc:
        fail(str(exc))


def _pipelined(
    batches: Iterator[ResponseBatch], work: Callable[[ResponseBatch], Any]
) -> Iterator[Any]:
    """`work(batch)` for every batch, in order, on one worker thread while the next batch is
    read: numpy and pyarrow let go of the GIL in their loops, so reading and working share
    the cores. At most two batches wait, so memory stays bounded."""
    with ThreadPoolExecutor(1) as pool:
        pending: collections.deque[Future[Any]] = collections.deque()
        for batch in batches:
            pending.append(pool.submit(work, batch))
            if len(pending) > 2:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


# --- score --------------------------------------------------------------------------


def _json_rows(batch: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = batch.to_pylist()
    for row in rows:
        if "mixed" in row:
            row["mixed"] = row["mixed"].split("+") if row["mixed"] else []
        if row.get("acquiescence") is not None:
            row["acquiescence"] = float(f"{row['acquiescence']:.4f}")
    return rows


def _write_json(out: BinaryIO, inst: Instrument, batches: Iterator[Any]) -> Iterator[int]:
    """`{"instrument": ..., "rows": [...]}` as json.dump(indent=1) writes it, row by row."""
    meta = {"id": inst.id, "version": inst.version, "content_hash": inst.content_hash}
    head = json.dumps({"instrument": meta, "rows": []}, ensure_ascii=False, indent=1)
    out.write(head[: head.rindex("[]") + 1].encode())
    first = True
    for batch in batches:
        parts = []
        for row in _json_rows(batch):
            text = json.dumps(row, ensure_ascii=False, indent=1)
            parts.append(("\n" if first else ",\n") + textwrap.indent(text, "  "))
            first = False
        chunk = "".join(parts).encode()
        out.write(chunk)
        yield len(chunk)
    out.write(("]\n}\n" if first else "\n ]\n}\n").encode())


def _write_csv(out: BinaryIO, names: list[str], texts: Iterator[Any]) -> Iterator[int]:
    from verbinding.measure.batches import csv_header

    out.write(csv_header(names))
    for chunk in texts:
        out.write(chunk)
        yield len(chunk)


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary file next to `path`, renamed to it only when the block ends normally."""
    directory = path.resolve().parent
    if not directory.is_dir():
        fail(f"map {directory} bestaat niet (output directory does not exist).")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(handle)
    try:
        yield Path(temp)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _write_atomically(path: Path, write: Callable[[TextIO], None]) -> None:
    """Write text to a temporary file next to `path` and rename it only when complete."""
    with _atomic(path) as temp, temp.open("w", encoding="utf-8", newline="") as out:
        write(out)


def _write_parquet(temp: Path, first: Any, batches: Iterator[Any]) -> Iterator[int]:
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    with pq.ParquetWriter(str(temp), first.schema) as writer:
        for batch in itertools.chain([first], batches):
            writer.write_batch(batch)
            yield batch.nbytes


def score(
    data: Path, instrument: str, missing_code: list[float] | None, id_column: str | None,
    output: Path | None, as_json: bool,
) -> None:
    from verbinding.measure.batches import csv_bytes, scores_batch

    inst = load_instrument(instrument)
    plan = ScoringPlan.for_instrument(inst, missing_code or ())
    wants_json = output.suffix.lower() == ".json" if output else as_json
    empty = score_matrix(plan, np.empty((0, len(inst.item_ids))))
    names = scores_batch(inst, empty, [] if id_column else None, id_column).schema.names

    with _Run(data, writing=output) as run:

        def scored(batch: ResponseBatch) -> Any:
            scores = score_matrix(plan, batch.matrix, check=False)
            return scores_batch(inst, scores, batch.ids, id_column)

        def results() -> Iterator[Any]:
            batches = _batches(data, inst, missing_code, run, id_column=id_column)
            return _pipelined(batches, scored)

        def write(out: BinaryIO) -> None:
            if wants_json:
                chunks = _write_json(out, inst, results())
            else:
                batches = _batches(data, inst, missing_code, run, id_column=id_column)
                texts = _pipelined(batches, lambda batch: csv_bytes(scored(batch)))
                chunks = _write_csv(out, names, texts)
            for size in chunks:
                run.wrote(size)

        if output is None:
            sys.stdout.flush()
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()
        elif is_parquet(output):
            with _atomic(output) as temp:
                stream = results()
                first = next(stream, None)
                if first is None:
                    first = scores_batch(inst, empty, [] if id_column else None, id_column)
                for size in _write_parquet(temp, first, stream):
                    run.wrote(size)
        else:
            with _atomic(output) as temp, temp.open("wb") as out:
                write(out)
    if output is not None:
        err_console().print(f"{run.rows} respondenten gescoord → {output}", soft_wrap=True)
    run.summary()


# --- analyse ------------------------------------------------------------------------


def _analysis_tables(result: dict[str, Any], console: Console) -> None:
    from rich.table import Table

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
    from rich.table import Table

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
            f"{num(value, 2)}{'*' if f == info.factor else ''}"
            for f, value in enumerate(info.loadings)
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
    stats = AnalysisStats(inst, pairwise=pairwise, missing_codes=missing_code or ())
    kept: list[Any] = []  # the factor analysis needs the complete matrix
    with _Run(data) as run:
        def gather(batch: ResponseBatch) -> None:
            stats.add(batch.matrix, check=False)
            if factors:
                kept.append(batch.matrix)

        for _ in _pipelined(_batches(data, inst, missing_code, run, delimiter=delimiter), gather):
            pass
    if stats.rows < 2:
        fail(f"{data}: te weinig respondenten voor een analyse ({stats.rows}).")
    result = stats.result().model_dump(mode="json")
    report = None
    if factors:
        from verbinding.measure.factors import explore_factors

        try:
            report = explore_factors(inst, np.concatenate(kept))
        except ValueError as exc:
            fail(f"{data}: {exc}.")
        result["factors"] = report.model_dump(mode="json")
    run.summary()
    if as_json:
        print_json(result)
        return
    from rich.console import Console

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
    from rich.table import Table

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
        f"{item} ({scale_id}, r = {num(r, 2)})"
        for scale_id, info in stats.items()
        for item, r in info.item_rest.items()
        if r is not None and r < WEAK_LOADING
    ]
    if low_items:
        console.print("Items met een item-rest-correlatie onder .30: " + ", ".join(low_items))


def _changes_table(
    changes: dict[str, ScaleChange], verdicts: VerdictChanges, console: Console
) -> None:
    from rich.table import Table

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
    from rich.console import Console

    from verbinding.measure.calibrate import (
        CalibrationRefused,
        Provenance,
        VerdictChanges,
        add_verdicts,
        calibrated_instrument,
        check_calibration,
        instrument_yaml,
        scale_changes,
        verdict_changes,
    )
    from verbinding.measure.instrument import InstrumentError

    inst = load_instrument(instrument)
    if inst.path is not None and output.resolve() == inst.path.resolve():
        fail("kies voor -o een nieuw bestand; de oude versie blijft zoals ze is.")
    gathered = CalibrationStats(inst, missing_codes=missing_code or ())
    run = _Run(data, passes=2)
    with run:
        batches = _batches(data, inst, missing_code, run, delimiter=delimiter)
        for _ in _pipelined(batches, lambda batch: gathered.add(batch.matrix, check=False)):
            pass
    stats = gathered.result()
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

    with run:  # the second pass: who gets another verdict under the new version
        verdicts = VerdictChanges(kind=None, classified=0, changed=0, borderline_changed=0)
        batches = _batches(data, inst, missing_code, run, delimiter=delimiter, lap=1)
        for part in _pipelined(batches, lambda batch: verdict_changes(inst, new, batch.matrix)):
            verdicts = add_verdicts(verdicts, part)
    _write_atomically(output, write)
    run.summary()
    console = Console()
    _calibration_table(stats, console)
    _changes_table(scale_changes(inst, new), verdicts, console)
    console.print(
        f"Nieuwe versie {version} (hash {new.content_hash}) geschreven naar {output}.",
        soft_wrap=True,
    )
