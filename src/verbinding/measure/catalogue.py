"""The quick summary that `verbinding instrument list` prints: the same files, the same
current versions (`verbinding.measure.discovery`) as the full loader.

Reading an instrument properly validates it with pydantic, and its content hash is taken
over the validated definition; both take longer than the whole `instrument list` may
(issue #14: 0.3 s). So the summary of each file is kept in a small cache file, under the
sha256 of the file's bytes and of the loader's own source, and is made by that same full
loader whenever either has changed: the list shows exactly what the loader reads, and a
broken file is reported as before. This module imports neither pydantic nor PyYAML.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from verbinding.measure.discovery import BUILTIN_DIR, current_versions, instrument_paths

if TYPE_CHECKING:
    from verbinding.measure.instrument import Instrument

CACHE_NAME = "instrument-list.json"
# The code that turns a file into a definition: a change to it may change every summary.
_LOADER_SOURCES = ("instrument.py", "../yamlfile.py")

Summary = dict[str, Any]


def summary(inst: Instrument) -> Summary:
    """What `instrument list` shows of one instrument (`--json` prints these keys)."""
    return {
        "id": inst.id,
        "version": inst.version,
        "content_hash": inst.content_hash,
        "title": inst.title,
        "items": len(inst.items),
        "scales": list(inst.scale_ids),
        "classification": inst.classification.kind if inst.classification else None,
        "file": str(inst.path),
    }


def _full_summary(path: Path) -> Summary:
    from verbinding.measure.instrument import load_instrument

    return summary(load_instrument(path))


def _loader_fingerprint() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in _LOADER_SOURCES:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _cache_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("verbinding")) / CACHE_NAME


def _read_cache(path: Path) -> dict[str, Summary]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _write_cache(path: Path, entries: dict[str, Summary]) -> None:
    """Written whole under a temporary name and renamed: a reader never sees half a file.
    A cache that cannot be written (a read-only home) only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".instrument-list-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(entries, handle, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        pass


def summaries(
    paths: list[Path],
    cache: Path | None = None,
    load: Callable[[Path], Summary] = _full_summary,
) -> list[Summary]:
    """The summary of each file in `paths`, in order, from the cache where the file and
    the loader are unchanged, else from `load` (which raises for a broken file)."""
    cache = _cache_file() if cache is None else cache
    known = _read_cache(cache)
    loader = _loader_fingerprint()
    entries: dict[str, Summary] = {}
    out = []
    for path in paths:
        key = f"{loader}:{hashlib.sha256(path.read_bytes()).hexdigest()}"
        row = known.get(key)
        if not isinstance(row, dict):
            row = load(path)
        entries[key] = row
        out.append({**row, "file": str(path)})
    if entries != known:
        _write_cache(cache, entries)
    return out


def builtin_summaries(cache: Path | None = None) -> list[Summary]:
    """The built-in instruments as `builtin_instruments()` has them: one per id, the last
    file of an id winning, in the order the ids first appear."""
    by_id: dict[str, Summary] = {}
    for row in summaries(instrument_paths(BUILTIN_DIR), cache):
        by_id[row["id"]] = row
    return list(by_id.values())


def current_summaries(installed: Path | None, cache: Path | None = None) -> list[Summary]:
    """What `current_instruments(installed)` holds, as summaries with an `installed` flag
    (the same rule, `discovery.current_versions`)."""
    shipped = instrument_paths(BUILTIN_DIR)
    # One pass over all files, so the cache keeps the entries of both folders.
    rows = summaries([*shipped, *instrument_paths(installed)], cache)
    pairs = current_versions(
        rows[: len(shipped)], rows[len(shipped) :], lambda r: r["id"], lambda r: r["version"]
    )
    return [{**row, "installed": installed_} for row, installed_ in pairs]
