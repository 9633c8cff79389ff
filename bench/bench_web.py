"""The bare view, the answer autosave and the results page under concurrent load (wrk).

    uv run python bench/bench_web.py [seconds-per-url] [workers] [threads]

Starts the production server (`verbinding serve`: gunicorn) on a free loopback port with
a throwaway data directory (SQLite in WAL mode; or the database in DATABASE_URL, which
is then left with the bench's self-tests in it). Makes its data the way a browser does:
8 self-tests started through the start page for the autosave load (each its own session
cookie and CSRF token), and one more answered screen by screen and submitted for the
results page. Each URL then gets 32 concurrent keep-alive connections from wrk (2
threads): a 2-second warm-up, then `seconds-per-url` measured seconds (default 20) in 5
rounds in which the three URLs take turns, so that a busy moment on a shared machine
falls on all of them alike; the rounds' latency histograms are merged. The autosave load
POSTs `key` and `<key>=<value>` in turn over every item of the 8 self-tests, the value
changing each time.

The server runs as docs/deployment.md sets it up behind nginx: 2 × CPU cores worker
processes of 1 thread each, which gunicorn runs as sync workers (one request at a time
per process, the connection closed after each answer, as nginx's upstream connections
are). `workers` and `threads` measure other set-ups, e.g. `2 4` for the threaded workers
`verbinding serve` uses by default when browsers talk to it directly.

Prints requests per second, p50, p99 and errors (socket errors, timeouts and HTTP
statuses outside 2xx/3xx) per URL, and PASS/FAIL against the targets: autosave
≥ 0.5 × the bare view's throughput, autosave p99 ≤ 50 ms, 0 errors anywhere, results
page median ≤ 2 × the bare view's median. Exits 0 when all are met, 1 otherwise, and 2
when wrk is missing (`apt-get install wrk`). Stops the server and removes the data
directory when done.
"""

from __future__ import annotations

import http.client
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from loadtools import Owner, autosave_body, finish, start_owner

# Test support (the local server) lives in tests/, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from localserver import running_server

CONNECTIONS = 32
WRK_THREADS = 2
ROUNDS = 5  # each URL's seconds are split into rounds, the URLs taking turns
WARM_UP_SECONDS = 2
AUTOSAVE_OWNERS = 8
MIN_AUTOSAVE_SHARE = 0.5  # of the bare view's requests per second
MAX_AUTOSAVE_P99_MS = 50.0
MAX_RESULTS_MEDIAN_RATIO = 2.0


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None


@dataclass(frozen=True)
class Figures:
    """One URL's load, possibly summed over several wrk runs (rounds)."""

    requests: int
    seconds: float
    errors: Counter[str]
    max_micros: int
    # wrk's latency quantiles at 0.1 %, 0.2 %, … 100 % as (microseconds, requests each
    # stands for): the rounds merge into one distribution, to 0.1 % of a round's requests.
    quantiles: tuple[tuple[int, float], ...]

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            self.requests + other.requests,
            self.seconds + other.seconds,
            self.errors + other.errors,
            max(self.max_micros, other.max_micros),
            self.quantiles + other.quantiles,
        )

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def p50_ms(self) -> float:
        return self.percentile_ms(50)

    @property
    def p99_ms(self) -> float:
        return self.percentile_ms(99)

    @property
    def max_ms(self) -> float:
        return self.max_micros / 1000

    def percentile_ms(self, p: float) -> float:
        """The smallest latency that at least p % of the requests did not exceed."""
        total = sum(weight for _, weight in self.quantiles)
        seen = 0.0
        for micros, weight in sorted(self.quantiles):
            seen += weight
            if seen * 100 >= p * total * (1 - 1e-9):
                return micros / 1000
        return math.nan


# wrk's Lua side: the requests are formatted once per thread, then sent in turn from a
# start given on the command line, each thread elsewhere in the list. `done` prints the
# totals and the latency at every 0.1 % step (Debian's wrk 4.1 gives no histogram buckets
# to Lua), so that the rounds can be merged.
LUA_TAIL = """
local formatted = {}
local counter = 0
local threads = 0

setup = function(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end

init = function(args)
  for i, r in ipairs(requests) do
    formatted[i] = wrk.format(r.method, r.path, r.headers, r.body)
  end
  counter = (tonumber(args[1]) or 0) + (thread_index or 0) * 577
end

request = function()
  counter = counter + 1
  return formatted[(counter % #formatted) + 1]
end

done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, e.connect, e.read, e.write, e.status, e.timeout, latency.max))
  for step = 1, 1000 do
    io.write(string.format("Q %d\\n", latency:percentile(step / 10)))
  end
end
"""


def lua_string(text: str) -> str:
    if not text.isascii() or not text.isprintable():
        raise ValueError(f"not printable ASCII: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def lua_script(requests: list[Request]) -> str:
    rows = []
    for r in requests:
        headers = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in r.headers.items())
        body = f", body = {lua_string(r.body)}" if r.body is not None else ""
        rows.append(
            f"  {{method = {lua_string(r.method)}, path = {lua_string(r.path)}, "
            f"headers = {{{headers}}}{body}}},"
        )
    return "requests = {\n" + "\n".join(rows) + "\n}\n" + LUA_TAIL


def run_wrk(base: str, requests: list[Request], seconds: int, folder: Path) -> Figures:
    script = folder / "load.lua"
    script.write_text(lua_script(requests))
    command = [
        "wrk", "--threads", str(WRK_THREADS), "--connections", str(CONNECTIONS),
        "--duration", f"{seconds}s", "--timeout", "5s", "--script", str(script), base,
        "--", str(random.randrange(len(requests))),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    totals = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("WRK ")]
    if done.returncode != 0 or not totals:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    n, micros, *errors, top = map(int, totals[-1])
    if n == 0:
        raise SystemExit(f"no request finished in {seconds} s: {requests[0].path}")
    steps = [int(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("Q ")]
    names = ("connect", "read", "write", "status", "timeout")
    return Figures(
        n, micros / 1e6, Counter(dict(zip(names, errors, strict=True))), top,
        tuple((value, n / len(steps)) for value in steps),
    )


def autosave_requests(owners: list[Owner]) -> list[Request]:
    """Every item of every owner, twice with a different value, owners interleaved."""
    requests = []
    for round_ in (0, 1):
        for index in range(len(owners[0].keys)):
            for number, owner in enumerate(owners):
                key = owner.keys[index]
                value = 1 + (index * 3 + round_ * 4 + number) % 7
                requests.append(
                    Request("POST", owner.autosave_path, owner.headers(),
                            autosave_body(key, value))
                )
    return requests


def check(base: str, request: Request, expected: str) -> None:
    """One request exactly as wrk will send it: 200 and the expected text, no redirect."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", urllib.parse.urlsplit(base).port, timeout=30
    )
    try:
        connection.request(request.method, request.path, request.body, request.headers)
        response = connection.getresponse()
        text = response.read().decode()
    finally:
        connection.close()
    if response.status != 200 or expected not in text:
        raise SystemExit(
            f"{request.method} {request.path} answered {response.status}, "
            f"not 200 with {expected!r}: {text[:300]!r}"
        )


def verdicts(figures: dict[str, Figures]) -> list[tuple[str, bool]]:
    bare, autosave, results = figures["bare view"], figures["autosave"], figures["results"]
    share = autosave.per_second / bare.per_second
    ratio = results.p50_ms / bare.p50_ms
    out = [
        (f"autosave throughput {share:.3f} × bare view ({autosave.per_second:.0f} vs "
         f"{bare.per_second:.0f} req/s; target ≥ {MIN_AUTOSAVE_SHARE})",
         share >= MIN_AUTOSAVE_SHARE),
        (f"autosave p99 {autosave.p99_ms:.1f} ms (target ≤ {MAX_AUTOSAVE_P99_MS:.0f} ms)",
         autosave.p99_ms <= MAX_AUTOSAVE_P99_MS),
        (f"results page median {ratio:.3f} × bare view ({results.p50_ms:.2f} vs "
         f"{bare.p50_ms:.2f} ms; target ≤ {MAX_RESULTS_MEDIAN_RATIO:.0f} ×)",
         ratio <= MAX_RESULTS_MEDIAN_RATIO),
    ]
    for name, f in figures.items():
        out.append((f"{name}: {f.error_count} errors (target 0)", f.error_count == 0))
    return out


def print_table(figures: dict[str, Figures]) -> None:
    bare = figures["bare view"]
    print(
        f"{'url':<10} {'requests':>9} {'req/s':>8} {'× bare':>7} {'p50 ms':>7} "
        f"{'× bare':>7} {'p99 ms':>7} {'max ms':>7} {'errors':>7}"
    )
    for name, f in figures.items():
        print(
            f"{name:<10} {f.requests:>9} {f.per_second:>8.0f} "
            f"{f.per_second / bare.per_second:>7.2f} {f.p50_ms:>7.2f} "
            f"{f.p50_ms / bare.p50_ms:>7.2f} {f.p99_ms:>7.2f} {f.max_ms:>7.1f} "
            f"{f.error_count:>7}"
        )
    for name, f in figures.items():
        if f.error_count:
            detail = ", ".join(f"{k} {v}" for k, v in f.errors.items() if v)
            print(f"  {name} errors: {detail}")


def measure(base: str, seconds: int, folder: Path) -> dict[str, Figures]:
    owners = [start_owner(base)[0] for _ in range(AUTOSAVE_OWNERS)]
    finished, opener = start_owner(base)
    results_path = urllib.parse.urlsplit(finish(base, finished, opener)).path
    loads = {
        "bare view": [Request("GET", "/health/", {})],
        "autosave": autosave_requests(owners),
        "results": [Request("GET", results_path, {"Cookie": finished.cookie})],
    }
    check(base, loads["bare view"][0], "ok")
    check(base, loads["autosave"][0], "Bewaard")
    check(base, loads["results"][0], "</html>")
    print(
        f"autosave rotates over {len(loads['autosave'])} requests: "
        f"{len(owners)} self-tests × {len(owners[0].keys)} items × 2 values"
    )
    for requests in loads.values():
        run_wrk(base, requests, WARM_UP_SECONDS, folder)
    # The URLs take turns, so a busy moment on the machine touches all of them alike.
    runs: dict[str, list[Figures]] = {name: [] for name in loads}
    for _ in range(ROUNDS):
        for name, requests in loads.items():
            runs[name].append(run_wrk(base, requests, max(1, seconds // ROUNDS), folder))
    return {name: sum(figures[1:], figures[0]) for name, figures in runs.items()}


def database() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return f"PostgreSQL ({urllib.parse.urlsplit(url).hostname})" if url else "SQLite (WAL)"


def main() -> int:
    # Positional like the other benches (`bench_results`, imported here, reads argv too).
    seconds, workers, threads = (
        int(sys.argv[i]) if len(sys.argv) > i else default
        for i, default in ((1, 20), (2, 2 * (os.cpu_count() or 1)), (3, 1))
    )
    if shutil.which("wrk") is None:
        print("wrk is not installed; on Debian or Ubuntu: apt-get install wrk", file=sys.stderr)
        return 2
    with (
        tempfile.TemporaryDirectory(prefix="verbinding-bench-") as data_dir,
        running_server(workers, threads, data_dir) as (base, _),
    ):
        print(
            f"server: gunicorn, {workers} workers × {threads} threads "
            f"({'gthread' if threads > 1 else 'sync'}), {base}, {database()}\n"
            f"load: wrk, {WRK_THREADS} threads, {CONNECTIONS} connections; "
            f"{WARM_UP_SECONDS} s warm-up, then {seconds} s per URL in {ROUNDS} rounds\n"
            f"machine: {os.cpu_count()} CPUs, load average before {os.getloadavg()[0]:.1f}"
        )
        figures = measure(base, seconds, Path(data_dir))
        print(f"load average after: {os.getloadavg()[0]:.1f} (the bench itself adds ~2)\n")
    print_table(figures)
    print()
    results = verdicts(figures)
    for text, ok in results:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    passed = all(ok for _, ok in results)
    print(f"\nVERDICT: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
