"""Reading response files (CSV) into a response matrix, in blocks, with exact fault places.

Rules (documented for users in docs/measurement.md):

* the first line is the header; item columns are found by header name (= item id);
  other columns are ignored, except the id column when one is asked for;
* an empty cell, `NA`, `N/A`, `NaN` or `nan` is a missing answer (R writes `NA`), and so
  is any declared missing code;
* anything else must be a number that is a whole scale point from min to max; otherwise
  the whole read fails with one sentence naming the row and column;
* a UTF-8 byte-order mark (Excel) is skipped; a row with a different number of fields
  than the header is an error.

Rows are converted a block at a time (numpy parses the numbers), so a million-row file
reads in seconds with a progress callback.
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
BLOCK_ROWS = 50_000

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


def _convert_block(
    cells: list[tuple[str, ...]], lines: list[int], start: int, plan: ScoringPlan
) -> NDArray[np.float32]:
    numbers = _to_numbers(cells)
    if numbers is None:
        r, c, cell = _first_bad_cell(cells)
        raise ResponseFileError(
            f"Fout in rij {start + r + 1} (regel {lines[r]}), kolom {plan.item_ids[c]}: "
            f"'{cell}' is geen getal. (Not a number.)",
            row=start + r + 1,
            column=plan.item_ids[c],
        )
    for code in plan.missing_codes:
        numbers[numbers == code] = np.nan
    filled = np.where(np.isnan(numbers), plan.low, numbers)
    bad = (filled < plan.low) | (filled > plan.high) | (np.rint(filled) != filled)
    if bad.any():
        r, c = (int(v) for v in np.argwhere(bad)[0])
        fault = ResponseValueError(
            start + r, plan.item_ids[c], float(numbers[r, c]), plan.low, plan.high
        )
        message = str(fault).replace(
            f"rij {start + r + 1},", f"rij {start + r + 1} (regel {lines[r]}),", 1
        )
        raise ResponseFileError(message, row=start + r + 1, column=plan.item_ids[c])
    return numbers.astype(np.float32)


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


def read_responses(
    path: str | Path,
    inst: Instrument,
    *,
    missing_codes: Iterable[float] = (),
    id_column: str | None = None,
    progress: Progress | None = None,
    delimiter: str = ",",
) -> ResponseTable:
    """Read a CSV response file for `inst`; raise `ResponseFileError` on any fault.

    `missing_codes` adds to the instrument's own codes. `progress(done, total)` is called
    after every block with bytes read so far and the file size.
    """
    file = Path(path)
    plan = ScoringPlan.for_instrument(inst, missing_codes)
    if file.exists() and not file.is_file():
        # A device or pipe (/dev/zero) never ends: it would be read until memory runs out.
        raise ResponseFileError(f"{file}: dat is geen gewoon bestand; geef een CSV-bestand.")
    try:
        total = file.stat().st_size
        raw = file.open("rb")
    except OSError as exc:
        raise ResponseFileError(f"{file}: kan het bestand niet openen ({exc.strerror}).") from None
    counter = _CountingReader(raw)
    with (
        raw,
        io.TextIOWrapper(io.BufferedReader(counter), encoding="utf-8-sig", newline="") as text,
    ):
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        try:
            header = _header(reader, file)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ResponseFileError(f"{file}: geen leesbare CSV-kop ({exc}).") from None
        item_cols, id_index = _columns(header, inst, id_column, file)
        pick = operator.itemgetter(*item_cols)
        blocks: list[NDArray[np.float32]] = []
        ids: list[str] | None = [] if id_index is not None else None
        cells: list[tuple[str, ...]] = []
        lines: list[int] = []
        start = 0
        try:
            for row, line in _rows(reader, len(header), file, lambda: reader.line_num):
                picked = pick(row)
                cells.append(picked if isinstance(picked, tuple) else (picked,))
                lines.append(line)
                if ids is not None and id_index is not None:
                    ids.append(row[id_index])
                if len(cells) == BLOCK_ROWS:
                    blocks.append(_convert_block(cells, lines, start, plan))
                    start += len(cells)
                    cells, lines = [], []
                    if progress is not None:
                        progress(counter.done, total)
        except UnicodeDecodeError as exc:
            raise ResponseFileError(f"{file}: geen UTF-8-tekst ({exc.reason}).") from None
        if cells:
            blocks.append(_convert_block(cells, lines, start, plan))
    if progress is not None:
        progress(total, total)
    matrix = (
        np.concatenate(blocks) if blocks else np.empty((0, len(inst.item_ids)), dtype=np.float32)
    )
    return ResponseTable(matrix=matrix, ids=ids, id_column=id_column)
