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
from verbinding.measure.responses import arrow_matrix, string_array
from verbinding.measure.scoring import ScaleScores, score_matrix

# Arrays are built from their buffers: `pyarrow.array` on numpy input imports pandas
# (half a second) and builds the validity bitmap slowly.


def _floats(values: NDArray[np.floating[Any]]) -> Any:
    data = np.ascontiguousarray(values, dtype=np.float64)
    present = ~np.isnan(data)
    nulls = int(data.size - np.count_nonzero(present))
    bitmap = pa.py_buffer(np.packbits(present, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(
        pa.float64(), data.size, [bitmap, pa.py_buffer(data)], null_count=nulls
    )


def _bools(values: NDArray[np.bool_]) -> Any:
    bits = np.packbits(np.ascontiguousarray(values, dtype=np.bool_), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), values.size, [None, pa.py_buffer(bits)], null_count=0)


def _strings(table: Sequence[str | None], codes: NDArray[np.integer[Any]]) -> Any:
    index = np.ascontiguousarray(codes, dtype=np.int32)
    indices = pa.Array.from_buffers(pa.int32(), index.size, [None, pa.py_buffer(index)])
    return string_array(table).take(indices)


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
            "acquiescence_flag": _bools(arrays.acquiescence_flag),
        }
    if isinstance(rule, QuadrantRule):
        quad = classify_quadrants(inst, scores)
        return {
            "quadrant": _strings(
                [*QUADRANTS, None], np.where(quad.quadrant >= 0, quad.quadrant, len(QUADRANTS))
            ),
            "borderline": _bools(quad.borderline),
        }
    return {}


def scores_batch(
    inst: Instrument, scores: ScaleScores, ids: Any = None, id_column: str | None = None
) -> Any:
    """The result batch (see the module docs) of respondents scored already."""
    columns: dict[str, Any] = {}
    if id_column is not None:
        if isinstance(ids, pa.Array | pa.ChunkedArray):
            columns[id_column] = ids.cast(pa.string())
        else:
            columns[id_column] = string_array(list(ids or ()))
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


def _constant(text: str, n: int) -> Any:
    """`text` n times, as an Arrow string array (pyarrow scalars would import pandas)."""
    data = text.encode("utf-8")
    offsets = np.arange(n + 1, dtype=np.int32) * len(data)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data * n)]
    )


def _by_value(column: Any, text: Any) -> Any:
    """Format each distinct value once (scores take few values) and spread the texts;
    a null is the empty cell."""
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    values = ["" if v is None else text(v) for v in encoded.dictionary.to_pylist()]
    return string_array(values).take(encoded.indices)


def _text_column(name: str, column: Any) -> Any:
    kind = column.type
    if pa.types.is_boolean(kind):
        return _by_value(column, lambda v: "true" if v else "false")
    if pa.types.is_floating(kind):
        return _by_value(column, (lambda v: f"{v:.4f}") if name == "acquiescence" else _score_text)
    strings = column.cast(pa.string())
    if strings.null_count:
        strings = pc.coalesce(strings, _constant("", len(strings)))
    care = pc.match_substring_regex(strings, _NEEDS_CARE)
    if not pc.any(care).as_py():
        return strings
    rows = pc.indices_nonzero(care)
    fixed = [_cell(v) for v in strings.take(rows).to_pylist()]
    return pc.replace_with_mask(strings, care, string_array(fixed))


def csv_header(names: Sequence[str]) -> bytes:
    """The header line of `csv_bytes`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([safe_cell(n) for n in names])
    return out.getvalue().encode("utf-8")


def csv_bytes(batch: Any) -> memoryview:
    """The rows of a result batch as CSV text (UTF-8, `\\n` line ends, no header).

    A view of Arrow's buffer (no copy): write it to a file or take `bytes()` of it.
    """
    if batch.num_rows == 0:
        return memoryview(b"")
    texts = [_text_column(n, c) for n, c in zip(batch.schema.names, batch.columns, strict=True)]
    n = batch.num_rows
    if len(texts) == 1:  # csv writes a lone empty field as "" so the line is not blank
        texts[0] = string_array([v or '""' for v in texts[0].to_pylist()])
    nothing = _constant("", n)
    texts[-1] = pc.binary_join_element_wise(texts[-1], _constant("\n", n), nothing)
    lines = pc.binary_join_element_wise(*texts, _constant(",", n)) if len(texts) > 1 else texts[0]
    offsets = np.frombuffer(
        lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=4 * lines.offset
    )
    start, stop = int(offsets[0]), int(offsets[-1])
    return memoryview(lines.buffers()[2].slice(start, stop - start))
