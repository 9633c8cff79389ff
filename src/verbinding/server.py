"""Preparing the app and running it under gunicorn (not Django's development server)."""

from __future__ import annotations

import os
import re
import socket
from typing import Any

from gunicorn.app.base import BaseApplication


def setup_django() -> None:
    """Configure Django once; a content fault surfaces here as ContentError."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.web.settings")
    import django

    django.setup()


def prepare() -> None:
    """Everything `serve` needs before the first request: schema and static files."""
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # Workers are forked from this process: they must not share its SQLite handle.
    connections.close_all()


class _Gunicorn(BaseApplication):
    def __init__(self, application: Any, options: dict[str, Any]) -> None:
        self.application = application
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def warm() -> None:
    """Import every view (and with them matplotlib) before gunicorn forks: each worker
    then starts ready, instead of paying seconds of imports on its first request, and a
    restarted server answers sooner. Nothing that starts threads runs here (typst's
    compiler is warmed in the workers, on first use): threads do not survive a fork."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (loading the URLconf imports the views)


def listen(host: str, port: int) -> socket.socket:
    """Bind the listening socket before gunicorn starts, so that port 0 takes a free port
    at once and the address `serve` prints is the one really listened on: a test or a
    benchmark reads it from there instead of picking a port first and binding it later
    (another process may take it in between)."""
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    return socket.create_server((bare, port), family=family, backlog=2048)


def address(listener: socket.socket) -> str:
    """The base URL at which a browser on this machine reaches `listener`, e.g.
    http://127.0.0.1:8000; a socket on every interface is reached through loopback."""
    host, port = listener.getsockname()[:2]
    if listener.family == socket.AF_INET6:
        host = f"[{'::1' if host == '::' else host}]"
    elif host == "0.0.0.0":
        host = "127.0.0.1"
    return f"http://{host}:{port}"


# The line `serve` prints once it listens. Whatever starts `serve --port 0` (the tests,
# the benchmarks) reads the address back from it with `announced_address`, so the
# wording and the reading live side by side.
_ANNOUNCED = re.compile(r"draait op (http://\S+?)/?\s")


def announcement(url: str, data_dir: object) -> str:
    """What `serve` says once it listens at `url`."""
    return f"Verbindingsstijlen draait op {url}/  (data: {data_dir})"


def announced_address(line: str) -> str | None:
    """The base URL in a line `serve` printed, or None when the line is another one."""
    found = _ANNOUNCED.search(line + "\n")
    return found.group(1) if found else None


def run(listener: socket.socket, workers: int, threads: int) -> None:
    """Serve on `listener` (from `listen`); gunicorn takes the socket over."""
    from verbinding.web.wsgi import application

    warm()
    options = {
        "bind": f"fd://{listener.detach()}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        # No access log: resume links carry a private token in their path.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "graceful_timeout": 5,
        "timeout": 60,
    }
    _Gunicorn(application, options).run()
