"""bench/bench_files.py works: its files, its value checks, and one tiny run end to end.

The timings are not checked here (a tiny file measures start-up only); the benchmark's
own comparisons with pandas, pingouin and (when installed) R psych must pass.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from verbinding.measure import get_instrument

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_files.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_files", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def test_generated_file_is_deterministic_with_empty_cells(tmp_path: Path) -> None:
    bench = _bench()
    inst = get_instrument("vier-stijlen")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    bench.generate(first, inst, 3_000)
    bench.generate(second, inst, 3_000)
    assert first.read_bytes() == second.read_bytes()
    with first.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == list(inst.item_ids)
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) == 3_001 and all(len(row) == 48 for row in rows[1:])
    empty = cells.count("")
    assert 0.002 < empty / len(cells) < 0.01
    assert {cell for cell in cells if cell} == {str(v) for v in range(1, 8)}


def test_score_comparison_catches_a_difference_and_a_moved_gap(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    bench = _bench()
    ours, theirs = tmp_path / "ours.csv", tmp_path / "theirs.csv"
    ours.write_text("a,b,dominant\n1.5,2.25,a\n,3,b\n")
    theirs.write_text("a,b\n1.5000004,2.25\n,3.0\n")
    assert bench.compare_scores(ours, theirs, ["a", "b"])[0]
    theirs.write_text("a,b\n1.50001,2.25\n,3.0\n")
    assert not bench.compare_scores(ours, theirs, ["a", "b"])[0]
    theirs.write_text("a,b\n1.5,2.25\n2,\n")
    assert not bench.compare_scores(ours, theirs, ["a", "b"])[0]
    assert not bench.compare_alphas({"a": 0.8}, {"a": 0.80001})[0]


@pytest.mark.slow
def test_a_tiny_run_compares_equal_values(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("pingouin")
    result = subprocess.run(
        [sys.executable, str(BENCH), "--rows", "2000", "--repeat", "1", "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert "PASS  2,000 score: same scale scores as pandas to 1e-06" in out, out
    assert "PASS  2,000 analyse: same alphas as pandas + pingouin to 1e-06" in out, out
    assert ("PASS  SD3 analyse: same alphas as R psych to 1e-06" in out
            or "SKIPPED  SD3 vs R psych" in out), out
    for label in ("2,000 score: verbinding", "2,000 score: pandas",
                  "2,000 analyse: verbinding", "2,000 analyse: pandas + pingouin"):
        line = next(line for line in out.splitlines() if line.startswith(label))
        assert "FAILED" not in line and float(line[len(label):].split()[0]) > 0, line
    assert not (tmp_path / "verbinding-bench-files").exists()  # removed without --keep


def test_runs_measure_the_command_itself_and_report_its_failure(tmp_path: Path) -> None:
    bench = _bench()
    env = bench.bench_env()
    hold = "import time; block = bytearray(300 * 2**20); block[::4096] = b'x' * len(block[::4096])"
    big = bench.Runs("big: python", [sys.executable, "-c", hold], 1)
    small = bench.Runs("small: true", ["true"], 1)
    ballast = bytearray(400 * 2**20)  # this process's own memory must not count
    ballast[::4096] = b"y" * len(ballast[::4096])
    bench.measure([[big, small]], 1, env, tmp_path)
    assert big.failure is None and 300 <= big.peak < 400, big.peak_mib
    assert small.peak < 50, small.peak_mib
    failing = bench.Runs("fails: python", [sys.executable, "-c", "raise SystemExit(3)"], 1)
    missing = bench.Runs("missing", [str(tmp_path / "no-such-command")], 1)
    bench.measure([[failing, missing]], 2, env, tmp_path)
    assert failing.failure is not None and failing.failure.startswith("exit code 3")
    assert missing.failure is not None and missing.failure.startswith("did not start")
    del ballast
