"""The quick summary behind `verbinding instrument list`: the full loader's figures, kept
in a cache that a changed file or loader refreshes, and a list that starts without
pydantic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from verbinding.measure import catalogue
from verbinding.measure.instrument import InstrumentError, builtin_instruments, builtin_paths


@pytest.fixture
def copies(tmp_path: Path) -> list[Path]:
    """The shipped instrument files, copied to a folder a test may change."""
    folder = tmp_path / "instruments"
    folder.mkdir()
    for path in builtin_paths():
        (folder / path.name).write_bytes(path.read_bytes())
    return catalogue.instrument_paths(folder)


class CountingLoader:
    def __init__(self) -> None:
        self.loaded: list[Path] = []

    def __call__(self, path: Path) -> catalogue.Summary:
        self.loaded.append(path)
        return catalogue._full_summary(path)


def test_the_list_from_the_cache_is_what_the_full_loader_reads(tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    expected = [catalogue.summary(inst) for inst in builtin_instruments().values()]
    assert catalogue.builtin_summaries(cache) == expected  # cold: read by the loader
    assert cache.exists()
    assert catalogue.builtin_summaries(cache) == expected  # warm: from the cache


def test_an_unchanged_file_is_not_read_again(copies: list[Path], tmp_path: Path) -> None:
    cache, loader = tmp_path / "cache.json", CountingLoader()
    first = catalogue.summaries(copies, cache, loader)
    assert loader.loaded == copies
    assert catalogue.summaries(copies, cache, loader) == first
    assert loader.loaded == copies  # nothing read the second time


def test_a_changed_file_is_read_again(copies: list[Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    before = {row["id"]: row for row in catalogue.summaries(copies, cache)}
    relatie = next(p for p in copies if p.name == "relatie.yaml")
    text = relatie.read_text(encoding="utf-8")
    assert before["relatie"]["version"] == "1" and '\nversion: "1"\n' in text
    relatie.write_text(text.replace('\nversion: "1"\n', '\nversion: "2"\n', 1), encoding="utf-8")
    after = {row["id"]: row for row in catalogue.summaries(copies, cache)}
    assert after["relatie"]["version"] == "2"
    assert after["relatie"]["content_hash"] != before["relatie"]["content_hash"]
    assert after["vier-stijlen"] == before["vier-stijlen"]


def test_a_cache_from_another_loader_is_not_trusted(copies: list[Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    catalogue.summaries(copies, cache)
    entries = json.loads(cache.read_text(encoding="utf-8"))
    # The same files under another loader's fingerprint, with a figure that is wrong.
    forged = {"0" * 64 + key[64:]: {**row, "version": "vervalst"} for key, row in entries.items()}
    cache.write_text(json.dumps(forged), encoding="utf-8")
    rows = catalogue.summaries(copies, cache)
    assert all(row["version"] != "vervalst" for row in rows)


def test_a_broken_file_is_reported_by_the_full_loader(copies: list[Path], tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    catalogue.summaries(copies, cache)
    copies[0].write_text("id: [\n", encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        catalogue.summaries(copies, cache)
    assert str(copies[0]) in str(caught.value)


def test_a_cache_that_cannot_be_written_only_costs_time(copies: list[Path], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    rows = catalogue.summaries(copies, blocker / "cache.json")
    assert [row["file"] for row in rows] == [str(p) for p in copies]


def _list_in_a_new_process(cache_home: Path) -> tuple[list[object], bool]:
    script = (
        "import json, sys\n"
        "from verbinding.cli import main\n"
        "sys.argv = ['verbinding', 'instrument', 'list', '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps('pydantic' in sys.modules))\n"
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
        timeout=120,
    )
    listing, _, flag = done.stdout.rstrip("\n").rpartition("\n")
    return json.loads(listing), json.loads(flag)


def test_instrument_list_starts_without_pydantic_once_the_cache_is_made(tmp_path: Path) -> None:
    expected = [
        {**catalogue.summary(inst), "installed": False} for inst in builtin_instruments().values()
    ]
    cold, cold_pydantic = _list_in_a_new_process(tmp_path)
    warm, warm_pydantic = _list_in_a_new_process(tmp_path)
    assert cold == warm == expected
    assert cold_pydantic  # the first run validated the files
    assert not warm_pydantic


def test_the_quick_list_names_the_current_versions_the_loader_would_use(tmp_path: Path) -> None:
    """An installed version wins in the list exactly as in `current_instruments`, and the
    cache keeps both folders' entries (a second run loads nothing)."""
    from verbinding.measure.instrument import current_instruments

    installed = tmp_path / "installed"
    installed.mkdir()
    shipped = builtin_paths()[0]
    text = shipped.read_text(encoding="utf-8")
    assert "\nversion: " in text or text.startswith("version: ")
    newer = "\n".join(
        'version: "7"' if line.startswith("version:") else line for line in text.splitlines()
    )
    (installed / f"{shipped.stem}-7.yaml").write_text(newer + "\n", encoding="utf-8")
    cache = tmp_path / "cache.json"
    rows = catalogue.current_summaries(installed, cache)
    loader = current_instruments(installed)
    assert [(r["id"], r["version"]) for r in rows] == [(i.id, i.version) for i in loader.values()]
    assert [r["installed"] for r in rows if r["version"] == "7"] == [True]
    assert sum(r["installed"] for r in rows) == 1
    assert len(json.loads(cache.read_text(encoding="utf-8"))) == len(builtin_paths()) + 1
    assert catalogue.current_summaries(installed, cache) == rows
