"""Running the real app on loopback for tests, benchmarks and screenshots.

One place for what all of them need: a free port, `verbinding serve` in a throwaway data
directory, waiting until it answers, and the flags Debian's chromium needs here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
    port = free_port()
    data_dir = data_dir or tempfile.mkdtemp(prefix="verbinding-local-")
    env = dict(os.environ, VERBINDING_DATA_DIR=data_dir)
    server = subprocess.Popen(
        serve_command(port, workers, threads),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        fetch(base + "/health/")
        yield base, data_dir
    finally:
        server.terminate()
        server.wait(timeout=20)
