"""Shared by `bench_web` and `bench_fault`: browser sessions that own a self-test, autosave
requests, and a `verbinding serve` process that can be killed as a whole.

A session is made the way a browser makes one: GET /zelftest/, POST the start form with
its CSRF token (`bench_results.finished_selftest`), then read the item keys from the
question screens. The session cookie (signed, it holds the resume token) and the CSRF
cookie are then handed to whatever sends the load.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench_results import call, finished_selftest

# Test support (the local server) lives in tests/, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from localserver import fetch, read_address, serve_command

SCREENS = re.compile(r"Scherm 1 van (\d+)")
RADIO = re.compile(r'type="radio" name="([^"]+)"')


@dataclass(frozen=True)
class Owner:
    """A browser session that owns one self-test: what a request needs to act as it."""

    public_id: str
    session: str  # the `sessionid` cookie's value
    csrf: str  # the `csrftoken` cookie's value
    keys: tuple[str, ...]  # every item key `a<position>-<item>`, in screen order
    screens: tuple[tuple[str, ...], ...]  # the keys per question screen

    @property
    def cookie(self) -> str:
        return f"sessionid={self.session}; csrftoken={self.csrf}"

    @property
    def autosave_path(self) -> str:
        return f"/zelftest/{self.public_id}/antwoord/"

    def headers(self) -> dict[str, str]:
        """Headers of an autosave POST from this browser (htmx sends the CSRF header)."""
        return {
            "Cookie": self.cookie,
            "X-CSRFToken": self.csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        }


def browser() -> tuple[urllib.request.OpenerDirector, http.cookiejar.CookieJar]:
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


def start_owner(base: str) -> tuple[Owner, urllib.request.OpenerDirector]:
    """Start a self-test in a fresh browser session; returns it and that browser."""
    opener, jar = browser()
    _token, public_id = finished_selftest(base, opener)
    cookies = {c.name: c.value or "" for c in jar}
    first = call(opener, "GET", f"{base}/zelftest/{public_id}/vragen/1/").decode()
    found = SCREENS.search(first)
    if found is None or "sessionid" not in cookies or "csrftoken" not in cookies:
        raise SystemExit("the self-test did not start as a browser would see it")
    screens = [_keys(first)]
    for number in range(2, int(found.group(1)) + 1):
        html = call(opener, "GET", f"{base}/zelftest/{public_id}/vragen/{number}/").decode()
        screens.append(_keys(html))
    owner = Owner(
        public_id=public_id,
        session=cookies["sessionid"],
        csrf=cookies["csrftoken"],
        keys=tuple(k for screen in screens for k in screen),
        screens=tuple(screens),
    )
    return owner, opener


def _keys(html: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(RADIO.findall(html)))


def finish(base: str, owner: Owner, opener: urllib.request.OpenerDirector) -> str:
    """Answer every screen through its form and submit; returns the results page's URL."""
    for number, keys in enumerate(owner.screens, start=1):
        fields = {"csrfmiddlewaretoken": owner.csrf, "direction": "next"}
        fields.update({key: str(1 + (i * 5) % 7) for i, key in enumerate(keys)})
        _post(opener, f"{base}/zelftest/{owner.public_id}/vragen/{number}/", fields)
    url = _post(opener, f"{base}/zelftest/{owner.public_id}/afronden/", {
        "csrfmiddlewaretoken": owner.csrf,
    })
    if not url.endswith(f"/zelftest/{owner.public_id}/uitslag/"):
        raise SystemExit(f"submitting the self-test ended at {url}, not at its results page")
    return url


def _post(opener: urllib.request.OpenerDirector, url: str, fields: dict[str, str]) -> str:
    """POST a form as the browser; returns the URL it ends at after redirects."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode())
    request.add_header("Referer", url)
    with opener.open(request, timeout=30) as response:
        response.read()
        return str(response.geturl())


def autosave_body(key: str, value: int) -> str:
    """The form htmx posts when a radio button changes: the key and the chosen value."""
    return urllib.parse.urlencode({"key": key, key: str(value)})


class ServerProcess:
    """`verbinding serve` in its own process group: the gunicorn master and its workers
    can be killed together (SIGKILL, like a crash) and started again on the same port.
    The first start takes a free port (`serve --port 0` says which); restarts keep it."""

    def __init__(self, data_dir: str, workers: int, threads: int) -> None:
        self.port = 0
        self.base = ""
        self.data_dir = data_dir
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen[bytes] | None = None
        self.log = Path(data_dir) / "server.log"

    def start(self, seconds: float = 60) -> float:
        """Start and wait until /health/ answers; returns the seconds that took."""
        started = time.monotonic()
        env = dict(os.environ, VERBINDING_DATA_DIR=self.data_dir)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                serve_command(self.port, self.workers, self.threads), env=env,
                stdout=subprocess.PIPE, stderr=log, start_new_session=True,
            )
        try:
            assert self.process.stdout is not None
            self.base = read_address(self.process.stdout)
            self.port = int(self.base.rsplit(":", 1)[1])
            fetch(self.base + "/health/", seconds)
        except (OSError, RuntimeError):
            self.stop()
            raise
        return time.monotonic() - started

    def kill(self) -> None:
        """SIGKILL the whole process group and wait until none of it is left."""
        if self.process is None:
            return
        _signal_group(self.process.pid, signal.SIGKILL)
        self.process.wait()
        _wait_group_gone(self.process.pid)
        self._forget()

    def _forget(self) -> None:
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()
        self.process = None

    def stop(self) -> None:
        """A normal shutdown (SIGTERM to the group); SIGKILL if it does not end in time."""
        if self.process is None:
            return
        _signal_group(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            _signal_group(self.process.pid, signal.SIGKILL)
            self.process.wait()
        _wait_group_gone(self.process.pid)
        self._forget()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def _wait_group_gone(pgid: int, seconds: float = 10) -> None:
    """Wait until no process of the group remains (orphaned workers are reaped by init)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)
    _signal_group(pgid, signal.SIGKILL)
