"""One helper keeps every CSV the product writes safe to open in a spreadsheet."""

from __future__ import annotations

import pytest

from verbinding.csvcells import safe_cell, safe_row


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=cmd|'/ccalc'!a456@x.nl", "'=cmd|'/ccalc'!a456@x.nl"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("anna@example.nl", "anna@example.nl"),
        ("-1.5", "-1.5"),
        ("+3", "+3"),
        ("-2e-3", "-2e-3"),
        (-1.5, -1.5),
        (7, 7),
        (None, None),
        ("", ""),
    ],
)
def test_spreadsheet_formula_cells_are_neutralised_and_numbers_kept(cell, expected) -> None:
    assert safe_cell(cell) == expected


def test_a_row_is_made_safe_cell_by_cell() -> None:
    assert safe_row(["=1", 2, "x"]) == ["'=1", 2, "x"]
