"""Take full-page screenshots of pages at desktop and phone size, to look at by eye.

    uv run python tools/screenshots.py /  /stijlen/veilig/  [--out screenshots]
    uv run python tools/screenshots.py --login --seed tools/seed_demo.py /mijn/ /oefenen/
    uv run python tools/screenshots.py --language en / /stijlen/chaotisch/

Starts `verbinding serve` on a free loopback port with a throwaway data directory (or
uses `--base URL`), drives Debian's chromium through Playwright, and stops the server.
`--login` creates the demo account (demo@example.nl) and logs in through the login form
first; `--seed FILE` runs a Python file in `verbinding django shell` against the same
data directory before that (the demo user exists by then, as `demo`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

from playwright.sync_api import sync_playwright

# Test support (the local server) lives in tests/, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from localserver import CHROMIUM_ARGS, running_server

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


DEMO_EMAIL = "demo@example.nl"
DEMO_PASSWORD = "rustig-ademhalen-42"
MAKE_DEMO = f"""
from verbinding.web.accounts.models import User
demo = User.objects.filter(email={DEMO_EMAIL!r}).first() or User.objects.create_user(
    {DEMO_EMAIL!r}, {DEMO_PASSWORD!r}, display_name="Demi")
"""


def prepare_data(data_dir: str, seed: Path | None) -> None:
    """Create the demo user (and run the seed file) in the server's data directory."""
    code = MAKE_DEMO + (seed.read_text(encoding="utf-8") if seed else "")
    env = dict(os.environ, VERBINDING_DATA_DIR=data_dir)
    command = [sys.executable, "-m", "verbinding.cli", "django", "shell", "-c", code]
    subprocess.run(command, env=env, check=True)


def log_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/account/inloggen/")
    page.fill("input[name=username]", DEMO_EMAIL)
    page.fill("input[name=password]", DEMO_PASSWORD)
    # Wait for the redirect away from the login page: load state alone can return before
    # the login request has finished.
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)


def shoot(base: str, paths: list[str], out: Path, login: bool = False,
          language: str = "nl") -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            context.add_cookies([{"name": "taal", "value": language, "url": base}])
            page = context.new_page()
            if login:
                log_in(page, base)
            for path in paths:
                page.goto(base + path)
                slug = path.strip("/").replace("/", "_") or "home"
                suffix = "" if language == "nl" else f".{language}"
                target = out / f"{slug}.{name}{suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default="screenshots")
    parser.add_argument("--base", default="", help="use a running server instead")
    parser.add_argument("--login", action="store_true", help="log in as the demo user")
    parser.add_argument("--seed", type=Path, help="Python file run in the server's shell")
    parser.add_argument("--language", default="nl", choices=["nl", "en"],
                        help="the interface language (the footer switch's cookie)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(exist_ok=True)
    server = nullcontext((args.base, "")) if args.base else running_server()
    with server as (base, data_dir):
        if (args.login or args.seed) and data_dir:
            prepare_data(data_dir, args.seed)
        shoot(base, args.paths, out, login=args.login, language=args.language)


if __name__ == "__main__":
    main()
