"""Reading response files (CSV or Parquet) into response matrices, batch by batch.

Rules (documented for users in docs/measurement.md):

* the first line is the header; item columns are found by header name (= item id);
  other columns are ignored, except the id column when one is asked for;
* an empty cell, `NA`, `N/A`, `NaN`, `nan` or `na` is a missing answer (R writes `NA`),
  and so is any declared missing code;
* anything else must be a number that is a whole scale point from min to max; otherwise
  the whole read fails with one sentence naming the row and column;
* a UTF-8 byte-order mark (Excel) is skipped; a row with a different number of fields
  than the header is an error.

Two readers keep these rules. The fast one is pyarrow's multi-threaded CSV reader: it
parses the item columns straight to numbers (as int8, or as float64 when the first batch
holds decimals such as 3.0), a block of bytes at a time, and the checks above run on each
batch with numpy. The careful one is Python's `csv` module, cell by
cell. The careful reader only runs when the fast one meets something it cannot judge (a
ragged row, a cell that is not a plain number, a value outside the scale, a spelling of
NaN or infinity): it takes over from the first row of the batch that failed, skipping the
rows already delivered, and either reads on (for cells such as " NA " that the rules allow)
or stops with the exact row, line and column of the first bad cell. So every file gives
the same numbers and the same error sentence as a cell-by-cell reader, at the speed of a
columnar one.

A small comma-separated file (under one block) whose cells are all one digit or empty,
the common Likert file, is first tried straight from its bytes with numpy
(`_digit_matrix`): it gives the very batch the fast reader would, by the same column rule,
and anything it cannot vouch for goes to the two readers above. Starting pyarrow took
longer than reading such a file (issue #16).

`iter_responses` yields `ResponseBatch`es and holds at most a few batches in memory, so a
file larger than memory can be scored and analysed; `read_responses` collects them into
one `ResponseTable` for callers that want the whole matrix. A path ending in `.parquet` is
read with pyarrow's Parquet reader under the same rules (no line numbers there).

pyarrow is imported inside the functions that use it: importing this module stays cheap.
"""

from __future__ import annotations

import csv
import io
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from verbinding.measure.instrument import Instrument
from verbinding.measure.scoring import ResponseValueError, ScoringPlan

MISSING_TEXT = ("", "NA", "N/A", "NaN", "nan", "na")
# A number as people type it in a spreadsheet: ASCII digits only. Python's float() would
# also take "-nan", "NAN", "inf" and Arabic-Indic digits, which the rules above reject.
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", re.ASCII)


def _is_answer_text(cell: str) -> bool:
    return cell.strip() in MISSING_TEXT or _NUMBER.fullmatch(cell) is not None


BLOCK_ROWS = 50_000  # rows per batch of the careful (Python) reader and of Parquet
BLOCK_BYTES = 2 << 20  # bytes per batch of the fast CSV reader (about 21,000 rows of 48)

Progress = Callable[[int, int], None]  # (bytes read, total bytes)


class ResponseFileError(ValueError):
    """A response file cannot be used; the message is one sentence for a person."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.row = row
        self.column = column
        super().__init__(message)


@dataclass(frozen=True)
class ResponseTable:
    """A response file as a matrix in the instrument's item order (NaN = missing)."""

    matrix: NDArray[np.float32]
    ids: list[str] | None
    id_column: str | None

    def __len__(self) -> int:
        return int(self.matrix.shape[0])


@dataclass(frozen=True)
class ResponseBatch:
    """Consecutive respondents of a file: rows `start` to `start + len - 1` (0-based).

    `matrix` is in the instrument's item order, NaN = missing (missing codes included).
    `ids` is the id column as a pyarrow string array (None without an id column).
    """

    matrix: NDArray[np.float32]
    ids: Any
    start: int

    def __len__(self) -> int:
        return int(self.matrix.shape[0])


@dataclass(frozen=True)
class _Layout:
    """Where the wanted columns are in a file's header."""

    header: list[str]
    items: list[int]
    id_index: int | None
    header_lines: int  # physical lines the header takes (the data start after them)


class _CountingReader(io.RawIOBase):
    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)
        self.done += n
        return n


def _header(reader: Iterator[list[str]], path: Path) -> list[str]:
    try:
        return [name.strip() for name in next(reader)]
    except StopIteration:
        raise ResponseFileError(f"{path}: het bestand is leeg (the file is empty).") from None


def _columns(
    header: Sequence[str], inst: Instrument, id_column: str | None, path: Path
) -> tuple[list[int], int | None]:
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        positions.setdefault(name, []).append(index)
    missing = [i for i in inst.item_ids if i not in positions]
    if missing:
        raise ResponseFileError(
            f"{path}: kolommen ontbreken voor de items {', '.join(missing)} van "
            f"'{inst.id}' (columns missing for these items)."
        )
    doubled = [i for i in inst.item_ids if len(positions[i]) > 1]
    if doubled:
        raise ResponseFileError(
            f"{path}: kolom {', '.join(doubled)} komt meer dan eens voor (duplicate column)."
        )
    id_index = None
    if id_column is not None:
        if id_column not in positions:
            raise ResponseFileError(
                f"{path}: id-kolom '{id_column}' staat niet in de kop (id column not found)."
            )
        id_index = positions[id_column][0]
    return [positions[i][0] for i in inst.item_ids], id_index


# Code point -> value for one-character cells; NaN for the empty cell, -1 for "not a digit".
_DIGITS = np.full(128, -1.0)
_DIGITS[0] = np.nan
_DIGITS[ord("0") : ord("9") + 1] = np.arange(10)


def _to_numbers(cells: list[tuple[str, ...]]) -> NDArray[np.float64] | None:
    text = np.array(cells, dtype=str)
    if text.size == 0:
        return np.empty(text.shape)
    if text.dtype.itemsize == 4:  # every cell is empty or one character: the common Likert case
        codes = text.view(np.uint32)
        if codes.max() < 128:
            digits = _DIGITS[codes]
            if not (digits < 0).any():
                return digits
    if not all(_is_answer_text(str(cell)) for cell in np.unique(text)):  # few distinct
        return None
    text = np.char.strip(text)
    text = np.where(np.isin(text, MISSING_TEXT), "nan", text)  # widens U1 to fit "nan"
    try:
        return text.astype(np.float64)
    except ValueError:
        return None


def _first_bad_cell(cells: list[tuple[str, ...]]) -> tuple[int, int, str]:
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if not _is_answer_text(cell):
                return r, c, cell
    raise AssertionError("no unparsable cell found")  # pragma: no cover


def _where(row: int, lines: Sequence[int] | None, r: int) -> str:
    return f"rij {row}" if lines is None else f"rij {row} (regel {lines[r]})"


def _checked(
    numbers: NDArray[np.float64], start: int, plan: ScoringPlan, lines: Sequence[int] | None
) -> NDArray[np.float32]:
    """Missing codes to NaN and the range check; raises with the row (and line) of a fault."""
    for code in plan.missing_codes:
        numbers[numbers == code] = np.nan
    filled = np.where(np.isnan(numbers), plan.low, numbers)
    bad = (filled < plan.low) | (filled > plan.high) | (np.rint(filled) != filled)
    if bad.any():
        r, c = (int(v) for v in np.argwhere(bad)[0])
        fault = ResponseValueError(
            start + r, plan.item_ids[c], float(numbers[r, c]), plan.low, plan.high
        )
        where = _where(start + r + 1, lines, r)
        message = str(fault).replace(f"rij {start + r + 1},", f"{where},", 1)
        raise ResponseFileError(message, row=start + r + 1, column=plan.item_ids[c])
    return numbers.astype(np.float32)


def _convert_block(
    cells: list[tuple[str, ...]], lines: Sequence[int] | None, start: int, plan: ScoringPlan
) -> NDArray[np.float32]:
    numbers = _to_numbers(cells)
    if numbers is None:
        r, c, cell = _first_bad_cell(cells)
        raise ResponseFileError(
            f"Fout in {_where(start + r + 1, lines, r)}, kolom {plan.item_ids[c]}: "
            f"'{cell}' is geen getal. (Not a number.)",
            row=start + r + 1,
            column=plan.item_ids[c],
        )
    return _checked(numbers, start, plan, lines)


def _rows(
    reader: Iterable[list[str]], width: int, path: Path, line_of: Callable[[], int]
) -> Iterator[tuple[list[str], int]]:
    try:
        for row in reader:
            if len(row) != width:
                if not row:
                    continue  # a blank line carries no respondent
                raise ResponseFileError(
                    f"{path}: regel {line_of()} heeft {len(row)} velden, de kop heeft er "
                    f"{width} (malformed CSV: wrong number of fields).",
                    row=None,
                )
            yield row, line_of()
    except csv.Error as exc:
        raise ResponseFileError(
            f"{path}: regel {line_of()}: geen geldige CSV ({exc}) (malformed CSV)."
        ) from None


def _open(file: Path) -> tuple[io.BufferedReader, int]:
    if file.exists() and not file.is_file():
        # A device or pipe (/dev/zero) never ends: it would be read until memory runs out.
        raise ResponseFileError(f"{file}: dat is geen gewoon bestand; geef een CSV-bestand.")
    try:
        return file.open("rb"), file.stat().st_size
    except OSError as exc:
        raise ResponseFileError(f"{file}: kan het bestand niet openen ({exc.strerror}).") from None


def _text(raw: io.RawIOBase | io.BufferedReader) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8-sig", newline="")


def _layout(
    file: Path, inst: Instrument, id_column: str | None, delimiter: str
) -> _Layout:
    raw, _ = _open(file)
    with raw, _text(raw) as text:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        try:
            header = _header(reader, file)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ResponseFileError(f"{file}: geen leesbare CSV-kop ({exc}).") from None
        items, id_index = _columns(header, inst, id_column, file)
        return _Layout(header, items, id_index, reader.line_num)


def string_array(values: Sequence[str | None]) -> Any:
    """A pyarrow string array built from its buffers (`pyarrow.array` imports pandas)."""
    import pyarrow as pa  # type: ignore[import-untyped]

    encoded = [b"" if v is None else v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    nulls = sum(v is None for v in values)
    bitmap = None
    if nulls:
        present = np.array([v is not None for v in values], dtype=np.bool_)
        bitmap = pa.py_buffer(np.packbits(present, bitorder="little"))
    buffers = [bitmap, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), len(encoded), buffers, null_count=nulls)


def _ids(values: list[str]) -> Any:
    return string_array(values)


def _careful_batches(
    file: Path,
    layout: _Layout,
    plan: ScoringPlan,
    delimiter: str,
    progress: Progress | None,
    skip: int = 0,
) -> Iterator[ResponseBatch]:
    """The cell-by-cell reader, from data row `skip` (0-based) on."""
    raw, total = _open(file)
    counter = _CountingReader(raw)
    with raw, _text(counter) as text:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        try:
            next(reader)  # the header, checked by _layout
        except (StopIteration, UnicodeDecodeError, csv.Error):  # pragma: no cover
            raise ResponseFileError(f"{file}: geen leesbare CSV-kop.") from None
        pick = operator.itemgetter(*layout.items)
        id_index = layout.id_index
        cells: list[tuple[str, ...]] = []
        lines: list[int] = []
        ids: list[str] = []
        start = skip
        seen = 0
        try:
            for row, line in _rows(reader, len(layout.header), file, lambda: reader.line_num):
                seen += 1
                if seen <= skip:
                    continue
                picked = pick(row)
                cells.append(picked if isinstance(picked, tuple) else (picked,))
                lines.append(line)
                if id_index is not None:
                    ids.append(row[id_index])
                if len(cells) == BLOCK_ROWS:
                    matrix = _convert_block(cells, lines, start, plan)
                    yield ResponseBatch(matrix, _ids(ids) if id_index is not None else None, start)
                    start += len(cells)
                    cells, lines, ids = [], [], []
                    if progress is not None:
                        progress(counter.done, total)
        except UnicodeDecodeError as exc:
            raise ResponseFileError(f"{file}: geen UTF-8-tekst ({exc.reason}).") from None
        if cells:
            matrix = _convert_block(cells, lines, start, plan)
            yield ResponseBatch(matrix, _ids(ids) if id_index is not None else None, start)


def arrow_matrix(columns: Sequence[Any], n: int) -> NDArray[np.float64]:
    """float64 columns side by side (Fortran order: each column one copy), null -> NaN.

    Read from the Arrow buffers directly: `Array.to_numpy` would import pandas.
    """
    matrix = np.empty((n, len(columns)), order="F")
    for j, column in enumerate(columns):
        validity, values = column.buffers()[:2]
        offset = column.offset
        matrix[:, j] = np.frombuffer(values, dtype=np.float64, count=n, offset=8 * offset)
        if column.null_count:
            bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
            matrix[bits[offset : offset + n] == 0, j] = np.nan
    return matrix


def _column_values(column: Any, n: int) -> NDArray[np.float64]:
    """A float64 Arrow column as numpy (a view when it has no nulls), null -> NaN."""
    validity, values = column.buffers()[:2]
    offset = column.offset
    view = np.frombuffer(values, dtype=np.float64, count=n, offset=8 * offset)
    if not column.null_count:
        return view
    bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
    return np.where(bits[offset : offset + n] == 0, np.nan, view)


def _plain_matrix(
    columns: Sequence[Any], n: int, plan: ScoringPlan
) -> NDArray[np.float32] | None:
    """The fast check and conversion of a parsed batch, column by column (small arrays stay
    in the allocator's cache); None sends the batch to the careful reader.

    A NaN that is not a null cell is text such as "NAN" or "-nan", and infinity is "inf":
    not answers. Missing codes become NaN.
    """
    matrix = np.empty((n, len(columns)), dtype=np.float32, order="F")
    scratch = np.empty(n)
    for j, column in enumerate(columns):
        values = _column_values(column, n)
        if np.count_nonzero(np.isnan(values)) != column.null_count:
            return None
        if plan.missing_codes and np.isin(values, plan.missing_codes).any():
            values = np.where(np.isin(values, plan.missing_codes), np.nan, values)
        if n and column.null_count < n:
            low, high = np.fmin.reduce(values), np.fmax.reduce(values)
            if not (low >= plan.low and high <= plan.high):
                return None
            np.floor(values, out=scratch)  # NaN stays NaN, and fmax passes over it
            np.subtract(values, scratch, out=scratch)
            if np.fmax.reduce(scratch) > 0.0:
                return None
        matrix[:, j] = values
    return matrix


def _whole_column(
    target: NDArray[np.float32],
    whole: NDArray[np.int8] | NDArray[np.uint8],
    empty: NDArray[np.bool_] | None,
    plan: ScoringPlan,
) -> bool:
    """One column of small whole numbers into `target`: empty cells and missing codes to
    NaN; False when a value is outside the scale (the batch goes to the careful reader)."""
    target[:] = whole
    nulls = 0
    if empty is not None:
        target[empty] = np.nan
        nulls = int(np.count_nonzero(empty))
    if plan.missing_codes:
        target[np.isin(target, plan.missing_codes)] = np.nan
    if len(target) and nulls < len(target):
        low, high = np.fmin.reduce(target), np.fmax.reduce(target)
        if not (low >= plan.low and high <= plan.high) and not np.isnan(low):
            return False
    return True


def _whole_matrix(
    columns: Sequence[Any], n: int, plan: ScoringPlan
) -> NDArray[np.float32] | None:
    """`_plain_matrix` for columns parsed as small whole numbers (int8): no fractions or
    NaN spellings can be in them, only the range is left to check."""
    matrix = np.empty((n, len(columns)), dtype=np.float32, order="F")
    for j, column in enumerate(columns):
        validity, values = column.buffers()[:2]
        offset = column.offset
        whole = np.frombuffer(values, dtype=np.int8, count=n, offset=offset)
        empty = None
        if column.null_count:
            bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
            empty = bits[offset : offset + n] == 0
        if not _whole_column(matrix[:, j], whole, empty, plan):
            return None
    return matrix


_ONE_CHARACTER_CELLS = b"0123456789,\n"


def _digit_matrix(file: Path, layout: _Layout, plan: ScoringPlan) -> NDArray[np.float32] | None:
    """The whole of a small comma-separated file whose cells are all one digit or empty
    (the common Likert file), read straight from its bytes; None for anything else.

    Starting pyarrow took longer than reading such a file (issue #16). The result is what
    `_fast_batches` makes of it, to the bit: the same single batch (the file is smaller
    than one block), the same float32 matrix in column order, from the same column rule
    (`_whole_column`). Whatever is not plainly so (quotes, spaces, a carriage return, a
    blank line, a ragged row, a value outside the scale, an empty file) gets None, and the
    readers above judge the file as they always did.
    """
    data = file.read_bytes()
    start = 0
    for _ in range(layout.header_lines):
        start = data.find(b"\n", start) + 1
        if start == 0:
            return None
    body = data[start:]
    if not body or body.translate(None, _ONE_CHARACTER_CELLS):
        return None
    if not body.endswith(b"\n"):
        body += b"\n"
    if body.startswith(b"\n") or b"\n\n" in body:
        return None  # blank lines: the other readers skip them
    raw = np.frombuffer(body, dtype=np.uint8)
    ends = np.flatnonzero((raw == ord(",")) | (raw == ord("\n")))  # where each cell ends
    width = len(layout.header)
    rows = len(ends) // width
    if (
        len(ends) != rows * width
        or np.count_nonzero(raw == ord("\n")) != rows
        or not (raw[ends[width - 1 :: width]] == ord("\n")).all()
    ):
        return None  # a ragged row
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    if np.fmax.reduce(ends - starts) > 1:
        return None  # a number of two digits
    empty = (ends == starts).reshape(rows, width)
    cells = raw[starts].reshape(rows, width)  # an empty cell shows its comma: set to NaN
    matrix = np.empty((rows, len(layout.items)), dtype=np.float32, order="F")
    for j, index in enumerate(layout.items):
        holes = empty[:, index]
        whole = cells[:, index] - np.uint8(ord("0"))
        if not _whole_column(matrix[:, j], whole, holes if holes.any() else None, plan):
            return None
    return matrix


def _fast_batches(
    file: Path,
    layout: _Layout,
    plan: ScoringPlan,
    delimiter: str,
    progress: Progress | None,
    block_size: int,
    whole: bool = True,
) -> Iterator[ResponseBatch]:
    """pyarrow's reader; hands over to the careful reader at the first batch it cannot judge.

    It first parses the items as small whole numbers (int8, the quickest); when the very
    first batch does not fit (a file written as 3.0, 4.0, ...), it starts again with
    float64. A later misfit goes to the careful reader from that batch on.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv  # type: ignore[import-untyped]

    names = [f"c{i}" for i in range(len(layout.header))]
    items = [names[i] for i in layout.items]
    types = {name: pa.int8() if whole else pa.float64() for name in items}
    convert = _whole_matrix if whole else _plain_matrix
    include = list(items)
    id_name = None
    if layout.id_index is not None:
        id_name = names[layout.id_index]
        if id_name in types:  # an item that is also the id: rare, the careful reader does it
            yield from _careful_batches(file, layout, plan, delimiter, progress)
            return
        types[id_name] = pa.string()
        include.append(id_name)
    options = {
        "read_options": pacsv.ReadOptions(
            column_names=names, skip_rows=layout.header_lines, block_size=block_size
        ),
        "parse_options": pacsv.ParseOptions(delimiter=delimiter),
        "convert_options": pacsv.ConvertOptions(
            column_types=types,
            include_columns=include,
            null_values=list(MISSING_TEXT),
            strings_can_be_null=False,
        ),
    }
    total = file.stat().st_size
    done = 0
    handover: int | None = None
    source = pa.OSFile(str(file), "rb")
    try:
        try:
            reader = pacsv.open_csv(source, **options)
        except pa.ArrowInvalid:
            handover = 0
        while handover is None:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid:
                handover = done  # the careful reader names the fault (or reads what we cannot)
                break
            n = batch.num_rows
            matrix = convert([batch.column(name) for name in items], n, plan)
            if matrix is None:
                handover = done
                break
            ids = batch.column(id_name) if id_name is not None else None
            yield ResponseBatch(matrix, ids, done)
            done += n
            if progress is not None:
                progress(min(source.tell(), total), total)
    finally:
        source.close()
    if handover == 0 and whole:
        yield from _fast_batches(file, layout, plan, delimiter, progress, block_size, False)
    elif handover is not None:
        yield from _careful_batches(file, layout, plan, delimiter, progress, skip=handover)


def _parquet_batches(
    file: Path,
    inst: Instrument,
    plan: ScoringPlan,
    id_column: str | None,
    progress: Progress | None,
) -> Iterator[ResponseBatch]:
    """A Parquet file under the same rules: numeric columns as they are, text cells by rule."""
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    handle, total = _open(file)
    handle.close()
    try:
        parquet = pq.ParquetFile(str(file))
    except (pa.ArrowException, OSError) as exc:
        raise ResponseFileError(f"{file}: geen leesbaar Parquet-bestand ({exc}).") from None
    raw_names = list(parquet.schema_arrow.names)
    items, id_index = _columns([n.strip() for n in raw_names], inst, id_column, file)
    wanted = [raw_names[i] for i in items]
    columns = wanted + ([raw_names[id_index]] if id_index is not None else [])
    rows = max(1, parquet.metadata.num_rows)
    start = 0
    for batch in parquet.iter_batches(batch_size=BLOCK_ROWS, columns=list(dict.fromkeys(columns))):
        n = batch.num_rows
        numbers = np.empty((n, len(wanted)))
        text: list[int] = []
        for j, name in enumerate(wanted):
            column = batch.column(name)
            if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
                numbers[:, j] = column.cast(pa.float64()).to_numpy(zero_copy_only=False)
            elif pa.types.is_null(column.type):
                numbers[:, j] = np.nan
            else:
                text.append(j)
        if text:  # text columns: the same rules as CSV cells
            cells = [
                tuple("" if v is None else str(v) for v in values)
                for values in zip(*(batch.column(wanted[j]).to_pylist() for j in text), strict=True)
            ]
            numbers[:, text] = _convert_block(cells, None, start, plan)
        ids = None
        if id_index is not None:
            ids = batch.column(raw_names[id_index]).cast(pa.string())
            if ids.null_count:
                ids = string_array(["" if v is None else v for v in ids.to_pylist()])
        yield ResponseBatch(_checked(numbers, start, plan, None), ids, start)
        start += n
        if progress is not None:
            progress(min(total, total * start // rows), total)


def is_parquet(path: str | Path) -> bool:
    """Parquet in and out is chosen by the extension `.parquet`."""
    return Path(path).suffix.lower() == ".parquet"


def iter_responses(
    path: str | Path,
    inst: Instrument,
    *,
    missing_codes: Iterable[float] = (),
    id_column: str | None = None,
    progress: Progress | None = None,
    delimiter: str = ",",
    block_size: int = BLOCK_BYTES,
) -> Iterator[ResponseBatch]:
    """The respondents of a response file, batch by batch (see the module docs).

    Raises `ResponseFileError` for a fault before it or while iterating; the batches
    before the fault have been yielded by then. `block_size` is the number of bytes the
    CSV reader parses per batch (smaller: less memory, more batches).
    """
    file = Path(path)
    plan = ScoringPlan.for_instrument(inst, missing_codes)
    if is_parquet(file):
        yield from _parquet_batches(file, inst, plan, id_column, progress)
    else:
        layout = _layout(file, inst, id_column, delimiter)
        small = None
        if delimiter == "," and layout.id_index is None and file.stat().st_size < block_size:
            small = _digit_matrix(file, layout, plan)
        if small is not None:
            yield ResponseBatch(small, None, 0)
        else:
            yield from _fast_batches(file, layout, plan, delimiter, progress, block_size)
    if progress is not None:
        total = file.stat().st_size
        progress(total, total)


def read_responses(
    path: str | Path,
    inst: Instrument,
    *,
    missing_codes: Iterable[float] = (),
    id_column: str | None = None,
    progress: Progress | None = None,
    delimiter: str = ",",
    block_size: int = BLOCK_BYTES,
) -> ResponseTable:
    """Read a whole response file for `inst`; raise `ResponseFileError` on any fault.

    `missing_codes` adds to the instrument's own codes. `progress(done, total)` is called
    after every batch with bytes read so far and the file size.
    """
    blocks: list[NDArray[np.float32]] = []
    ids: list[str] | None = [] if id_column is not None else None
    for batch in iter_responses(
        path,
        inst,
        missing_codes=missing_codes,
        id_column=id_column,
        progress=progress,
        delimiter=delimiter,
        block_size=block_size,
    ):
        blocks.append(batch.matrix)
        if ids is not None:
            ids.extend(batch.ids.to_pylist())
    matrix = (
        np.concatenate(blocks) if blocks else np.empty((0, len(inst.item_ids)), dtype=np.float32)
    )
    return ResponseTable(matrix=matrix, ids=ids, id_column=id_column)
