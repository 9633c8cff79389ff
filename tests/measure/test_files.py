"""Research-scale files: the columnar reader, streaming statistics, Parquet, score_batch.

Small block sizes make every file here arrive in many batches, so each test crosses batch
borders; the in-memory engine (`analyse`, `scale_statistics`, `score_matrix`) is the
reference the streaming results must equal.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from verbinding.cli import app
from verbinding.measure import Instrument, analyse, load_instrument, score_matrix
from verbinding.measure.accumulate import AnalysisStats, CalibrationStats
from verbinding.measure.batches import csv_bytes, score_batch, scores_batch
from verbinding.measure.calibrate import scale_statistics
from verbinding.measure.responses import (
    ResponseFileError,
    iter_responses,
    read_responses,
)

from .conftest import DATA, write

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
SETS = {
    "bfi": (DATA / "bfi.yaml", SHARED / "psych_bfi" / "bfi.csv", ","),
    "kims": (DATA / "kims.yaml", SHARED / "openpsychometrics_KIMS" / "data.csv", ","),
    "sd3": (DATA / "sd3.yaml", SHARED / "openpsychometrics_SD3" / "data.csv", "\t"),
}
SMALL = 4096  # bytes per batch: dozens of batches even for the small reference files
runner = CliRunner()


def close(a: Any, b: Any, tol: float, path: str = "") -> None:
    """Every number in two nested results agrees to `tol` (relative above 1); None alike."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            close(a[key], b[key], tol, f"{path}/{key}")
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            close(x, y, tol, f"{path}[{i}]")
    elif a is None or b is None:
        assert a is None and b is None, (path, a, b)
    else:
        assert abs(a - b) <= tol * max(1.0, abs(a)), (path, a, b)


def generated(inst: Instrument, n: int, seed: int, missing: float) -> np.ndarray:
    """Answers with a common factor (so alphas are real) and holes."""
    rng = np.random.default_rng(seed)
    rs = inst.response_scale
    trait = rng.normal(size=(n, 1))
    raw = trait + rng.normal(scale=1.2, size=(n, len(inst.item_ids)))
    values = np.clip(np.rint(raw * 1.3 + (rs.min + rs.max) / 2), rs.min, rs.max)
    values[rng.random(values.shape) < missing] = np.nan
    return values


def as_csv(path: Path, inst: Instrument, matrix: np.ndarray, ids: bool = False) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow((["nr"] if ids else []) + list(inst.item_ids))
        for i, row in enumerate(matrix):
            cells = ["NA" if math.isnan(v) else f"{v:g}" for v in row]
            writer.writerow(([f"r{i}"] if ids else []) + cells)
    return path


@pytest.fixture(scope="module")
def bfi() -> Instrument:
    return load_instrument(DATA / "bfi.yaml")


# --- the reader ---------------------------------------------------------------------


def test_odd_but_valid_cells_read_as_the_careful_reader_reads_them(
    tmp_path: Path, bfi: Instrument
) -> None:
    matrix = generated(bfi, 3000, 1, 0.05)
    path = as_csv(tmp_path / "a.csv", bfi, matrix)
    text = path.read_text().splitlines()
    # Far into the file (a later batch): cells pyarrow does not take as they are.
    text[2500] = text[2500].replace("NA", " NA ", 1) if "NA" in text[2500] else text[2500]
    cells = text[2700].split(",")
    cells[0] = f'"{cells[0]}"'
    cells[1] = "" if cells[1] == "NA" else f" {cells[1]}.0 "
    text[2700] = ",".join(cells)
    path.write_text("\ufeff" + "\r\n".join([*text[:1500], "", *text[1500:]]) + "\r\n")
    expected = matrix.copy()
    if cells[1] == "":
        expected[2699, 1] = np.nan
    table = read_responses(path, bfi, block_size=SMALL)
    np.testing.assert_array_equal(table.matrix, expected.astype(np.float32))
    batches = list(iter_responses(path, bfi, block_size=SMALL))
    assert len(batches) > 10
    assert [b.start for b in batches] == list(np.cumsum([0] + [len(b) for b in batches[:-1]]))


@pytest.mark.parametrize(
    ("cell", "fault"),
    [
        ("9", "Fout in rij 2801 (regel 2803), kolom A3: waarde 9 ligt buiten de schaal 1–6."),
        ("3.5", "Fout in rij 2801 (regel 2803), kolom A3: waarde 3.5 is geen geheel getal"),
        ("drie", "Fout in rij 2801 (regel 2803), kolom A3: 'drie' is geen getal."),
        ("-nan", "Fout in rij 2801 (regel 2803), kolom A3: '-nan' is geen getal."),
        ("inf", "Fout in rij 2801 (regel 2803), kolom A3: 'inf' is geen getal."),
    ],
)
def test_a_bad_cell_in_a_late_batch_is_named_by_its_row_line_and_column(
    tmp_path: Path, bfi: Instrument, cell: str, fault: str
) -> None:
    matrix = generated(bfi, 3000, 2, 0.0)
    lines = as_csv(tmp_path / "b.csv", bfi, matrix).read_text().splitlines()
    lines.insert(1000, "")  # a blank line: rows and lines part ways
    row = lines[2802].split(",")
    row[bfi.item_ids.index("A3")] = cell
    lines[2802] = ",".join(row)
    path = write(tmp_path / "b.csv", "\n".join(lines) + "\n")
    seen = 0
    with pytest.raises(ResponseFileError) as caught:
        for batch in iter_responses(path, bfi, block_size=SMALL):
            seen += len(batch)
    assert str(caught.value).startswith(fault), str(caught.value)
    assert caught.value.row == 2801 and caught.value.column == "A3"
    assert seen <= 2800  # everything before the fault, nothing after it


def test_a_ragged_row_in_a_late_batch_names_its_line(tmp_path: Path, bfi: Instrument) -> None:
    lines = as_csv(tmp_path / "c.csv", bfi, generated(bfi, 3000, 3, 0.1)).read_text()
    rows = lines.splitlines()
    rows[2900] = rows[2900].rsplit(",", 2)[0]
    path = write(tmp_path / "c.csv", "\n".join(rows) + "\n")
    with pytest.raises(ResponseFileError, match="regel 2901 heeft 23 velden, de kop heeft er 25"):
        read_responses(path, bfi, block_size=SMALL)


def test_ids_with_commas_quotes_and_formulas_come_out_as_the_csv_module_writes_them(
    tmp_path: Path,
) -> None:
    ids = ["a,b", 'say "hi"', "=1+1", "-7", "+31 6", "", "plain", "line\nbreak"]
    body = io.StringIO()
    writer = csv.writer(body, lineterminator="\n")
    writer.writerow(["nr", "A1", "A2", "A3", "A4", "A5"])
    for i, name in enumerate(ids):
        writer.writerow([name, 1 + i % 6, 2, 3, 4, 5])
    data = write(tmp_path / "ids.csv", body.getvalue())
    result = runner.invoke(
        app, ["score", str(data), "-i", str(DATA / "bfi-agree.yaml"), "--id-column", "nr"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [r[0] for r in rows[1:]] == ["a,b", 'say "hi"', "'=1+1", "-7", "'+31 6", "", "plain",
                                        "line\nbreak"]


# --- streaming statistics equal the in-memory engine ---------------------------------


@pytest.mark.parametrize("pairwise", [False, True])
def test_streaming_analysis_equals_the_in_memory_one(
    tmp_path: Path, bfi: Instrument, pairwise: bool
) -> None:
    matrix = generated(bfi, 4000, 4, 0.08)
    path = as_csv(tmp_path / "g.csv", bfi, matrix)
    stats = AnalysisStats(bfi, pairwise=pairwise)
    for batch in iter_responses(path, bfi, block_size=SMALL):
        stats.add(batch.matrix)
    streamed = stats.result().model_dump()
    whole = analyse(bfi, matrix, pairwise=pairwise).model_dump()
    close(whole, streamed, 1e-12)
    for scale in whole["scales"]:  # exact sums: alpha to the last bit
        assert whole["scales"][scale]["alpha"] == streamed["scales"][scale]["alpha"]


@pytest.mark.parametrize("name", sorted(SETS))
def test_streaming_equals_in_memory_on_the_reference_data(name: str) -> None:
    yaml_file, csv_file, delimiter = SETS[name]
    if not csv_file.exists():
        pytest.skip(f"{csv_file} not available")
    inst = load_instrument(yaml_file)
    matrix = read_responses(csv_file, inst, delimiter=delimiter).matrix
    analysis = AnalysisStats(inst)
    calibration = CalibrationStats(inst)
    for batch in iter_responses(csv_file, inst, delimiter=delimiter, block_size=SMALL):
        analysis.add(batch.matrix)
        calibration.add(batch.matrix)
    close(analyse(inst, matrix).model_dump(), analysis.result().model_dump(), 1e-9)
    whole = scale_statistics(inst, matrix)
    streamed = calibration.result()
    for scale_id, info in whole.items():
        got = streamed[scale_id]
        assert got.percentiles == info.percentiles  # exact
        assert got.table == info.table
        assert got.n == info.n and got.alpha == info.alpha
        close([info.mean, info.sd, info.omega], [got.mean, got.sd, got.omega], 1e-12)


def test_statistics_of_partitions_merge_to_those_of_the_whole(bfi: Instrument) -> None:
    matrix = generated(bfi, 5000, 5, 0.1)
    for kind in (AnalysisStats, CalibrationStats):
        parts = [kind(bfi) for _ in range(3)]
        for i, part in enumerate(parts):
            part.add(matrix[i::3])  # any split of the respondents
        whole = kind(bfi)
        whole.add(matrix)
        merged = parts[0].merge(parts[1]).merge(parts[2])  # type: ignore[arg-type]
        a, b = whole.result(), merged.result()
        if isinstance(a, dict):
            close({k: v.model_dump() for k, v in a.items()},
                  {k: v.model_dump() for k, v in b.items()}, 1e-12)  # type: ignore[union-attr]
        else:
            close(a.model_dump(), b.model_dump(), 1e-12)  # type: ignore[union-attr]


# --- Parquet and score_batch ---------------------------------------------------------


def test_parquet_in_and_out_give_the_same_scores_as_csv(tmp_path: Path) -> None:
    inst = load_instrument(DATA / "bfi.yaml")
    matrix = generated(inst, 2500, 6, 0.1)
    source = as_csv(tmp_path / "in.csv", inst, matrix, ids=True)
    table = pa.table(
        {"nr": [f"r{i}" for i in range(len(matrix))]}
        | {item: pa.array(matrix[:, j], mask=np.isnan(matrix[:, j]))
           for j, item in enumerate(inst.item_ids)}
    )
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=700)
    outputs = {}
    for name in ("in.csv", "in.parquet"):
        for out in ("out.csv", "out.parquet"):
            target = tmp_path / f"{name}-{out}"
            result = runner.invoke(
                app,
                ["score", str(tmp_path / name), "-i", str(DATA / "bfi.yaml"), "--id-column",
                 "nr", "-o", str(target)],
            )
            assert result.exit_code == 0, result.output
            outputs[(name, out)] = target
    csv_text = outputs[("in.csv", "out.csv")].read_bytes()
    assert outputs[("in.parquet", "out.csv")].read_bytes() == csv_text
    written = pq.read_table(outputs[("in.csv", "out.parquet")])
    assert written.equals(pq.read_table(outputs[("in.parquet", "out.parquet")]))
    expected = score_matrix(inst, matrix).scores
    got = np.column_stack(
        [written.column(s).to_numpy(zero_copy_only=False) for s in inst.scale_ids]
    )
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))
    np.testing.assert_allclose(got[~np.isnan(got)], expected[~np.isnan(expected)], rtol=0)
    assert written.column("nr").to_pylist() == [f"r{i}" for i in range(len(matrix))]
    assert source.exists()


def test_score_batch_on_parts_equals_the_whole_and_the_cli_text() -> None:
    from verbinding.measure import get_instrument

    inst = get_instrument("vier-stijlen")
    matrix = generated(inst, 3000, 7, 0.03)
    batch = pa.RecordBatch.from_pydict(
        {item: pa.array(matrix[:, j], mask=np.isnan(matrix[:, j]))
         for j, item in enumerate(inst.item_ids)}
    )
    whole = score_batch(inst, batch)
    parts = pa.Table.from_batches(
        [score_batch(inst, batch.slice(a, 500)) for a in range(0, 3000, 500)]
    ).combine_chunks()
    assert pa.Table.from_batches([whole]).equals(parts)
    assert whole.schema.names == [*inst.scale_ids, "dominant", "mixed", "acquiescence",
                                  "acquiescence_flag"]
    scores = score_matrix(inst, matrix)
    again = scores_batch(inst, scores)
    assert again.equals(whole)
    text = bytes(csv_bytes(whole)).decode()
    first = text.splitlines()[0].split(",")
    assert first[0] == f"{scores.scores[0, 0]:.6f}".rstrip("0").rstrip(".")
    assert first[-1] in ("true", "false")


def test_a_file_of_decimals_is_read_whole_and_its_faults_still_named(
    tmp_path: Path, bfi: Instrument
) -> None:
    matrix = generated(bfi, 3000, 8, 0.05)
    lines = ["rownames," + ",".join(bfi.item_ids)]  # as pandas writes floats: 3.0, empty
    lines += [
        f"{i}," + ",".join("" if math.isnan(v) else f"{v:.1f}" for v in row)
        for i, row in enumerate(matrix)
    ]
    path = write(tmp_path / "d.csv", "\n".join(lines) + "\n")
    table = read_responses(path, bfi, id_column="rownames", block_size=SMALL)
    np.testing.assert_array_equal(table.matrix, matrix.astype(np.float32))
    assert table.ids == [str(i) for i in range(3000)]
    cells = lines[2950].split(",")
    cells[3] = "2.5"
    lines[2950] = ",".join(cells)
    path = write(tmp_path / "d.csv", "\n".join(lines) + "\n")
    with pytest.raises(ResponseFileError, match=r"^Fout in rij 2950 \(regel 2951\), kolom A3: "):
        read_responses(path, bfi, block_size=SMALL)


def test_a_run_over_a_large_file_ends_with_rows_time_and_throughput(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from verbinding.cli import measure_work

    data = write(tmp_path / "s.csv", "A1,A2,A3,A4,A5\n1,2,3,4,5\n2,3,4,5,6\n6,5,4,3,2\n")
    agree = ["-i", str(DATA / "bfi-agree.yaml")]
    quiet = runner.invoke(app, ["analyse", str(data), *agree])
    assert "rijen in" not in quiet.output  # a small file: its output only
    monkeypatch.setattr(measure_work, "PROGRESS_FROM_BYTES", 10)  # as if it were large
    for command in (["score", str(data)], ["analyse", str(data)]):
        result = runner.invoke(app, [*command, *agree])
        assert result.exit_code == 0, result.output
        assert "3 rijen in " in result.stderr and " MB/s gelezen" in result.stderr
        assert "rijen" not in result.stdout


def test_streamed_json_is_laid_out_as_json_dump_would(tmp_path: Path) -> None:
    import json

    inst = load_instrument(DATA / "bfi.yaml")
    data = as_csv(tmp_path / "j.csv", inst, generated(inst, 50, 9, 0.2), ids=True)
    result = runner.invoke(app, ["score", str(data), "-i", str(DATA / "bfi.yaml"),
                                 "--id-column", "nr", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert len(payload["rows"]) == 50 and payload["rows"][0]["nr"] == "r0"
    assert result.stdout == json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def test_parquet_text_columns_follow_the_csv_cell_rules(tmp_path: Path, bfi: Instrument) -> None:
    columns: dict[str, Any] = {item: ["1", "2", "3"] for item in bfi.item_ids}
    columns["A2"] = ["NA", " 4 ", ""]
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table(columns), path)
    table = read_responses(path, bfi)
    assert np.isnan(table.matrix[0, 1]) and table.matrix[1, 1] == 4 and np.isnan(table.matrix[2, 1])
    columns["A3"] = ["1", "2", "drie"]
    pq.write_table(pa.table(columns), path)
    with pytest.raises(ResponseFileError, match=r"^Fout in rij 3, kolom A3: 'drie' is geen getal"):
        read_responses(path, bfi)


# --- small files of one-digit cells (read from their bytes, issue #16) ----------------


def _digits_text(inst: Instrument, matrix: np.ndarray, extra: bool = False) -> list[str]:
    """Header and rows with empty cells for missing answers; `extra` adds a column that
    is not an item, first, and writes the items in reverse order."""
    items = list(inst.item_ids)
    order = items[::-1] if extra else items
    lines = [",".join((["note"] if extra else []) + order)]
    for i, row in enumerate(matrix):
        values = zip(items, row, strict=True)
        cells = {item: "" if math.isnan(v) else f"{v:g}" for item, v in values}
        lines.append(",".join(([str(i % 10)] if extra else []) + [cells[c] for c in order]))
    return lines


def _read_outcome(path: Path, inst: Instrument, codes: tuple[float, ...]) -> object:
    try:
        batches = list(iter_responses(path, inst, missing_codes=codes))
    except ResponseFileError as exc:
        return ("fault", str(exc), exc.row, exc.column)
    return [
        (b.start, b.ids, b.matrix.dtype.str, b.matrix.flags.f_contiguous, b.matrix.tobytes("A"))
        for b in batches
    ]


def _variants(lines: list[str]) -> dict[str, str]:
    body = "\n".join(lines)
    first, second = lines[1].split(","), lines[2].split(",")
    return {
        "plain": body + "\n",
        "no newline at the end": body,
        "empty first and last cells": "\n".join(
            [lines[0], ",".join(["", *first[1:-1], ""]), *lines[2:]]
        ) + "\n",
        "a column all empty": "\n".join(
            [lines[0]] + [",".join(["", *line.split(",")[1:]]) for line in lines[1:]]
        ) + "\n",
        "a blank line": "\n".join([*lines[:5], "", *lines[5:]]) + "\n",
        "a blank line at the end": body + "\n\n",
        "windows line ends": "\r\n".join(lines) + "\r\n",
        "a byte-order mark": "\ufeff" + body + "\n",
        "NA for missing": body.replace(",,", ",NA,") + "\n",
        "a quoted cell": "\n".join([lines[0], '"' + first[0] + '",' + ",".join(first[1:]),
                                    *lines[2:]]) + "\n",
        "a space": "\n".join([lines[0], " " + lines[1], *lines[2:]]) + "\n",
        "out of the scale": "\n".join([*lines[:3], ",".join([*second[:-1], "9"]), *lines[4:]]),
        "zero": "\n".join([*lines[:3], ",".join([*second[:-1], "0"]), *lines[4:]]) + "\n",
        "two digits": "\n".join([*lines[:3], ",".join([*second[:-1], "12"]), *lines[4:]]),
        "a short row": "\n".join([*lines[:3], ",".join(second[1:]), *lines[4:]]) + "\n",
        "a long row": "\n".join([*lines[:3], lines[3] + ",3", *lines[4:]]) + "\n",
        "the header only": lines[0] + "\n",
    }


@pytest.mark.parametrize("extra", [False, True])
@pytest.mark.parametrize("codes", [(), (6.0,)])
def test_small_digit_files_read_to_the_bit_as_the_arrow_and_careful_readers_read_them(
    tmp_path: Path, bfi: Instrument, monkeypatch: pytest.MonkeyPatch, extra: bool,
    codes: tuple[float, ...],
) -> None:
    from verbinding.measure import responses

    lines = _digits_text(bfi, generated(bfi, 400, 7, 0.08), extra=extra)
    taken = []
    for name, text in _variants(lines).items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8", newline="")
        ours = _read_outcome(path, bfi, codes)
        if responses._digit_matrix(path, responses._layout(path, bfi, None, ","),
                                   responses.ScoringPlan.for_instrument(bfi, codes)) is not None:
            taken.append(name)
        with monkeypatch.context() as patched:
            patched.setattr(responses, "_digit_matrix", lambda *args: None)
            theirs = _read_outcome(path, bfi, codes)
        assert ours == theirs, name
    # The byte reader read the plain variants itself and left the others to the readers.
    assert taken == [
        "plain", "no newline at the end", "empty first and last cells", "a column all empty",
        "a byte-order mark",
    ]
