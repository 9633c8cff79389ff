"""Driving the self-test through Django's test client, as a person would."""

from __future__ import annotations

import re

from django.test import Client

from verbinding.web.assessments import layout, services
from verbinding.web.assessments.models import SelfTest
from verbinding.web.assessments.targets import STYLES_INSTRUMENT


def start(client: Client, targets: list[str] | None = None, name: str = "") -> SelfTest:
    response = client.post("/zelftest/", {"targets": targets or [], "person_name": name})
    assert response.status_code == 302, response.content.decode()[:2000]
    public_id = response["Location"].strip("/").split("/")[-1]
    return SelfTest.objects.get(public_id=public_id)


def screens(selftest: SelfTest) -> list[layout.Screen]:
    return layout.build_screens(services.parts_of(selftest))


def answer_screen(client: Client, selftest: SelfTest, number: int, value_for) -> None:
    screen = screens(selftest)[number - 1]
    data = {q.key: value_for(q) for q in screen.questions}
    response = client.post(f"/zelftest/{selftest.public_id}/vragen/{number}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def answer_all(client: Client, selftest: SelfTest, value_for=lambda q: 4) -> None:
    for number in range(1, len(screens(selftest)) + 1):
        answer_screen(client, selftest, number, value_for)


def resume_token(client: Client, selftest: SelfTest) -> str:
    html = client.get(f"/zelftest/{selftest.public_id}/").content.decode()
    match = re.search(r"/zelftest/verder/([A-Za-z0-9_-]+)/", html)
    assert match, "resume link not shown"
    return match.group(1)


def leaning(high_scales: set[str], high: int = 6, low: int = 2):
    """Answers of someone who clearly recognises `high_scales` and not the rest."""
    from verbinding.measure.instrument import get_instrument

    def scale_of(instrument_id: str, item_id: str) -> tuple[str, bool]:
        instrument = get_instrument(instrument_id)
        scale = next(s.id for s in instrument.scales if item_id in s.items)
        return scale, instrument.item(item_id).reverse

    def value_for(question: layout.Question) -> int:
        instrument_id = STYLES_INSTRUMENT if question.position == 0 else "relatie"
        scale, reverse = scale_of(instrument_id, question.item_id)
        wanted = high if scale in high_scales else low
        return 8 - wanted if reverse else wanted

    return value_for
