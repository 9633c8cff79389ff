"""The person someone names ('mijn oudste zus', 'Anna') reads naturally wherever the app
speaks to them about it, and a retake starts from the same relationships."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from verbinding.web.assessments import targets

from .selftest_helpers import answer_all, leaning, screens, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "typed", "about", "label"), [
    ("nl", "mijn oudste zus", "je oudste zus", "Mijn oudste zus"),
    ("nl", "Mijn beste vriendin", "je beste vriendin", "Mijn beste vriendin"),
    ("nl", "m'n opa", "je opa", "M'n opa"),
    ("nl", "de vriendin van mijn broer", "de vriendin van je broer",
     "De vriendin van mijn broer"),
    ("nl", "Anna", "Anna", "Anna"),
    ("nl", "Mijntje", "Mijntje", "Mijntje"),
    ("en", "my eldest sister", "your eldest sister", "My eldest sister"),
    ("en", "Myra", "Myra", "Myra"),
])
def test_a_named_person_is_said_back_as_the_reader_would(language, typed, about, label):
    with translation.override(language):
        assert targets.target_about("persoon", typed) == about
        assert targets.target_label("persoon", typed) == label


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_headings_on_the_screens_the_result_and_the_pdf_say_je_oudste_zus(anna: Client):
    selftest = start(anna, ["persoon"], name="mijn oudste zus")
    headings = {screen.heading for screen in screens(selftest)}
    assert "Hoe je je verbindt met je oudste zus" in headings
    last = len(screens(selftest))
    html = anna.get(f"/zelftest/{selftest.public_id}/vragen/{last}/").content.decode()
    shown = " ".join(re.findall(r"<p class=\"eyebrow\">(.*?)</p>", html, re.S))
    assert "met je oudste zus" in shown and "mijn oudste zus" not in shown
    # The questions are the person's own words: "mijn oudste zus" there.
    assert "mijn oudste zus" in _text(anna.get(f"/zelftest/{selftest.public_id}/vragen/{last}/"))

    secure, anxious_with_her = leaning({"veilig"}), leaning({"angst"})
    answer_all(anna, selftest, lambda q: anxious_with_her(q) if q.position == 2 else secure(q))
    anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    result = _text(anna.get(f"/zelftest/{selftest.public_id}/uitslag/"))
    assert "Mijn oudste zus" in result  # the row label, capitalised like "Moeder"
    assert "over mijn oudste zus" not in result and "met mijn oudste zus" not in result
    assert "over je oudste zus" in result  # why a style is highlighted
    pdf = anna.get(f"/zelftest/{selftest.public_id}/uitslag.pdf").content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "over je oudste zus" in text and "over mijn oudste zus" not in text


def test_a_retake_starts_from_the_previous_relationships_and_person(client_a: Client):
    first = start(client_a, ["moeder", "partner", "persoon"], name="mijn oudste zus")
    answer_all(client_a, first, leaning({"veilig"}))
    client_a.post(f"/zelftest/{first.public_id}/afronden/")

    form = client_a.get("/zelftest/").content.decode()
    ticked = set(re.findall(r'name="targets" value="(\w+)"[^>]*\bchecked\b', form))
    assert ticked == {"moeder", "partner", "persoon"}
    assert 'value="mijn oudste zus"' in form
    assert "vorige zelftest" in form

    # They may change it: the form sends what is ticked now.
    second = start(client_a, ["vader", "persoon"], name="Anna")
    parts = list(second.assessments.values_list("target", "target_name"))
    assert parts == [("", ""), ("algemeen", ""), ("vader", ""), ("persoon", "Anna")]


def test_someone_without_an_earlier_test_starts_with_nothing_ticked(client_a: Client):
    form = client_a.get("/zelftest/").content.decode()
    assert not re.findall(r'name="targets" value="\w+"[^>]*\bchecked\b', form)
    assert "vorige zelftest" not in form
