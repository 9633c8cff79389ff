from __future__ import annotations

import io
import logging
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from verbinding.web.assessments.models import Answer, Assessment, Result, SelfTest

from .selftest_helpers import answer_all, answer_screen, leaning, resume_token, screens, start

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_start_page_says_duration_anonymity_pausing_and_no_diagnosis(anna: Client) -> None:
    page = html(anna.get("/zelftest/"))
    for phrase in ("Ongeveer", "minuten", "Anoniem", "Stoppen mag", "Geen diagnose"):
        assert phrase in page
    for target in ("Moeder", "Vader", "Partner", "Mannen", "Vrouwen"):
        assert target in page


def test_starting_creates_the_styles_test_and_a_relation_form_per_choice(anna: Client) -> None:
    selftest = start(anna, ["moeder", "partner", "persoon"], name="Sanne")
    parts = list(selftest.assessments.values_list("instrument_id", "target", "target_name"))
    assert parts == [
        ("vier-stijlen", "", ""),
        ("relatie", "algemeen", ""),
        ("relatie", "moeder", ""),
        ("relatie", "partner", ""),
        ("relatie", "persoon", "Sanne"),
    ]


def test_a_named_person_needs_a_name(anna: Client) -> None:
    response = anna.post("/zelftest/", {"targets": ["persoon"], "person_name": "  "})
    assert response.status_code == 400
    assert "Vul een naam" in html(response)
    assert SelfTest.objects.count() == 0


def test_a_tampered_target_is_refused_and_nothing_is_stored(anna: Client) -> None:
    response = anna.post("/zelftest/", {"targets": ["buurman"]})
    assert response.status_code == 400
    assert "onbekende relatie" in html(response)
    assert SelfTest.objects.count() == 0 and Assessment.objects.count() == 0


def test_the_resume_link_is_shown_with_a_copy_button(anna: Client) -> None:
    selftest = start(anna)
    page = html(anna.get(f"/zelftest/{selftest.public_id}/"))
    token = resume_token(anna, selftest)
    assert len(token) >= 22  # 128 bits or more in URL-safe base64
    assert "data-copy" in page


def test_answers_are_saved_per_screen_and_can_be_changed(anna: Client) -> None:
    selftest = start(anna)
    answer_screen(anna, selftest, 1, lambda q: 3)
    first = screens(selftest)[0].questions[0]
    answer_screen(anna, selftest, 1, lambda q: 6 if q == first else 3)
    stored = Answer.objects.get(assessment__selftest=selftest, item_id=first.item_id)
    assert stored.value == 6
    assert Answer.objects.filter(assessment__selftest=selftest).count() == len(
        screens(selftest)[0].questions
    )


def test_autosave_stores_one_answer_at_once(anna: Client) -> None:
    selftest = start(anna)
    question = screens(selftest)[0].questions[0]
    url = f"/zelftest/{selftest.public_id}/antwoord/"
    response = anna.post(
        url, {"key": question.key, question.key: "5"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Bewaard" in html(response)
    anna.post(url, {"key": question.key, question.key: "2"}, headers={"HX-Request": "true"})
    assert list(Answer.objects.values_list("item_id", "value")) == [(question.item_id, 2)]


@pytest.mark.parametrize("value", ["9", "0", "abc", "", "4.5"])
def test_autosave_refuses_a_value_outside_the_scale(anna: Client, value: str) -> None:
    selftest = start(anna)
    question = screens(selftest)[0].questions[0]
    response = anna.post(
        f"/zelftest/{selftest.public_id}/antwoord/", {"key": question.key, question.key: value}
    )
    assert response.status_code == 422
    assert "Kies een antwoord van 1 tot en met 7" in html(response)
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("key", ["a0-NOPE", "a9-VE01", "a99999999999999999999-VE01", "zz", "a-"])
def test_autosave_refuses_unknown_items(anna: Client, key: str) -> None:
    selftest = start(anna)
    response = anna.post(f"/zelftest/{selftest.public_id}/antwoord/", {"key": key, key: "4"})
    assert response.status_code == 422
    assert Answer.objects.count() == 0


def test_a_tampered_screen_post_stores_nothing_wrong_and_says_why(anna: Client) -> None:
    selftest = start(anna)
    first, second = screens(selftest)[0].questions[:2]
    response = anna.post(
        f"/zelftest/{selftest.public_id}/vragen/1/", {first.key: "5", second.key: "42"}
    )
    assert response.status_code == 400
    assert "Niet alles kon worden bewaard" in html(response)
    assert list(Answer.objects.values_list("item_id", "value")) == [(first.item_id, 5)]


def test_a_pause_comes_about_every_fifteen_questions(anna: Client) -> None:
    selftest = start(anna)
    all_screens = screens(selftest)
    pauses = [s.number for s in all_screens if s.pause_before]
    assert pauses, "no pause at all"
    counted = 0
    for screen in all_screens:
        if screen.pause_before:
            assert 15 <= counted <= 20
            counted = 0
        counted += len(screen.questions)
    number = pauses[0] - 1
    answer_screen(anna, selftest, number, lambda q: 4)
    response = anna.post(
        f"/zelftest/{selftest.public_id}/vragen/{number}/",
        {q.key: 4 for q in all_screens[number - 1].questions},
    )
    assert response["Location"] == f"/zelftest/{selftest.public_id}/pauze/{number + 1}/"
    pause = html(anna.get(response["Location"]))
    assert "adempauze" in pause and f"/vragen/{number + 1}/" in pause


def test_leaving_and_resuming_from_the_link_in_another_browser(anna: Client) -> None:
    selftest = start(anna, ["vader"])
    answer_screen(anna, selftest, 1, lambda q: 5)
    token = resume_token(anna, selftest)
    later = Client()  # the browser was closed: no session any more
    assert later.get(f"/zelftest/{selftest.public_id}/").status_code == 404
    response = later.get(f"/zelftest/verder/{token}/")
    assert response.status_code == 302
    assert token not in response["Location"]
    page = html(later.get(response["Location"]))
    answered = len(screens(selftest)[0].questions)
    assert f"{answered} van" in page
    assert "/vragen/2/" in page


def test_a_wrong_resume_link_gets_a_calm_message_and_is_not_logged(
    anna: Client, caplog: pytest.LogCaptureFixture
) -> None:
    token = "x" * 32
    with caplog.at_level(logging.DEBUG):
        response = anna.get(f"/zelftest/verder/{token}/")
    assert response.status_code == 404
    assert "Deze link werkt niet" in html(response)
    assert token not in caplog.text


def test_submitting_lists_what_is_missing(anna: Client) -> None:
    selftest = start(anna)
    answer_screen(anna, selftest, 1, lambda q: 4)
    response = anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    assert response.status_code == 400
    page = html(response)
    assert "zonder antwoord" in page
    missing_question = screens(selftest)[1].questions[0]
    assert missing_question.text in page
    assert Result.objects.count() == 0


def test_the_whole_journey_to_results_pdf_and_delete(anna: Client) -> None:
    selftest = start(anna, ["moeder", "partner"])
    answer_all(anna, selftest, leaning({"angstig", "angst"}))
    response = anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    assert response.status_code == 302
    page = html(anna.get(response["Location"]))
    assert "Jouw verbindingsprofiel" in page
    assert "angstige stijl eruit" in page
    assert "<svg" in page and 'role="img"' in page
    assert "geen diagnose" in page
    assert "Moeder" in page and "Partner" in page
    assert "Over deze meting" in page
    selftest.refresh_from_db()
    assert selftest.submitted_at is not None
    result = Result.objects.get(assessment__selftest=selftest, assessment__position=0)
    assert result.profile["dominant"] == "angstig"
    assert result.scoring_version and result.instrument_version.startswith("1+")

    pdf = anna.get(f"/zelftest/{selftest.public_id}/uitslag.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    angstig = result.scores["angstig"]["score"]
    assert f"{angstig:.1f}".replace(".", ",") in text

    # After submit, answers can no longer change.
    question = screens(selftest)[0].questions[0]
    late = anna.post(
        f"/zelftest/{selftest.public_id}/antwoord/", {"key": question.key, question.key: "1"}
    )
    assert late.status_code == 422

    gone = anna.post(f"/zelftest/{selftest.public_id}/verwijderen/")
    assert gone.status_code == 200
    assert SelfTest.objects.count() == 0
    assert Assessment.objects.count() == Answer.objects.count() == Result.objects.count() == 0
    assert anna.get(f"/zelftest/{selftest.public_id}/uitslag/").status_code == 404


def test_a_high_chaotic_score_shows_the_caring_box(anna: Client) -> None:
    selftest = start(anna)
    answer_all(anna, selftest, leaning({"chaotisch", "desorganisatie"}, high=7, low=2))
    anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    page = html(anna.get(f"/zelftest/{selftest.public_id}/uitslag/"))
    assert "traumatherapeut" in page and "0800-0113" in page


def test_agreeing_with_everything_never_gives_a_confident_style(anna: Client) -> None:
    selftest = start(anna)
    answer_all(anna, selftest, lambda q: 7)
    anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    result = Result.objects.get(assessment__selftest=selftest, assessment__position=0)
    assert result.profile["dominant"] is None
    page = html(anna.get(f"/zelftest/{selftest.public_id}/uitslag/"))
    assert "geen stijl aanwijzen" in page or "gemengd" in page or "geen stijl duidelijk" in page


def test_another_visitor_can_never_open_or_change_a_selftest(anna: Client, bram: Client) -> None:
    selftest = start(anna)
    question = screens(selftest)[0].questions[0]
    base = f"/zelftest/{selftest.public_id}"
    for url in (
        "/",
        "/vragen/1/",
        "/pauze/2/",
        "/afronden/",
        "/uitslag/",
        "/uitslag.pdf",
        "/verwijderen/",
    ):
        assert bram.get(base + url).status_code == 404, url
    assert (
        bram.post(base + "/antwoord/", {"key": question.key, question.key: "3"}).status_code == 404
    )
    assert bram.post(base + "/vragen/1/", {question.key: "3"}).status_code == 404
    assert bram.post(base + "/verwijderen/").status_code == 404
    assert Answer.objects.count() == 0 and SelfTest.objects.count() == 1


def test_a_form_post_without_csrf_token_is_refused_in_dutch(db) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/zelftest/", {"targets": []})
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in html(response)
    assert SelfTest.objects.count() == 0


def test_the_plane_chart_keeps_the_named_person_encrypted_and_still_shows_the_name(
    anna: Client,
) -> None:
    from django.db import connection

    selftest = start(anna, ["persoon"], name="Tante Jo")
    answer_all(anna, selftest, leaning({"angst"}))
    response = anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT plane_svg, plane_alt FROM assessments_selftestreport")
        stored = cursor.fetchone()
    assert all(value.startswith("enc1:") and "Tante" not in value for value in stored)

    page = html(anna.get(response["Location"]))
    assert ">Tante Jo</text>" in page and "Tante Jo: angst" in page
    pdf = anna.get(f"/zelftest/{selftest.public_id}/uitslag.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Tante Jo" in text


def test_a_submitted_tests_overview_says_bekijk_je_uitslag(anna: Client) -> None:
    selftest = start(anna, [])
    answer_all(anna, selftest)
    anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    page = html(anna.get(f"/zelftest/{selftest.public_id}/"))
    assert "Bekijk je uitslag" in page
    assert f"/zelftest/{selftest.public_id}/uitslag/" in page
    assert "Naar afronden" not in page


def test_the_start_page_says_minuten_for_more_than_one_minute(anna: Client) -> None:
    page = " ".join(html(anna.get("/zelftest/")).split())
    counts = re.findall(r"(\d+) (minuut|minuten) per extra relatie", page)
    assert counts, "the start page names the minutes per relationship"
    for number, word in counts:
        assert word == ("minuut" if number == "1" else "minuten")


def test_the_not_found_page_says_haal_gerust_even_adem(anna: Client) -> None:
    page = html(anna.get("/bestaat-niet/"))
    assert "Haal gerust even adem." in page


def test_developer_jargon_is_folded_under_voor_professionals(anna: Client) -> None:
    selftest = start(anna, [])
    answer_all(anna, selftest)
    response = anna.post(f"/zelftest/{selftest.public_id}/afronden/")
    page = html(anna.get(response["Location"]))
    before, _, fold = page.partition("<summary>Voor professionals</summary>")
    assert fold, "the result page has a fold for professionals"
    fold = fold.split("</details>")[0]
    for jargon in ("SEM", "versie 1+", "verbinding analyse"):
        assert jargon not in before
    assert "SEM" in fold and "versie 1+" in fold
