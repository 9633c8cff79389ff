"""Take full-page screenshots of pages at desktop and phone size, to look at by eye.

    uv run python tools/screenshots.py /  /stijlen/veilig/  [--out screenshots]

Starts `verbinding serve` on a free loopback port with a throwaway data directory,
drives Debian's chromium through Playwright, and stops the server afterwards.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--base", default="", help="use a running server instead")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    server = None
    base = args.base
    if not base:
        port = free_port()
        env = dict(os.environ, VERBINDING_DATA_DIR=tempfile.mkdtemp(prefix="verbinding-shots-"))
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "verbinding.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
            ],
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, (width, height) in VIEWPORTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                for path in args.paths:
                    page.goto(base + path)
                    slug = path.strip("/").replace("/", "_") or "home"
                    target = out / f"{slug}.{name}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                page.close()
            browser.close()
    finally:
        if server:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
