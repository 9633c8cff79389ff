"""The CSV text of `verbinding score` (`csv_bytes`) against Python's csv module, row by row.

`csv_bytes` writes through tables of the distinct texts of each column; the reference
here formats every cell on its own, as the first version of the command did.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import numpy as np
import pyarrow as pa

from verbinding.csvcells import safe_cell
from verbinding.measure import get_instrument, score_matrix
from verbinding.measure.batches import csv_bytes, scores_batch


def _reference(batch: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in batch.to_pylist():
        cells = []
        for name, value in row.items():
            if value is None:
                cells.append("")
            elif isinstance(value, bool):
                cells.append("true" if value else "false")
            elif isinstance(value, float) and name == "acquiescence":
                cells.append(f"{value:.4f}")
            elif isinstance(value, float):
                cells.append(f"{value:.6f}".rstrip("0").rstrip("."))
            else:
                cells.append(safe_cell(str(value)))
        writer.writerow(cells)
    return out.getvalue()


def test_scored_rows_are_the_cells_python_writes_one_by_one() -> None:
    inst = get_instrument("vier-stijlen")
    rng = np.random.default_rng(7)
    matrix = rng.integers(1, 8, (4000, len(inst.item_ids))).astype(np.float32)
    matrix[rng.random(matrix.shape) < 0.05] = np.nan
    matrix[:50] = 4.0  # acquiescence exactly 0
    scores = score_matrix(inst, matrix)
    batch = scores_batch(inst, scores)
    assert bytes(csv_bytes(batch)).decode() == _reference(batch)


def test_four_decimals_round_halves_and_negative_zero_as_python_does() -> None:
    # 9/32 = 0.28125 lies exactly between 0.2812 and 0.2813; -0.00001 prints as -0.0000.
    values = [9 / 32, -9 / 32, 3 / 64, 0.00005, -0.00001, -0.0, 1.0, -1.0, None, 0.1 + 0.2]
    values += [float(v) for v in np.linspace(-1, 1, 997)]
    values += [float(np.float32(v)) for v in np.linspace(-1, 1, 1001)]
    n = len(values)
    batch = pa.RecordBatch.from_arrays(
        [pa.array([float(i) for i in range(n)]), pa.array(values, type=pa.float64())],
        names=["veilig", "acquiescence"],
    )
    assert bytes(csv_bytes(batch)).decode() == _reference(batch)


def test_text_columns_with_formulas_and_quotes_and_many_ids() -> None:
    names = ["=SUM(A1)", 'zei "ja"', "a,b", "-3", "gewoon", "", "regel\neen", "é"]
    few = pa.array([names[i % len(names)] for i in range(600)])
    many = pa.array([f"id-{i}" if i % 7 else f"+{i}" for i in range(600)])  # the Arrow join
    scores = pa.array([math.nan if i % 11 == 0 else i / 3 for i in range(600)], from_pandas=True)
    for column in (few, many):
        batch = pa.RecordBatch.from_arrays([column, scores], names=["nr", "veilig"])
        assert bytes(csv_bytes(batch)).decode() == _reference(batch)
