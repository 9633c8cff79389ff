"""The diary: ownership, bad input, and encryption at rest."""

from __future__ import annotations

import json

import pytest

from rawdb import database_bytes
from verbinding.web.journal.models import DiaryEntry

NEW = "/dagboek/nieuw/"


def entry_for(user, **fields) -> DiaryEntry:
    defaults = {"text": "Een rustige dag.", "body_sensations": "warme buik"}
    entry = DiaryEntry(user=user, **{**defaults, **fields})
    entry.words = ["kalm"]
    entry.save()
    return entry


def valid(**overrides) -> dict:
    data = {
        "date": "2025-03-05",
        "exercise_id": "ve-mededogen",
        "words": ["kalm", "opgelucht"],
        "own_words": "zacht, kalm",
        "intensity": "6",
        "body_sensations": "tintelende handen",
        "text": "Ik merkte dat ik bleef.",
    }
    return {**data, **overrides}


def test_it_saves_a_new_entry_with_words_and_own_words(client_a, user_a) -> None:
    response = client_a.post(NEW, valid())
    entry = DiaryEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dagboek/{entry.pk}/"
    assert entry.user == user_a
    assert entry.words == ["kalm", "opgelucht", "zacht"]  # own duplicate of "kalm" dropped
    assert entry.intensity == 6
    assert entry.exercise_id == "ve-mededogen"


def test_it_shows_a_calm_form_with_grouped_emotion_words(client_a) -> None:
    html = client_a.get(NEW).content.decode()
    assert "<legend>Verdriet</legend>" in html
    assert 'type="checkbox" name="words" value="teleurgesteld"' in html
    assert "Eigen woorden" in html


def test_it_lists_entries_newest_first_and_paginates(client_a, user_a) -> None:
    import datetime as dt

    for day in range(1, 13):
        entry_for(user_a, date=dt.date(2025, 3, day), text=f"dag {day}")
    first = client_a.get("/dagboek/").content.decode()
    assert first.index("12 maart 2025") < first.index("11 maart 2025")
    assert "<p>dag 3</p>" in first and "<p>dag 2</p>" not in first
    second = client_a.get("/dagboek/?pagina=2").content.decode()
    assert "<p>dag 1</p>" in second and "Pagina 2 van 2" in second
    assert client_a.get("/dagboek/?pagina=xyz").status_code == 200


def test_it_edits_an_entry(client_a, user_a) -> None:
    entry = entry_for(user_a)
    form = client_a.get(f"/dagboek/{entry.pk}/bewerken/").content.decode()
    assert "Een rustige dag." in form
    assert 'value="kalm" checked' in form
    response = client_a.post(f"/dagboek/{entry.pk}/bewerken/", valid(text="Anders nu."))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.text == "Anders nu."


def test_it_deletes_only_after_confirmation(client_a, user_a) -> None:
    entry = entry_for(user_a)
    page = client_a.get(f"/dagboek/{entry.pk}/verwijderen/")
    assert "verwijderen?" in page.content.decode()
    assert DiaryEntry.objects.count() == 1
    response = client_a.post(f"/dagboek/{entry.pk}/verwijderen/")
    assert response.status_code == 302
    assert not DiaryEntry.objects.exists()


@pytest.mark.parametrize("suffix", ["", "bewerken/", "verwijderen/"])
def test_another_person_gets_a_404(client_b, user_a, suffix) -> None:
    entry = entry_for(user_a)
    assert client_b.get(f"/dagboek/{entry.pk}/{suffix}").status_code == 404
    if suffix:
        assert client_b.post(f"/dagboek/{entry.pk}/{suffix}", valid()).status_code == 404
    entry.refresh_from_db()
    assert entry.text == "Een rustige dag."


@pytest.mark.parametrize("path", ["/dagboek/", NEW, "/dagboek/1/", "/dagboek/1/bewerken/",
                                  "/dagboek/1/verwijderen/"])
def test_an_outsider_is_sent_to_log_in(outsider, path) -> None:
    response = outsider.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/inloggen/")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("intensity", "11", "van 0 tot en met 10"),
        ("intensity", "-1", "van 0 tot en met 10"),
        ("intensity", "veel", "heel getal"),
        ("date", "5 maart", "Deze datum kunnen we niet lezen"),
        ("date", "2999-01-01", "nog niet geweest"),
        ("exercise_id", "bestaat-niet", "Kies een oefening uit de lijst"),
        ("words", "<script>", "Kies gevoelswoorden uit de lijst"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_saves_nothing(client_a, field, value, message):
    response = client_a.post(NEW, valid(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_an_empty_entry_is_refused_kindly(client_a) -> None:
    empty = {k: "" for k in valid()} | {"date": "2025-03-05", "words": []}
    response = client_a.post(NEW, empty)
    assert response.status_code == 400
    assert "Er staat nog niets in" in response.content.decode()


def test_a_post_without_csrf_token_is_refused(csrf_client_a) -> None:
    assert csrf_client_a.post(NEW, valid()).status_code == 403
    assert not DiaryEntry.objects.exists()


def test_the_plaintext_never_reaches_the_database_file(client_a, transactional_db) -> None:
    secret = valid(text="Geheime-zin-over-mijn-moeder", body_sensations="Knoop-in-mijn-maag",
                   own_words="Ontheemd-gevoel")
    assert client_a.post(NEW, secret).status_code == 302
    raw = database_bytes()
    for plain in ("Geheime-zin-over-mijn-moeder", "Knoop-in-mijn-maag", "Ontheemd-gevoel"):
        assert plain.encode() not in raw
        assert json.dumps(plain).encode() not in raw
    entry = DiaryEntry.objects.get()
    assert entry.text == "Geheime-zin-over-mijn-moeder"
    assert entry.body_sensations == "Knoop-in-mijn-maag"
    assert "Ontheemd-gevoel" in entry.words
