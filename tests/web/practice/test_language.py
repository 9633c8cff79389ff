"""Practising in English: the reasons, the words and the messages follow the language."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from verbinding.web.practice import proposal
from verbinding.web.practice.models import PracticeSession
from verbinding.web.practice.proposal import Catalogue, ExerciseInfo, Profile, Relation
from web.practice.helpers import start_session

STYLES = ("veilig", "vermijdend", "angstig", "chaotisch")
CATALOGUE = Catalogue(
    exercises={s: [ExerciseInfo(f"{s[:2]}-{n}", 5 * n) for n in range(1, 7)] for s in STYLES},
    names={"veilig": "secure", "vermijdend": "avoidant", "angstig": "anxious",
           "chaotisch": "chaotic"},
)


def test_the_reasons_are_english_with_a_decimal_point() -> None:
    profile = Profile({"veilig": 2.0, "vermijdend": 2.0, "angstig": 5.25, "chaotisch": 2.0},
                      [Relation("your mother", "angstig"), Relation("your father", "angstig"),
                       Relation("people in general", "angstig", general=True)])
    with translation.override("en"):
        plan = proposal.propose(profile, CATALOGUE)
    anxious = next(item for item in plan if item.style == "angstig").reason
    assert anxious.startswith("You recognised yourself in the anxious style (score 5.3 out of 7).")
    assert "The anxious pattern showed up in general and with your mother and your father." \
        in anxious
    secure = next(item for item in plan if item.style == "veilig").reason
    assert secure.startswith("Connecting securely is what you are growing towards.")


def _english(client: Client) -> Client:
    client.cookies["taal"] = "en"
    return client


def test_words_picked_in_dutch_stay_chosen_after_switching_to_english(client_a, user_a) -> None:
    pk = start_session(client_a, "vm-gevoelswoorden")
    client_a.post(f"/oefenen/sessie/{pk}/oefening/", {"woorden": ["kalm"]})
    user_a.language = "en"
    user_a.save(update_fields=["language"])
    page = client_a.get(f"/oefenen/sessie/{pk}/oefening/").content.decode()
    assert 'name="woorden" value="kalm" checked' in page  # kept, under "Chosen earlier"
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/", {"woorden": ["kalm", "calm"]})
    assert response.status_code == 302
    assert PracticeSession.objects.get(pk=pk).words == ["kalm", "calm"]


def test_an_unknown_word_is_refused_in_english(client_a, user_a) -> None:
    user_a.language = "en"
    user_a.save(update_fields=["language"])
    pk = start_session(client_a, "vm-gevoelswoorden")
    response = client_a.post(f"/oefenen/sessie/{pk}/oefening/", {"woorden": ["<script>"]})
    assert response.status_code == 400
    assert "A word was chosen that is not in the list." in response.content.decode()


def test_the_timer_and_the_stop_guide_give_their_words_to_the_script(client_a, user_a) -> None:
    user_a.language = "en"
    user_a.save(update_fields=["language"])
    pk = start_session(client_a, "ch-stop-oefening")
    page = client_a.get(f"/oefenen/sessie/{pk}/oefening/").content.decode()
    assert 'data-said-terug="GO BACK · your partner takes a step back."' in page
