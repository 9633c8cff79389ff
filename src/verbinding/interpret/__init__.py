"""Interpretation: the one owner of every rule that turns scores into words and advice.

Pure Python, no Django (`mypy --strict`), beside `verbinding.measure`: `measure` computes
scores and classifications, `interpret` decides what they mean for people (style order,
what is high, the care rule, the verdict, what a plan proposes) and how a number is
written (`numbers`). Stored results keep the reading they were made with (`VERSION`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The names below are imported on first use, not with the package (as in
# `verbinding.measure`): a command that only needs `numbers` starts without the reading
# rules and the content files they load.
if TYPE_CHECKING:
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

_READING = "verbinding.interpret.reading"
_RULES = "verbinding.interpret.rules"
_HOME: dict[str, str] = {
    "Highlight": _READING,
    "Reading": _READING,
    "combine": _READING,
    "from_json": _READING,
    "read_result": _READING,
    **dict.fromkeys(
        (
            "HIGH",
            "INSECURE",
            "MIDDLE",
            "SECURE",
            "STYLE_ORDER",
            "VERSION",
            "Verdict",
            "is_high",
            "needs_care",
            "out_of_ten",
            "standing_out",
            "styles_in_order",
            "verdict",
        ),
        _RULES,
    ),
}
_MODULES = {"numbers", "glossary", "reading", "rules"}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value: Any = importlib.import_module(f"{__name__}.{name}")
    elif name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # found once; later look-ups skip this function
    return value


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
