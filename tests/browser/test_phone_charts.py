"""Chart text stays readable on a phone: at 360 px wide, no SVG text is under 12 CSS px.

The charts are SVG scaled to the width of the page, so a font size in the drawing is
not the size a reader sees. Each text element's size is measured as the browser draws
it: its computed font size times the scale from the drawing to the screen
(`getScreenCTM`), which is what a phone shows after the chart has shrunk to fit.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from web.selftest_helpers import answer_all, leaning, start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
MIN_PX = 12.0

# Every visible <text> in an <svg>: its words and its size on the screen in CSS px.
MEASURE = """() => [...document.querySelectorAll('svg text')]
  .filter(t => t.getClientRects().length > 0 && t.textContent.trim())
  .map(t => {
    const m = t.getScreenCTM();
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
    return [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize) * scale];
  })"""


def _results_with_charts(client: Client) -> list[str]:
    """Two self-tests with relationship parts (for the progress page), a few reactions
    (for the weekly charts); the paths to look at."""
    paths = []
    for high in ({"angstig", "angst"}, {"veilig"}):
        selftest = start(client, ["moeder", "partner", "persoon"], name="mijn oudste zus")
        answer_all(client, selftest, leaning(high))
        assert client.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
        paths.append(f"/zelftest/{selftest.public_id}/uitslag/")
    for kind in ("positive", "positive", "negative"):
        client.post("/reacties/nieuw/", {"kind": kind})
    return [*paths, "/mijn/", "/mijn/voortgang/", "/reacties/"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_chart_text_is_at_least_12_px_on_a_phone(
    browser, live_server, client_a, language
) -> None:
    client_a.cookies["taal"] = language
    paths = _results_with_charts(client_a)
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([
        {"name": "taal", "value": language, "url": live_server.url},
        {"name": settings.SESSION_COOKIE_NAME,
         "value": client_a.cookies[settings.SESSION_COOKIE_NAME].value,
         "url": live_server.url},
    ])
    page = context.new_page()
    too_small, measured = [], 0
    for path in paths:
        page.goto(live_server.url + path)
        for words, size in page.evaluate(MEASURE):
            measured += 1
            if size < MIN_PX - 0.05:
                too_small.append(f"{path}: {words!r} {size:.1f} px")
    context.close()
    assert measured > 20
    assert not too_small, "\n".join(too_small)
