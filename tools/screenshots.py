"""Take full-page screenshots of pages at desktop and phone size, to look at by eye.

    uv run python tools/screenshots.py /  /stijlen/veilig/  [--out screenshots]

Starts `verbinding serve` on a free loopback port with a throwaway data directory (or
uses `--base URL`), drives Debian's chromium through Playwright, and stops the server.
"""

from __future__ import annotations

import argparse
from contextlib import nullcontext
from pathlib import Path

from playwright.sync_api import sync_playwright

from verbinding.localserver import CHROMIUM_ARGS, running_server

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def shoot(base: str, paths: list[str], out: Path) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in paths:
                page.goto(base + path)
                slug = path.strip("/").replace("/", "_") or "home"
                target = out / f"{slug}.{name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            page.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--base", default="", help="use a running server instead")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    server = nullcontext((args.base, "")) if args.base else running_server()
    with server as (base, _data_dir):
        shoot(base, args.paths, out)


if __name__ == "__main__":
    main()
