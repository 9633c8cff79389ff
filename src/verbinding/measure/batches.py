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
import functools
import io
import re
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


def _needs_care(text: str) -> bool:
    return re.search(_NEEDS_CARE, text) is not None


def _coded(name: str, column: Any) -> tuple[NDArray[np.int32], list[bytes]] | None:
    """A column as codes into its few distinct cell texts (the scores of a batch take a
    few hundred values, the classification a handful); None for a column with many
    distinct values, such as an id column, or a text that holds a NUL byte."""
    if name == "acquiescence" and pa.types.is_float64(column.type):
        rounded = _four_decimals(column)
        if rounded is not None:
            return rounded
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    values = encoded.dictionary
    if len(values) > max(_FEW, len(column) // 8):
        return None
    kind = column.type
    if pa.types.is_boolean(kind):
        texts = ["" if v is None else ("true" if v else "false") for v in values.to_pylist()]
    elif pa.types.is_floating(kind):
        fmt = (lambda v: f"{v:.4f}") if name == "acquiescence" else _score_text
        texts = ["" if v is None else fmt(v) for v in values.to_pylist()]
    else:
        texts = [
            "" if v is None else _cell(v) if _needs_care(v) else v
            for v in values.cast(pa.string()).to_pylist()
        ]
    cells = [text.encode("utf-8") for text in texts]
    if b"\0" in b"".join(cells):
        return None
    indices = encoded.indices
    codes = np.frombuffer(
        indices.buffers()[1], dtype=np.int32, count=len(indices), offset=4 * indices.offset
    )
    return codes, cells


_FOUR_DECIMAL_WIDTH = len("-1.0000")


@functools.cache
def _four_decimal_index() -> dict[bytes, int]:
    return {text: code for code, text in enumerate(_four_decimal_texts())}


@functools.cache
def _four_decimal_texts() -> list[bytes]:
    """`f"{v:.4f}"` for v = -1.0000 ... 1.0000, then "-0.0000" and the empty cell."""
    return [f"{r / 10_000:.4f}".encode() for r in range(-10_000, 10_001)] + [b"-0.0000", b""]


def _four_decimals(column: Any) -> tuple[NDArray[np.int32], list[bytes]] | None:
    """Codes into `_four_decimal_texts` for a float64 column within [-1, 1] (the
    acquiescence index), the same texts as `f"{v:.4f}"`: v * 10**4 rounded half to even,
    as Python rounds the exact value; a value at (or within rounding of) a half, such as
    9/32, is formatted by Python itself. None when a value lies outside [-1, 1]."""
    n = len(column)
    validity, data = column.buffers()[:2]
    values = np.frombuffer(data, dtype=np.float64, count=n, offset=8 * column.offset)
    present = np.ones(n, dtype=np.bool_)
    if column.null_count:
        bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
        present = bits[column.offset : column.offset + n] == 1
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.where(present, values, 0.0) * 10_000.0
        rounded = np.rint(scaled)
        near_half = np.abs(np.abs(scaled - rounded) - 0.5) < 1e-6
        if not (np.abs(rounded) <= 10_000).all():
            return None  # also NaN that is not a null cell: written as "nan" elsewhere
    codes = rounded.astype(np.int32) + 10_000
    codes[present & (rounded == 0) & np.signbit(values)] = 20_001  # "-0.0000"
    codes[~present] = 20_002
    # Near a half only an exact product can be trusted: a float32 value (24 bits) times
    # 10**4 (14 bits) is exact in float64, and rint rounds a true half to even as Python
    # does. The acquiescence index is such a value (9/32 is 2812.5 / 10**4); others go
    # to Python's own formatting.
    near = np.flatnonzero(near_half & present)
    near = near[values[near].astype(np.float32).astype(np.float64) != values[near]]
    index = _four_decimal_index()
    for i in near.tolist():
        code = index.get(f"{values[i]:.4f}".encode())
        if code is None:
            return None
        codes[i] = code
    return codes, _four_decimal_texts()


_FEW = 4096  # distinct cells up to which a column is written through a table of texts


def _table(cells: Sequence[bytes], end: bytes, width: int) -> NDArray[np.void]:
    """The cells with their separator, NUL-padded to `width` bytes each."""
    return np.array([cell + end + b"\0" * (width - len(cell) - 1) for cell in cells], f"V{width}")


@functools.cache
def _four_decimal_table(end: bytes, width: int) -> NDArray[np.void]:
    return _table(_four_decimal_texts(), end, width)


def _lines_from_codes(columns: Sequence[tuple[NDArray[np.int32], list[bytes]]], n: int) -> Any:
    """The CSV lines of coded columns: every row laid out at fixed width (each cell
    padded with NUL bytes to the widest text of its column, with its comma or line end),
    each column filled from its table in one gather, then the padding dropped."""
    widths = [
        _FOUR_DECIMAL_WIDTH + 1 if cells is _four_decimal_texts() else max(map(len, cells)) + 1
        for _, cells in columns
    ]
    layout = np.dtype(
        {
            "names": [f"c{j}" for j in range(len(columns))],
            "formats": [f"V{w}" for w in widths],
            "offsets": [sum(widths[:j]) for j in range(len(columns))],
            "itemsize": sum(widths),
        }
    )
    rows = np.empty(n, dtype=layout)
    for j, ((codes, cells), width) in enumerate(zip(columns, widths, strict=True)):
        end = b"\n" if j == len(columns) - 1 else b","
        if cells is _four_decimal_texts():  # the same 20,003 texts every batch: kept
            table = _four_decimal_table(end, width)
        else:
            table = _table(cells, end, width)
        rows[f"c{j}"] = table[codes]
    flat = rows.view(np.uint8)
    return flat[flat != 0]


def csv_bytes(batch: Any) -> memoryview:
    """The rows of a result batch as CSV text (UTF-8, `\\n` line ends, no header).

    Columns with few distinct cells (scores, classification) are laid out through tables
    of their texts (`_lines_from_codes`); a batch with a free-text column (ids) is joined
    by Arrow. Either way each distinct value is formatted once.
    """
    if batch.num_rows == 0:
        return memoryview(b"")
    pairs = list(zip(batch.schema.names, batch.columns, strict=True))
    coded = []
    for name, column in pairs if len(pairs) > 1 else ():
        cells = _coded(name, column)
        if cells is None:  # the id column comes first: no work spent on the others
            break
        coded.append(cells)
    else:
        if coded:
            return memoryview(_lines_from_codes(coded, batch.num_rows))
    return _joined_by_arrow(pairs, batch.num_rows)


def _joined_by_arrow(pairs: Sequence[tuple[str, Any]], n: int) -> memoryview:
    texts = [_text_column(name, column) for name, column in pairs]
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
