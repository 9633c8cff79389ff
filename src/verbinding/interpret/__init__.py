"""Interpretation: the one owner of every rule that turns scores into words and advice.

Pure Python, no Django (`mypy --strict`), beside `verbinding.measure`: `measure` computes
scores and classifications, `interpret` decides what they mean for people (style order,
what is high, the care rule, the verdict, what a plan proposes) and how a number is
written (`numbers`). Stored results keep the reading they were made with (`VERSION`).
"""

from __future__ import annotations

from verbinding.interpret import numbers
from verbinding.interpret.reading import Highlight, Reading, combine, from_json, read_result
from verbinding.interpret.rules import (
    HIGH,
    INSECURE,
    MIDDLE,
    SECURE,
    STYLE_ORDER,
    VERSION,
    Verdict,
    is_high,
    needs_care,
    out_of_ten,
    standing_out,
    styles_in_order,
    verdict,
)

__all__ = [
    "HIGH",
    "INSECURE",
    "MIDDLE",
    "SECURE",
    "STYLE_ORDER",
    "VERSION",
    "Highlight",
    "Reading",
    "Verdict",
    "combine",
    "from_json",
    "is_high",
    "needs_care",
    "numbers",
    "out_of_ten",
    "read_result",
    "standing_out",
    "styles_in_order",
    "verdict",
]
