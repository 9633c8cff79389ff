"""Running the real app on loopback for tests, benchmarks and screenshots.

Test support, so it lives beside the tests and not in the installed package; bench/ and
tools/ put this folder on their import path. One place for what all of them need:
`verbinding serve` on a free port that the server chooses itself, in a throwaway data
directory, waiting until it answers, and the flags Debian's chromium needs here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from verbinding.server import announced_address

# Headless chromium on a machine without outside network: no sandbox as root, no GPU,
# and none of the background connections that would be refused anyway.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def read_address(output: IO[bytes]) -> str:
    """The base URL from the output of `verbinding serve --port 0`: the server binds a free
    port itself and says which, so no port is picked here and bound later by another
    process (two could pick the same one)."""
    for line in output:
        found = announced_address(line.decode(errors="replace"))
        if found:
            return found
    raise RuntimeError("verbinding serve stopped before it said where it listens")


def fetch(url: str, seconds: float = 60) -> bytes:
    """GET `url`, retrying until the server answers or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def serve_command(port: int, workers: int = 1, threads: int | None = None) -> list[str]:
    command = [sys.executable, "-m", "verbinding.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    return command


@contextmanager
def running_server(
    workers: int = 1, threads: int | None = None, data_dir: str | None = None
) -> Iterator[tuple[str, str]]:
    """`verbinding serve` on a free port; yields (base URL, data dir) and stops it after."""
    data_dir = data_dir or tempfile.mkdtemp(prefix="verbinding-local-")
    env = dict(os.environ, VERBINDING_DATA_DIR=data_dir)
    server = subprocess.Popen(
        serve_command(0, workers, threads),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.stdout is not None
        base = read_address(server.stdout)
        fetch(base + "/health/")
        yield base, data_dir
    finally:
        server.terminate()
        server.wait(timeout=20)
