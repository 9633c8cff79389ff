"""A practice session: check-in, the exercise by its mode, check-in, done."""

from __future__ import annotations

import pytest

from rawdb import database_bytes
from verbinding.web.practice.models import PlanItem, PracticeSession
from web.practice.helpers import start_session


def test_a_whole_plain_session(client_a, user_a) -> None:
    pk = start_session(client_a, "ve-dagkaart-lezen")
    session = PracticeSession.objects.get(pk=pk)
    assert (session.user, session.style, session.finished_at) == (user_a, "veilig", None)
    checkin = client_a.get(f"/oefenen/sessie/{pk}/voor/")
    assert 'type="range"' in checkin.content.decode()
    response = client_a.post(f"/oefenen/sessie/{pk}/voor/", {"spanning": "7", "rust": "3"})
    assert response["Location"] == f"/oefenen/sessie/{pk}/oefening/"
    page = client_a.get(f"/oefenen/sessie/{pk}/oefening/").content.decode()
    assert "Lees de kenmerken" in page
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/", {})
    assert response["Location"] == f"/oefenen/sessie/{pk}/na/"
    response = client_a.post(f"/oefenen/sessie/{pk}/na/", {"spanning": "4", "rust": "6"})
    assert response["Location"] == f"/oefenen/sessie/{pk}/klaar/"
    session.refresh_from_db()
    assert (session.tension_before, session.calm_before) == (7, 3)
    assert (session.tension_after, session.calm_after) == (4, 6)
    assert session.finished_at is not None
    done = client_a.get(f"/oefenen/sessie/{pk}/klaar/").content.decode()
    assert "Zo was het voor en na" in done
    assert 'class="fill v7"' in done and 'class="fill v4"' in done


def test_the_check_in_can_be_skipped(client_a) -> None:
    pk = start_session(client_a, "ve-dagkaart-lezen")
    client_a.post(f"/oefenen/sessie/{pk}/voor/", {"overslaan": "1", "spanning": "99"})
    client_a.post(f"/oefenen/sessie/{pk}/na/", {"overslaan": "1"})
    session = PracticeSession.objects.get(pk=pk)
    assert session.tension_before is None and session.finished_at is not None
    assert "overgeslagen" in client_a.get(f"/oefenen/sessie/{pk}/klaar/").content.decode()


@pytest.mark.parametrize("data", [
    {"spanning": "11", "rust": "3"},
    {"spanning": "-1", "rust": "3"},
    {"spanning": "veel", "rust": "3"},
    {"spanning": "5"},
    {},
])
def test_a_check_in_out_of_range_is_refused_and_nothing_is_written(client_a, data) -> None:
    pk = start_session(client_a, "ve-dagkaart-lezen")
    response = client_a.post(f"/oefenen/sessie/{pk}/voor/", data)
    assert response.status_code == 400
    assert "een getal van 0 tot en met 10" in response.content.decode()
    session = PracticeSession.objects.get(pk=pk)
    assert session.tension_before is None and session.calm_before is None


def test_an_unknown_moment_is_a_404(client_a) -> None:
    pk = start_session(client_a, "ve-dagkaart-lezen")
    assert client_a.get(f"/oefenen/sessie/{pk}/tussendoor/").status_code == 404


def test_beginning_an_unknown_exercise_is_a_404_and_makes_nothing(client_a) -> None:
    assert client_a.post("/oefenen/bestaat-niet/begin/").status_code == 404
    assert not PracticeSession.objects.exists()


def test_begin_only_accepts_posts(client_a) -> None:
    assert client_a.get("/oefenen/ve-dagkaart-lezen/begin/").status_code == 405


def test_the_timer_mode_has_a_timer_and_the_steps(client_a) -> None:
    pk = start_session(client_a, "vm-sensaties-voelen")
    html = client_a.get(f"/oefenen/sessie/{pk}/oefening/").content.decode()
    assert 'data-practice-timer data-seconds="300"' in html
    assert 'aria-live="polite"' in html
    assert 'class="steps calm-steps"' in html


def test_the_emotion_words_are_saved_with_the_session(client_a) -> None:
    pk = start_session(client_a, "vm-gevoelswoorden")
    html = client_a.get(f"/oefenen/sessie/{pk}/oefening/").content.decode()
    assert 'type="checkbox" name="woorden" value="kalm"' in html
    assert "Vaak een brok in de keel" in html
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/",
                             {"woorden": ["verdrietig", "kalm", "kalm"]})
    assert response.status_code == 302
    assert PracticeSession.objects.get(pk=pk).words == ["verdrietig", "kalm"]


def test_an_unknown_emotion_word_is_refused_and_nothing_is_written(client_a) -> None:
    pk = start_session(client_a, "vm-gevoelswoorden")
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/",
                             {"woorden": ["kalm", "<script>"], "reflectie": "iets"})
    assert response.status_code == 400
    assert "niet in de lijst" in response.content.decode()
    session = PracticeSession.objects.get(pk=pk)
    assert session.words == [] and session.reflection == ""


def test_the_stop_guide_and_its_reflection(client_a) -> None:
    pk = start_session(client_a, "ch-stop-oefening")
    html = client_a.get(f"/oefenen/sessie/{pk}/oefening/").content.decode()
    assert "data-stop-guide" in html
    assert 'class="sg-stop"' in html and ">STOP</a>" in html and ">GA TERUG</a>" in html
    assert "Sta stil. Adem. Merk je lichaam op." in html
    assert "Voor je partner" in html
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/", {"reflectie": "  Het lukte.  "})
    assert response.status_code == 302
    assert PracticeSession.objects.get(pk=pk).reflection == "Het lukte."


def test_a_too_long_reflection_is_refused_and_kept_in_the_form(client_a) -> None:
    pk = start_session(client_a, "ch-stop-oefening")
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/", {"reflectie": "a" * 5001})
    assert response.status_code == 400
    assert "langer dan 5000 tekens" in response.content.decode()
    assert PracticeSession.objects.get(pk=pk).reflection == ""


@pytest.mark.django_db(transaction=True)
def test_reflection_and_emotion_words_are_never_plain_text_on_disk(user_a) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user_a)
    secret = "Mijn moeder kwam te dichtbij en ik voelde paniek"
    pk = start_session(client, "vm-gevoelswoorden")
    client.post(f"/oefenen/sessie/{pk}/oefening/",
                {"woorden": ["ontroostbaar", "paniekerig"], "reflectie": secret})
    session = PracticeSession.objects.get(pk=pk)
    assert session.reflection == secret
    assert session.words == ["ontroostbaar", "paniekerig"]
    raw = database_bytes()
    assert len(raw) > 0
    for plain in (secret, "ontroostbaar", "paniekerig", "kwam te dichtbij"):
        assert plain.encode("utf-8") not in raw
    assert b"vm-gevoelswoorden" in raw  # the file read is really the one written to


def test_a_plan_item_is_linked_to_the_session(client_a, user_a) -> None:
    item = PlanItem.objects.create(user=user_a, exercise_id="ve-dagkaart-lezen")
    client_a.post("/oefenen/ve-dagkaart-lezen/begin/", {"plan_item": str(item.pk)})
    assert PracticeSession.objects.get().plan_item == item


def test_someone_elses_plan_item_cannot_be_linked(client_b, user_a) -> None:
    item = PlanItem.objects.create(user=user_a, exercise_id="ve-dagkaart-lezen")
    response = client_b.post("/oefenen/ve-dagkaart-lezen/begin/", {"plan_item": str(item.pk)})
    assert response.status_code == 404
    assert not PracticeSession.objects.exists()


def test_a_tampered_plan_item_is_refused(client_a) -> None:
    response = client_a.post("/oefenen/ve-dagkaart-lezen/begin/", {"plan_item": "x1"})
    assert response.status_code == 400
    assert "kennen we niet" in response.content.decode()
    assert not PracticeSession.objects.exists()


def test_other_people_get_a_404_on_every_page_of_a_session(client_a, client_b) -> None:
    pk = start_session(client_a, "ch-stop-oefening")
    for path in ("voor/", "oefening/", "na/", "klaar/"):
        assert client_b.get(f"/oefenen/sessie/{pk}/{path}").status_code == 404
    assert client_b.post(f"/oefenen/sessie/{pk}/oefening/",
                         {"reflectie": "van Bas"}).status_code == 404
    assert client_b.post(f"/oefenen/sessie/{pk}/voor/",
                         {"spanning": "1", "rust": "1"}).status_code == 404
    session = PracticeSession.objects.get(pk=pk)
    assert session.reflection == "" and session.tension_before is None


def test_outsiders_are_sent_to_log_in_for_a_session(client_a, outsider) -> None:
    pk = start_session(client_a, "ch-stop-oefening")
    response = outsider.get(f"/oefenen/sessie/{pk}/oefening/")
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert outsider.post("/oefenen/ch-stop-oefening/begin/").status_code == 302
    assert PracticeSession.objects.count() == 1


def test_a_form_without_csrf_token_is_refused(csrf_client_a) -> None:
    response = csrf_client_a.post("/oefenen/ve-dagkaart-lezen/begin/")
    assert response.status_code == 403
    assert not PracticeSession.objects.exists()


MONDAY_MORNING = "2025-03-03 09:00 +01:00"
WEDNESDAY_MORNING = "2025-03-05 09:00 +01:00"


@pytest.mark.time_machine(MONDAY_MORNING, tick=False)  # the whole test, logins included
def test_the_done_list_shows_only_my_sessions_newest_first(
    client_a, client_b, time_machine
) -> None:
    first = start_session(client_a, "ve-dagkaart-lezen")
    client_a.post(f"/oefenen/sessie/{first}/voor/", {"spanning": "8", "rust": "2"})
    client_a.post(f"/oefenen/sessie/{first}/na/", {"spanning": "5", "rust": "4"})
    time_machine.move_to(WEDNESDAY_MORNING)
    start_session(client_a, "ch-stop-oefening")
    start_session(client_b, "an-nu-en-vroeger")
    html = client_a.get("/oefenen/gedaan/").content.decode()
    assert html.index("Stop zeggen als iemand naderbij komt") < html.index("De dagkaart lezen")
    assert "Spanning 8 → 5" in html and "Rust 2 → 4" in html
    assert "Nog niet afgerond" in html
    assert "De grens tussen nu en vroeger" not in html
