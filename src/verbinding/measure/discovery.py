"""Where instrument files are found and which version of an id counts as the current one:
the one rule for both the full loader (`verbinding.measure.instrument`) and the quick list
(`verbinding.measure.catalogue`). Imports nothing of the project.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

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


def newest(versions: Sequence[T], version_of: Callable[[T], str]) -> T:
    """The highest version (the first file of the highest, on a tie)."""
    return max(versions, key=lambda item: version_key(version_of(item)))


def current_versions(
    builtin: Sequence[T],
    installed: Sequence[T],
    id_of: Callable[[T], str],
    version_of: Callable[[T], str],
) -> list[tuple[T, bool]]:
    """Each id once with the version new self-tests use, and whether it is installed: the
    newest installed version of an id wins over the built-in one. Built-in ids come in
    their files' order (the last file of an id standing for it), then ids that exist only
    as installed files, sorted. Works on loaded instruments and on list summaries alike."""
    shipped = {id_of(item): item for item in builtin}
    by_id: dict[str, list[T]] = {}
    for item in installed:
        by_id.setdefault(id_of(item), []).append(item)
    best = {i: newest(items, version_of) for i, items in by_id.items()}
    out = [(best.get(i, item), i in best) for i, item in shipped.items()]
    out += [(best[i], True) for i in sorted(best.keys() - shipped.keys())]
    return out
