"""Scoring Arrow record batches: the library entry point for research-scale data.

`score_batch(instrument, batch)` is a pure function from a batch of answers (one column per
item, named by the item id; other columns are ignored) to a batch of results: the scale
scores and, for an instrument with a classification, the profile or quadrant columns,
exactly as `verbinding score` writes them. It keeps no state and reads no files, so it
runs wherever batches are: `pyarrow.dataset` scans, Dask's `map_partitions`, Spark's
`mapInArrow`, DuckDB or Polars (`to_arrow()`). Results of partitions scored apart equal
the result of the whole file scored at once. For `analyse` and `calibrate` over partitions
see `verbinding.measure.accumulate` (gather per partition, then `merge`).

Columns of the result, in order: the id column (when asked), one float64 column per scale
(null when too few items were answered), then `dominant` (string, null without a single
dominant style), `mixed` (the styles of a mixed profile joined by `+`, "" otherwise),
`acquiescence` (float64), `acquiescence_flag` (bool); or `quadrant` (string, null when an
axis is missing), `borderline` (bool).

`csv_bytes` turns such a batch into the CSV text of `verbinding score` (numbers as
before: scores with up to six decimals, acquiescence with four; text cells that a
spreadsheet would run as a formula made inert, see `verbinding.csvcells`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
from numpy.typing import NDArray

from verbinding.csvcells import safe_cell
from verbinding.measure.instrument import Instrument, ProfileRule, QuadrantRule
from verbinding.measure.profiles import QUADRANTS, classify_profiles, classify_quadrants
from verbinding.measure.responses import arrow_matrix
from verbinding.measure.scoring import ScaleScores, score_matrix


def _floats(values: NDArray[np.floating[Any]]) -> Any:
    return pa.array(values, type=pa.float64(), mask=np.isnan(values))


def _strings(table: Sequence[str | None], codes: NDArray[np.integer[Any]]) -> Any:
    return pa.array(table, type=pa.string()).take(pa.array(codes, type=pa.int32()))


def classification_columns(inst: Instrument, scores: ScaleScores) -> dict[str, Any]:
    """The profile or quadrant columns of scored respondents, as Arrow arrays."""
    rule = inst.classification
    if isinstance(rule, ProfileRule):
        arrays = classify_profiles(inst, scores)
        names = inst.scale_ids
        top = arrays.dominant
        dominant = _strings([*names, None], np.where(top >= 0, top, len(names)))
        # The mixed set as a bit pattern, looked up in the 2**S joined names.
        bits = arrays.within.astype(np.int64) @ (1 << np.arange(len(names), dtype=np.int64))
        bits[(arrays.dominant >= 0) | ~arrays.complete] = 0
        joined = [
            "+".join(n for j, n in enumerate(names) if code >> j & 1)
            for code in range(1 << len(names))
        ]
        return {
            "dominant": dominant,
            "mixed": _strings(joined, bits),
            "acquiescence": _floats(scores.acquiescence),
            "acquiescence_flag": pa.array(arrays.acquiescence_flag, type=pa.bool_()),
        }
    if isinstance(rule, QuadrantRule):
        quad = classify_quadrants(inst, scores)
        return {
            "quadrant": _strings(
                [*QUADRANTS, None], np.where(quad.quadrant >= 0, quad.quadrant, len(QUADRANTS))
            ),
            "borderline": pa.array(quad.borderline, type=pa.bool_()),
        }
    return {}


def scores_batch(
    inst: Instrument, scores: ScaleScores, ids: Any = None, id_column: str | None = None
) -> Any:
    """The result batch (see the module docs) of respondents scored already."""
    columns: dict[str, Any] = {}
    if id_column is not None:
        columns[id_column] = pa.array(ids, type=pa.string()) if ids is not None else None
    for j, scale_id in enumerate(scores.scale_ids):
        columns[scale_id] = _floats(scores.scores[:, j])
    columns.update(classification_columns(inst, scores))
    return pa.RecordBatch.from_arrays(list(columns.values()), names=list(columns))


def _answers(inst: Instrument, batch: Any) -> NDArray[np.float64]:
    names = batch.schema.names
    missing = [item for item in inst.item_ids if item not in names]
    if missing:
        raise ValueError(f"the batch has no column for the items {', '.join(missing)}")
    columns = [batch.column(names.index(item)).cast(pa.float64()) for item in inst.item_ids]
    return np.ascontiguousarray(arrow_matrix(columns, batch.num_rows))


def score_batch(
    instrument: Instrument,
    batch: Any,
    *,
    id_column: str | None = None,
    missing_codes: Iterable[float] = (),
) -> Any:
    """Score one `pyarrow.RecordBatch` of answers; return a `pyarrow.RecordBatch` of results.

    `batch` has a numeric column per item, named by the item id (null or NaN = missing;
    the instrument's missing codes and `missing_codes` too). `id_column`, when given, is
    carried through as text in front. A value that is not missing and not a whole scale
    point from min to max raises `ResponseValueError` naming the row (within the batch)
    and the item. Pure: the same batch always gives the same result.
    """
    scores = score_matrix(instrument, _answers(instrument, batch), missing_codes=missing_codes)
    ids = None
    if id_column is not None:
        ids = batch.column(batch.schema.names.index(id_column)).cast(pa.string())
    return scores_batch(instrument, scores, ids, id_column)


# --- CSV text -------------------------------------------------------------------------

_NEEDS_CARE = r'^[=+\-@\t\r]|[",\n\r]'  # a formula start, or a character CSV must quote


def _cell(text: str) -> str:
    """One text cell as Python's csv module writes it (minimal quoting), made inert."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(text), ""])
    return out.getvalue()[:-2]  # without the "," and "\n" of the second, empty cell


def _score_text(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _by_value(column: Any, text: Any) -> Any:
    """Format each distinct value once (scores take few values) and spread the texts."""
    encoded = pc.dictionary_encode(column)
    values = [text(v) for v in encoded.dictionary.to_pylist()]
    return pa.array(values, type=pa.string()).take(encoded.indices).fill_null("")


def _text_column(name: str, column: Any) -> Any:
    kind = column.type
    if pa.types.is_boolean(kind):
        return pc.if_else(column, "true", "false")
    if pa.types.is_floating(kind):
        return _by_value(column, (lambda v: f"{v:.4f}") if name == "acquiescence" else _score_text)
    strings = column.cast(pa.string()).fill_null("")
    care = pc.match_substring_regex(strings, _NEEDS_CARE)
    if not pc.any(care).as_py():
        return strings
    rows = pc.indices_nonzero(care)
    fixed = [_cell(v) for v in strings.take(rows).to_pylist()]
    return pc.replace_with_mask(strings, care, pa.array(fixed, type=pa.string()))


def csv_header(names: Sequence[str]) -> bytes:
    """The header line of `csv_bytes`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(n) for n in names])
    return out.getvalue().encode("utf-8")


def csv_bytes(batch: Any) -> bytes:
    """The rows of a result batch as CSV text (UTF-8, `\\n` line ends, no header)."""
    if batch.num_rows == 0:
        return b""
    texts = [_text_column(n, c) for n, c in zip(batch.schema.names, batch.columns, strict=True)]
    if len(texts) == 1:  # csv writes a lone empty field as "" so the line is not blank
        texts[0] = pc.if_else(pc.equal(texts[0], ""), '""', texts[0])
    texts[-1] = pc.binary_join_element_wise(texts[-1], "", "\n")
    lines = pc.binary_join_element_wise(*texts, ",") if len(texts) > 1 else texts[0]
    lines = lines.cast(pa.large_string())
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64, count=len(lines) + 1,
                            offset=8 * lines.offset)
    start, stop = int(offsets[0]), int(offsets[-1])
    return bytes(lines.buffers()[2].slice(start, stop - start).to_pybytes())
