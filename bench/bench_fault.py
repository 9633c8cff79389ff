"""Autosave under load while the server is killed (SIGKILL) five times: no acknowledged
answer may be lost.

    uv run python bench/bench_fault.py [seed]

Starts the production server (`verbinding serve`: gunicorn, 2 workers × 4 threads) in its
own process group on a free loopback port with a throwaway data directory (SQLite in WAL
mode; or the PostgreSQL database in DATABASE_URL, then left with the bench's self-tests
in it), and starts 4 self-tests through the start page as a browser would (each its own
session cookie and CSRF token). 12 threads then POST autosave answers (`key`,
`<key>=<value>`) over keep-alive connections; each thread owns its own items, so the
writes to one item are strictly one after the other, each with a value other than the
one before. Every attempt is written down before it is sent, with its outcome after:
acknowledged (HTTP 200 "Bewaard"), refused (server down, nothing sent), broken
(connection lost mid-request), timed out, or another HTTP status.

Five times, at a random moment 1–4 s into the load, the whole process group (gunicorn
master and workers) gets SIGKILL. While the server is down the database is read and
checked; then the server starts again on the same port and data directory. After the
fifth restart the load runs 3 s more, stops, the server is stopped normally, and the
database is checked once more. The check, per item with at least one acknowledged write:
the stored value must be the last acknowledged value, or the value of a write sent after
it (not acknowledged, so it may or may not have landed), or of an earlier unacknowledged
write that could still have been running when the last acknowledged one was sent (one
that timed out on a server that was still alive). Anything else, or no stored answer at
all, is a lost answer. Target: 0 lost.

Prints the counts (attempts, refused, sent, acknowledged, broken, timed out, HTTP
errors, items verified, lost) and each kill's restart time; exits 0 when nothing was
lost, 1 otherwise. The random moments come from `seed` (printed; random by default).
Bounded: 5 × 1–4 s of load plus the restarts (each must answer within 60 s; about 5–15 s
here, see the restart times printed) and a 3 s tail. The server is stopped and the data
directory removed when done.
"""

from __future__ import annotations

import http.client
import os
import random
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from loadtools import Owner, ServerProcess, autosave_body, start_owner

KILLS = 5
GAP_SECONDS = (1.0, 4.0)  # load between a (re)start and the next kill
TAIL_SECONDS = 3.0  # load after the last restart
LOAD_THREADS = 12
OWNERS = 4
WORKERS, SERVER_THREADS = 2, 4
REQUEST_TIMEOUT = 30.0  # above SQLite's 20 s lock timeout in the server
RETRY_PAUSE = 0.05  # after a failed attempt, so a down server is not hammered

Item = tuple[str, str]  # (self-test public id, item key `a<position>-<item>`)


@dataclass
class Attempt:
    value: int
    generation_sent: int  # server incarnation when it was sent
    outcome: str = "pending"  # ack, refused, broken, timeout, http, pending
    generation_done: int = -1  # incarnation when the outcome was known


@dataclass
class Ledger:
    """Every attempt per item, in order; the generation counts the server's restarts."""

    attempts: dict[Item, list[Attempt]] = field(default_factory=dict)
    generation: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, item: Item, value: int) -> Attempt:
        with self.lock:
            attempt = Attempt(value, self.generation)
            self.attempts.setdefault(item, []).append(attempt)
            return attempt

    def end(self, attempt: Attempt, outcome: str) -> None:
        with self.lock:
            attempt.outcome = outcome
            attempt.generation_done = self.generation

    def next_generation(self) -> None:
        """Called once the killed server is entirely gone, before the next one starts."""
        with self.lock:
            self.generation += 1

    def snapshot(self) -> dict[Item, list[Attempt]]:
        with self.lock:
            return {item: [replace(a) for a in rows] for item, rows in self.attempts.items()}

    def outcomes(self) -> Counter[str]:
        with self.lock:
            return Counter(a.outcome for rows in self.attempts.values() for a in rows)


def post(connection: http.client.HTTPConnection, owner: Owner, key: str, value: int) -> str:
    connection.request("POST", owner.autosave_path, autosave_body(key, value), owner.headers())
    response = connection.getresponse()
    text = response.read()
    return "ack" if response.status == 200 and b"Bewaard" in text else "http"


def attempt_once(
    connection: http.client.HTTPConnection, owner: Owner, key: str, attempt: Attempt
) -> str:
    try:
        return post(connection, owner, key, attempt.value)
    except ConnectionRefusedError:
        return "refused"
    except TimeoutError:
        return "timeout"
    except (OSError, http.client.HTTPException):
        return "broken"


def load(
    port: int, owners: dict[str, Owner], items: list[Item], ledger: Ledger,
    stop: threading.Event, rng: random.Random,
) -> None:
    """One client thread: one of its own items at a time, each write a new value for it."""
    last = {item: 0 for item in items}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    while not stop.is_set():
        item = rng.choice(items)
        value = 1 + (last[item] + rng.randrange(6)) % 7  # never the value sent before
        last[item] = value
        attempt = ledger.begin(item, value)
        outcome = attempt_once(connection, owners[item[0]], item[1], attempt)
        ledger.end(attempt, outcome)
        if outcome not in ("ack", "http"):
            connection.close()
            time.sleep(RETRY_PAUSE)
    connection.close()


ANSWERS_SQL = (
    "SELECT s.public_id, a.position, x.item_id, x.value FROM assessments_answer x "
    "JOIN assessments_assessment a ON a.id = x.assessment_id "
    "JOIN assessments_selftest s ON s.id = a.selftest_id"
)


def stored_answers(data_dir: str) -> dict[Item, int]:
    """Every stored answer by (self-test, key), read from the database directly: the
    SQLite file read-only, or the PostgreSQL database in DATABASE_URL."""
    if url := os.environ.get("DATABASE_URL", "").strip():
        import psycopg

        with psycopg.connect(url) as pg:
            rows = pg.execute(ANSWERS_SQL).fetchall()
    else:
        path = Path(data_dir) / "verbinding.sqlite3"
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=20)
        try:
            rows = db.execute(ANSWERS_SQL).fetchall()
        finally:
            db.close()
    return {(str(uuid.UUID(str(p))), f"a{pos}-{item}"): v for p, pos, item, v in rows}


def allowed_values(rows: list[Attempt]) -> set[int] | None:
    """The values the item may hold given its attempts; None when none was acknowledged."""
    acked = [i for i, a in enumerate(rows) if a.outcome == "ack"]
    if not acked:
        return None
    last = acked[-1]
    allowed = {a.value for a in rows[last:]}  # the last acknowledged and all after it
    sent_at = rows[last].generation_sent
    for earlier in rows[:last]:
        # Timed out or broken while its server may still have been running when the last
        # acknowledged write was sent: it may have landed after that one.
        if earlier.outcome in ("timeout", "broken") and earlier.generation_done >= sent_at:
            allowed.add(earlier.value)
    return allowed


@dataclass
class Check:
    label: str
    verified: int
    lost: list[str]
    stored: int


def check(label: str, ledger: Ledger, data_dir: str) -> Check:
    snapshot = ledger.snapshot()
    stored = stored_answers(data_dir)
    verified, lost = 0, []
    for item, rows in snapshot.items():
        allowed = allowed_values(rows)
        if allowed is None:
            continue
        verified += 1
        if stored.get(item) not in allowed:
            last_ack = next(a for a in reversed(rows) if a.outcome == "ack")
            lost.append(
                f"{item[0]} {item[1]}: acknowledged {last_ack.value}, stored "
                f"{stored.get(item)}, allowed {sorted(allowed)}; attempts "
                + " ".join(f"{a.value}:{a.outcome}@{a.generation_sent}" for a in rows[-6:])
            )
    return Check(label, verified, lost, sum(1 for item in stored if item in snapshot))


def print_check(result: Check) -> None:
    print(
        f"  {result.label}: {result.verified} items with an acknowledged answer checked, "
        f"{len(result.lost)} lost ({result.stored} answers stored)"
    )
    for line in result.lost[:10]:
        print(f"    LOST {line}")


def kill_and_restart(
    server: ServerProcess, ledger: Ledger, number: int, data_dir: str
) -> tuple[Check, float, float]:
    """Kill, check the database while nothing runs, restart; returns the check, the
    seconds the restart took and the seconds the server was down in all."""
    killed = time.monotonic()
    server.kill()
    ledger.next_generation()
    result = check(f"after kill {number}, server down", ledger, data_dir)
    seconds = server.start()
    return result, seconds, time.monotonic() - killed


def run(seed: int, data_dir: str) -> tuple[list[Check], Ledger]:
    rng = random.Random(seed)
    server = ServerProcess(data_dir, WORKERS, SERVER_THREADS)
    ledger, stop = Ledger(), threading.Event()
    threads: list[threading.Thread] = []
    try:
        print(f"first start (migrations, static files): {server.start():.1f} s")
        owners = {o.public_id: o for o in (start_owner(server.base)[0] for _ in range(OWNERS))}
        items = [(o.public_id, k) for o in owners.values() for k in o.keys]
        rng.shuffle(items)
        for n in range(LOAD_THREADS):
            mine = items[n::LOAD_THREADS]
            thread_rng = random.Random(rng.random())
            threads.append(threading.Thread(
                target=load, args=(server.port, owners, mine, ledger, stop, thread_rng)
            ))
        print(
            f"load: {LOAD_THREADS} threads, {len(items)} items ({OWNERS} self-tests × "
            f"{len(items) // OWNERS}), each item written by one thread only"
        )
        for thread in threads:
            thread.start()
        checks = []
        for number in range(1, KILLS + 1):
            time.sleep(rng.uniform(*GAP_SECONDS))
            sent = ledger.outcomes()
            result, seconds, down = kill_and_restart(server, ledger, number, data_dir)
            print(
                f"kill {number}: SIGKILL to the process group with {sent['pending']} "
                f"requests in flight, after {sum(sent.values())} attempts "
                f"({sent['ack']} acknowledged); down {down:.1f} s (restart {seconds:.1f} s)"
            )
            print_check(result)
            checks.append(result)
        time.sleep(TAIL_SECONDS)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT + 5)
        server.stop()
    result = check("at the end, server stopped normally", ledger, data_dir)
    print_check(result)
    return [*checks, result], ledger


def database() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    return f"PostgreSQL ({urllib.parse.urlsplit(url).hostname})" if url else "SQLite (WAL)"


def main() -> int:
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else random.randrange(10**6)
    print(
        f"seed {seed}; server: gunicorn, {WORKERS} workers × {SERVER_THREADS} threads, "
        f"{database()}; {KILLS} kills at random moments {GAP_SECONDS[0]:.0f}–"
        f"{GAP_SECONDS[1]:.0f} s after each (re)start"
    )
    with tempfile.TemporaryDirectory(prefix="verbinding-fault-") as data_dir:
        checks, ledger = run(seed, data_dir)
    counts = ledger.outcomes()
    total = sum(counts.values())
    lost = sum(len(c.lost) for c in checks)
    print(
        f"\nattempts {total}: refused (server down, nothing sent) {counts['refused']}; "
        f"sent {total - counts['refused']}: acknowledged {counts['ack']}, "
        f"broken (connection lost at a kill) {counts['broken']}, "
        f"timed out {counts['timeout']}, other HTTP status {counts['http']}, "
        f"unfinished {counts['pending']}"
    )
    print(
        f"verified: {checks[-1].verified} items at the end, "
        f"{sum(c.verified for c in checks)} item checks over {len(checks)} checks; "
        f"lost: {lost}"
    )
    print(f"\nVERDICT: {'PASS' if lost == 0 else 'FAIL'} — {lost} acknowledged answers lost")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
