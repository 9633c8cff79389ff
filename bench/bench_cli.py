"""How long the `verbinding` command takes to start, side by side with a bare interpreter.

Each command runs ROUNDS times, interleaved with `python -c pass` (the floor: starting
Python itself) and `python -c "import typer"` (the floor of any Typer command), so that a
busy moment of the machine hits all of them alike. Bytecode is written and used, as on an
installed system: the first round only warms the caches and is not counted (this
environment may set PYTHONDONTWRITEBYTECODE, which would make every start compile the
whole stack again; the benchmark removes it for its own runs).

Targets (issue "One source of truth", item 6): `verbinding --help` and
`verbinding instrument list` each ≤ 0.3 s wall time (median).

Run: `uv run python bench/bench_cli.py [rounds]`
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
TARGET_SECONDS = 0.3
COMMAND = str(Path(sys.executable).with_name("verbinding"))

RUNS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "python -c 'import typer'": [sys.executable, "-c", "import typer"],
    "verbinding --help": [COMMAND, "--help"],
    "verbinding instrument list": [COMMAND, "instrument", "list"],
}
TARGETS = ("verbinding --help", "verbinding instrument list")


def once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for command in RUNS.values():  # warm: bytecode written, files in the page cache
        once(command, env)
    times: dict[str, list[float]] = {name: [] for name in RUNS}
    for _ in range(ROUNDS):
        for name, command in RUNS.items():
            times[name].append(once(command, env))
    floor = statistics.median(times["python -c pass"])
    print(f"{ROUNDS} rounds, interleaved; load average {os.getloadavg()[0]:.2f}, "
          f"{os.cpu_count()} CPUs")
    print(f"{'command':30} {'median s':>9} {'p90 s':>7} {'× python':>9}")
    for name, found in times.items():
        median = statistics.median(found)
        p90 = statistics.quantiles(found, n=10)[-1]
        print(f"{name:30} {median:9.3f} {p90:7.3f} {median / floor:9.1f}")
    failed = False
    for name in TARGETS:
        median = statistics.median(times[name])
        ok = median <= TARGET_SECONDS
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: median {median:.3f} s "
              f"(target ≤ {TARGET_SECONDS} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
