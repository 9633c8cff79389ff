"""The rooms keep their doors: the import contracts in pyproject.toml hold (layers, no
app importing another's internals, a Django-free core) and no modules import each other
in a circle. docs/architecture.md draws the map these check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_every_import_contract_is_kept() -> None:
    done = _run(str(Path(sys.executable).with_name("lint-imports")), "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_no_rooms_or_modules_import_each_other_in_a_circle() -> None:
    done = _run(sys.executable, "tools/import_cycles.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "both ways: 0" in done.stdout
    assert "strongly connected groups): 0" in done.stdout
