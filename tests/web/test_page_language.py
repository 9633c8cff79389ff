"""Each page speaks one language: no Dutch words on English pages, no English dates on
Dutch ones (Mijn overzicht and Hoe je verandert, for someone whose self-tests were taken
in the other language)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.utils import timezone

from web.selftest_helpers import answer_all, leaning, start

pytestmark = pytest.mark.django_db


class _Visible(HTMLParser):
    """The words a reader sees (text and accessible names), not markup or scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "alt", "title", "placeholder") and value:
                self.words.append(value)

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data) -> None:
        if not self._skip and data.strip():
            self.words.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.words)


def _take(client, high, targets, when):
    with time_machine.travel(when, tick=False):
        selftest = start(client, targets)
        answer_all(client, selftest, leaning(high))
        assert client.post(f"/zelftest/{selftest.public_id}/afronden/").status_code == 302
    return selftest


def _two_takes(client, language: str) -> None:
    client.cookies["taal"] = language
    now = timezone.now()
    _take(client, {"angstig", "angst"}, ["moeder"], now - dt.timedelta(days=40))
    _take(client, {"veilig"}, ["moeder"], now - dt.timedelta(days=5))


@pytest.fixture
def two_dutch_takes(client_a):
    _two_takes(client_a, "nl")


@pytest.fixture
def two_english_takes(client_a):
    _two_takes(client_a, "en")


DUTCH = re.compile(
    r"\b(Veilig|Vermijdend|Angstig|Chaotisch|gemiddelde|keer gedaan|Zelftest van|"
    r"Moeder|betrouwbaar|verandering|Bekijk|januari|februari|maart|mei|juni|juli|"
    r"augustus|oktober|december|mrt|okt)\b",
)
ENGLISH_DATE = re.compile(
    r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
)


@pytest.mark.parametrize("path", ["/mijn/", "/mijn/voortgang/"])
def test_english_pages_carry_no_dutch(client_a, two_dutch_takes, path) -> None:
    client_a.cookies["taal"] = "en"
    text = visible_text(client_a.get(path).content.decode())
    assert not DUTCH.findall(text), text


@pytest.mark.parametrize("path", ["/mijn/", "/mijn/voortgang/"])
def test_dutch_pages_carry_no_english_dates(client_a, two_english_takes, path) -> None:
    client_a.cookies["taal"] = "nl"
    text = visible_text(client_a.get(path).content.decode())
    assert not ENGLISH_DATE.findall(text), text
