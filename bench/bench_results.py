"""The results page, the PDF report and the daily card, timed against a bare view.

    uv run python bench/bench_results.py [requests-per-url]

Starts `verbinding serve` (gunicorn, one worker) on a free loopback port with a
throwaway data directory, makes one finished self-test through the JSON API (all four
styles plus mother, partner and a named person), then requests each URL sequentially
and prints median and p90 latency, the ratio to the bare view measured in the same run,
the results page's total size with every asset it references, and any reference to a
host other than the app. Bounded: a fixed number of requests, then the server stops.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

# Test support (the local server) lives in tests/, outside the installed package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from localserver import running_server

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
TARGETS = {"results": 2.0}  # ratio to the bare view
ABSOLUTE_MS = {"report.pdf": 300.0, "card A6": 100.0, "card A5": 100.0}


def call(
    opener: urllib.request.OpenerDirector,
    method: str,
    url: str,
    body: object = None,
    token: str = "",
) -> bytes:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with opener.open(request, timeout=30) as response:
        return response.read()


def finished_selftest(base: str, opener: urllib.request.OpenerDirector) -> tuple[str, str]:
    """Start a self-test in the browser flow; returns its token and public id."""
    html = call(opener, "GET", base + "/zelftest/").decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "targets": ["moeder", "partner", "persoon"],
            "person_name": "Sanne",
        },
        doseq=True,
    ).encode()
    request = urllib.request.Request(base + "/zelftest/", data=form, method="POST")
    request.add_header("Referer", base + "/zelftest/")
    with opener.open(request, timeout=30) as response:
        overview_url = response.geturl()
        page = response.read().decode()
    token = re.search(r"/zelftest/verder/([A-Za-z0-9_-]+)/", page).group(1)
    public_id = overview_url.rstrip("/").split("/")[-1]
    listed = json.loads(call(opener, "GET", f"{base}/api/v1/instruments"))
    assert {i["id"] for i in listed} >= {"vier-stijlen", "relatie"}
    return token, public_id


def timed(opener: urllib.request.OpenerDirector, url: str, count: int) -> list[float]:
    call(opener, "GET", url)  # warm-up
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call(opener, "GET", url)
        times.append((time.perf_counter() - start) * 1000)
    return times


def page_weight(opener, base: str, html: str) -> tuple[int, list[str]]:
    refs = re.findall(r'(?:src|href)="([^"#]+)"', html)
    outside = [r for r in refs if re.match(r"(https?:)?//", r) and not r.startswith(base)]
    assets = sorted({r for r in refs if r.startswith("/static/")})
    total = len(html.encode())
    for asset in assets:
        total += len(call(opener, "GET", base + asset))
    return total, outside


def main() -> None:
    with running_server(workers=1, threads=1) as (base, data_dir):
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        public_id = make_result(base, opener, data_dir)
        urls = {
            "bare view": base + "/health/",
            "results": f"{base}/zelftest/{public_id}/uitslag/",
            "report.pdf": f"{base}/zelftest/{public_id}/uitslag.pdf",
            "card A6": base + "/dagkaart/A6.pdf",
            "card A5": base + "/dagkaart/A5.pdf",
        }
        medians = {}
        print(f"{'url':<12} {'median ms':>10} {'p90 ms':>8} {'ratio':>7}  target")
        for name, url in urls.items():
            count = REQUESTS if name in ("bare view", "results") else max(20, REQUESTS // 10)
            times = timed(opener, url, count)
            medians[name] = statistics.median(times)
            p90 = statistics.quantiles(times, n=10)[-1]
            ratio = medians[name] / medians["bare view"]
            target = (
                f"≤ {TARGETS[name]:.0f}× bare"
                if name in TARGETS
                else f"≤ {ABSOLUTE_MS[name]:.0f} ms"
                if name in ABSOLUTE_MS
                else ""
            )
            print(f"{name:<12} {medians[name]:>10.2f} {p90:>8.2f} {ratio:>6.2f}×  {target}")
        html = call(opener, "GET", urls["results"]).decode()
        total, outside = page_weight(opener, base, html)
        print(
            f"results page with all its assets: {total / 1024:.1f} KB (target ≤ 100 KB); "
            f"HTML alone {len(html.encode()) / 1024:.1f} KB; "
            f"references outside the app: {len(outside)}"
        )


def make_result(base: str, opener, data_dir: str) -> str:
    """A finished self-test: start it in the browser flow, answer it through the API."""
    token, public_id = finished_selftest(base, opener)
    parts = _parts(data_dir, public_id)
    for assessment_id, items in parts:
        for index, item in enumerate(items):
            call(
                opener,
                "PUT",
                f"{base}/api/v1/assessments/{assessment_id}/answers/{item}",
                {"value": 1 + (index * 5) % 7},
                token,
            )
        call(opener, "POST", f"{base}/api/v1/assessments/{assessment_id}/submit", {}, token)
    return public_id


def _parts(data_dir: str, public_id: str) -> list[tuple[str, list[str]]]:
    """Read the self-test's parts from the server's own database file."""
    import sqlite3

    from verbinding.measure import get_instrument

    with sqlite3.connect(Path(data_dir) / "verbinding.sqlite3") as db:
        rows = db.execute(
            "SELECT a.public_id, a.instrument_id FROM assessments_assessment a "
            "JOIN assessments_selftest s ON s.id = a.selftest_id WHERE s.public_id = ? "
            "ORDER BY a.position",
            (public_id.replace("-", ""),),
        ).fetchall()
    out = []
    for raw_id, instrument_id in rows:
        uuid_text = f"{raw_id[:8]}-{raw_id[8:12]}-{raw_id[12:16]}-{raw_id[16:20]}-{raw_id[20:]}"
        out.append((uuid_text, list(get_instrument(instrument_id).item_ids)))
    return out


if __name__ == "__main__":
    main()
