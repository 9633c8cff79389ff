"""Where instrument files are found and which version of an id counts as the current one:
the one rule for both the full loader (`verbinding.measure.instrument`) and the quick list
(`verbinding.measure.catalogue`). Imports nothing of the project.
"""

from __future__ import annotations

import re
from pathlib import Path

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "instruments"
SUFFIXES = frozenset({".yaml", ".yml"})


def instrument_paths(directory: Path | None) -> list[Path]:
    """The instrument files in `directory`, sorted by name (none when it is absent)."""
    if directory is None or not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES)


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """The order of versions: natural ("1" < "1-gekalibreerd-2027-01-05" < "2" < "10"),
    numbers compared as numbers. The highest installed version of an id is the current."""
    parts = re.findall(r"\d+|\D+", version)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)
