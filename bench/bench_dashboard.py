"""The therapist dashboard with a full caseload, timed against a bare view.

    uv run python bench/bench_dashboard.py [requests-per-url] [seconds-per-url]

Builds a throwaway data directory with one therapist and a caseload of 1,000 clients
with 12 submitted self-tests each (`make_caseload`), signs a session cookie for that
therapist with the two-factor step already passed (sessions are signed cookies, so the
server accepts one made here with the same secret key), then starts `verbinding serve`
(gunicorn, one sync worker) on a free loopback port. Each URL is warmed up, then
requested sequentially: `requests-per-url` times (default 200), or until
`seconds-per-url` (default 60) have passed, whichever comes first. Prints median and
p95 latency, the ratio to the bare view and the time above it, and a verdict against the
target: median ≤ 150 ms for every dashboard page. Exits 1 when a page misses it. The
server is stopped and the data directory removed afterwards.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench_results import call

# Test support (the local server) lives in tests/, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from localserver import running_server

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
CLIENTS, RESULTS_PER_CLIENT = 1000, 12
TARGET_MS = 150.0
WARM_UP = 5


def build_caseload(data_dir: str) -> str:
    """Schema, a therapist with a full caseload, and that therapist's verified session;
    returns the Cookie header for it."""
    os.environ["VERBINDING_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "verbinding.web.settings"
    from verbinding.server import prepare, setup_django

    setup_django()
    prepare()

    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connections
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from verbinding.web.accounts.models import Role, User
    from verbinding.web.clinic.caseload import make_caseload

    therapist = User.objects.create_user(
        "therapeut@praktijk.nl", None, display_name="Tineke", role=Role.THERAPIST
    )
    make_caseload(therapist, CLIENTS, RESULTS_PER_CLIENT)
    device = TOTPDevice.objects.create(user=therapist, name="app", confirmed=True)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = therapist._meta.pk.value_to_string(therapist)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = therapist.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()  # a signed cookie: the key is the signed session data itself
    connections.close_all()  # the server opens the database file itself
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def timed(opener: urllib.request.OpenerDirector, url: str) -> list[float]:
    """Milliseconds per request after a warm-up; at most REQUESTS, at most SECONDS."""
    for _ in range(WARM_UP):
        call(opener, "GET", url)
    times: list[float] = []
    deadline = time.monotonic() + SECONDS
    while not times or (len(times) < REQUESTS and time.monotonic() < deadline):
        start = time.perf_counter()
        call(opener, "GET", url)
        times.append((time.perf_counter() - start) * 1000)
    return times


def check_page(opener: urllib.request.OpenerDirector, url: str, expected: str) -> None:
    """The request really reaches the dashboard (not the login or two-factor page)."""
    html = call(opener, "GET", url).decode()
    rows = html.count('<th scope="row">')
    if "Je cliënten" not in html or expected not in html or rows != 25:
        raise SystemExit(f"{url} is not the expected dashboard page ({rows} rows)")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="verbinding-bench-") as data_dir:
        started = time.perf_counter()
        cookie = build_caseload(data_dir)
        size = (Path(data_dir) / "verbinding.sqlite3").stat().st_size
        print(
            f"caseload: {CLIENTS} clients × {RESULTS_PER_CLIENT} self-tests, built in "
            f"{time.perf_counter() - started:.1f} s; database {size / 2**20:.0f} MB"
        )
        with running_server(workers=1, threads=1, data_dir=data_dir) as (base, _):
            opener = urllib.request.build_opener()
            opener.addheaders = [("Cookie", cookie)]
            urls = {
                "bare view": (base + "/health/", None),
                "dashboard p1": (base + "/praktijk/", "Pagina 1 van 40 (1000 cliënten)"),
                "dashboard p20": (base + "/praktijk/?pagina=20", "Pagina 20 van 40"),
                "search Anna": (base + "/praktijk/?zoek=Anna", "(100 cliënten)"),
            }
            for url, expected in urls.values():
                if expected:
                    check_page(opener, url, expected)
            print(
                f"gunicorn, 1 sync worker; up to {REQUESTS} sequential requests or "
                f"{SECONDS:.0f} s per URL after {WARM_UP} warm-up requests\n"
            )
            print(
                f"{'url':<14} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'ratio':>8} "
                f"{'over bare':>10}  target"
            )
            medians: dict[str, float] = {}
            for name, (url, expected) in urls.items():
                times = timed(opener, url)
                medians[name] = statistics.median(times)
                p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
                ratio = medians[name] / medians["bare view"]
                over = medians[name] - medians["bare view"]
                target = f"≤ {TARGET_MS:.0f} ms" if expected else ""
                print(
                    f"{name:<14} {len(times):>4} {medians[name]:>10.2f} {p95:>8.2f} "
                    f"{ratio:>7.1f}× {over:>10.2f}  {target}"
                )
    missed = [n for n in urls if urls[n][1] and medians[n] > TARGET_MS]
    worst = max(medians[n] for n in urls if urls[n][1])
    if missed:
        print(f"\nVERDICT: FAIL — median above {TARGET_MS:.0f} ms for {', '.join(missed)}")
        return 1
    print(
        f"\nVERDICT: PASS — every dashboard page's median ≤ {TARGET_MS:.0f} ms "
        f"(slowest {worst:.1f} ms, {TARGET_MS / worst:.1f}× headroom)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
