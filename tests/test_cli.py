from __future__ import annotations

import os
import re
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from localserver import fetch, read_address, serve_command
from verbinding.cli import app
from verbinding.server import announced_address, announcement


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "serve" in result.output


def test_serve_help_documents_its_options() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"], terminal_width=120)
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers"):
        assert option in result.output


@pytest.mark.slow
def test_the_address_serve_announces_reads_back_and_other_lines_give_none() -> None:
    line = announcement("http://[::1]:41234", "/tmp/data")
    assert announced_address(line) == "http://[::1]:41234"
    assert announced_address("Stoppen met Ctrl-C.") is None


def test_serve_starts_gunicorn_serves_the_home_page_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    # The out-of-the-box set-up: no settings from the test run, so SQLite even when the
    # suite itself runs against PostgreSQL.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "VERBINDING_")) and k != "DATABASE_URL"}
    env["VERBINDING_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        serve_command(0), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        assert server.stdout is not None
        base = read_address(server.stdout)  # port 0: the server picks a free port, says which
        home = fetch(f"{base}/")
        assert "Vier verbindingsstijlen" in home.decode()
        css = fetch(f"{base}/static/css/site.css", seconds=5)
        assert b"--paper" in css
    finally:
        server.send_signal(signal.SIGINT)  # what Ctrl-C sends
        output = server.communicate(timeout=20)[0].decode()
    assert server.returncode == 0, output
    assert "Traceback" not in output
    key = tmp_path / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    with sqlite3.connect(tmp_path / "verbinding.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


_SHOW_SITE_URL = """
import sys
import verbinding.server as server
from verbinding.cli import app

def show(*args):
    # mails, the calendar feed and the therapist's set-up link all start with this
    from django.conf import settings
    print("SITE_URL=" + settings.SITE_URL)

server.prepare = lambda: None
server.run = show
app(sys.argv[1:])
"""


@pytest.mark.parametrize(
    ("args", "extra", "expected"),
    [
        (["--port", "0"], {}, "http://127.0.0.1:{port}"),
        (["--host", "0.0.0.0", "--port", "0"], {}, "http://127.0.0.1:{port}"),
        (["--port", "0"], {"VERBINDING_SITE_URL": "https://praktijk.example.nl"},
         "https://praktijk.example.nl"),
    ],
)
def test_links_follow_the_port_serve_listens_on(tmp_path: Path, args, extra, expected) -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "VERBINDING_")) and k != "DATABASE_URL"}
    env.update(VERBINDING_DATA_DIR=str(tmp_path), **extra)
    result = subprocess.run(
        [sys.executable, "-c", _SHOW_SITE_URL, "serve", *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    # Port 0: the server took a free port and says which; the links must name that one.
    port = re.search(r"draait op http://127\.0\.0\.1:(\d+)/", result.stdout)
    assert port, result.stdout + result.stderr
    assert f"SITE_URL={expected.format(port=port.group(1))}\n" in result.stdout, result.stdout


def test_the_command_starts_without_the_heavy_stack() -> None:
    """`verbinding --help` must start at once (bench/bench_cli.py measures it): loading the
    command and printing its help imports neither Django, numpy nor the engine's models;
    each command imports what it needs when it runs."""
    probe = (
        "import sys\n"
        "from verbinding.cli import main\n"
        "sys.argv = ['verbinding', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('numpy', 'django', 'pydantic', 'matplotlib', 'sklearn', 'yaml')\n"
        "print('LOADED=' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120, check=True)
    assert "LOADED=\n" in result.stdout, result.stdout


SD3 = Path(__file__).parent / "measure" / "data" / "sd3.yaml"


def test_analyse_json_starts_without_what_it_does_not_use(tmp_path: Path) -> None:
    """Issue #16: on a small file the imports were most of `verbinding analyse`. JSON out
    needs no Rich, no pydantic adapters for the options, no pyarrow (a small file of
    one-digit cells is read from its bytes), no calibration or babel, no reading rules."""
    items = [f"{s}{i}" for s in "MNP" for i in range(1, 10)]
    data = tmp_path / "sd3.csv"
    rows = [",".join(str(1 + (r * 7 + c) % 5) for c in range(len(items))) for r in range(40)]
    data.write_text(",".join(items) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from verbinding.cli import main\n"
        f"sys.argv = ['verbinding', 'analyse', {str(data)!r}, '-i', {str(SD3)!r}, '--json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "unused = ('rich', 'typer._adapters', 'pyarrow', 'babel',\n"
        "          'verbinding.measure.calibrate', 'verbinding.interpret.reading')\n"
        "print('LOADED=' + ','.join(m for m in unused if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=120, check=True)
    assert '"alpha"' in result.stdout, result.stdout + result.stderr
    assert "LOADED=\n" in result.stdout, result.stdout


def _outcome(check: Callable[[], object]) -> object:
    try:
        return ("value", check())
    except Exception as exc:  # the error typer would show: its kind and its sentence
        return ("error", type(exc).__name__, str(exc))


@pytest.mark.parametrize("command", ["analyse", "calibrate", "score"])
def test_plain_option_values_are_checked_as_typer_checks_them(command: str) -> None:
    """The short way for plain values (verbinding.cli.common) gives what typer's own
    pydantic check gives: the same value, or the same error sentence."""
    from typer._click import Context
    from typer._coercion import build_runtime_param
    from typer.core import _TyperParameter

    group = typer.main.get_command(app)
    ctx = Context(group)
    found = group.get_command(ctx, command)
    assert found is not None
    values: list[object] = [
        "x", "", "-", " 3 ", "3", "2.5", "nan", "/tmp/../tmp", 3, 1, 0, -1, True,
        2.5, 0.0, -0.5, float("nan"), float("inf"), Path("a"), ["9", "8.5"], ("1",), [],
    ]
    checked = 0
    for param in found.params:
        if not isinstance(param, _TyperParameter) or param.name == "help":
            continue
        ours = param.get_runtime_param()
        assert type(ours).__name__ == "_PlainFirst", param.name
        for value in values:
            theirs = build_runtime_param(param.type_descriptor)
            want = _outcome(lambda: theirs.coerce(value, param=param, ctx=ctx))  # noqa: B023
            got = _outcome(lambda: ours.coerce(value, param=param, ctx=ctx))  # noqa: B023
            assert got == want, (param.name, value)
            checked += 1
    assert checked > 50
