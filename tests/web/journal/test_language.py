"""The diary in English: words picked in either language stay valid."""

from __future__ import annotations

from verbinding.web.journal.models import DiaryEntry


def _post(client, words, own=""):
    return client.post("/dagboek/nieuw/", {
        "date": "2025-03-05", "exercise_id": "", "words": words, "own_words": own,
        "intensity": "", "body_sensations": "", "text": "",
    })


def test_an_entry_with_dutch_words_stays_valid_after_switching(client_a, user_a) -> None:
    assert _post(client_a, ["kalm", "opgelucht"]).status_code == 302
    entry = DiaryEntry.objects.get(user=user_a)
    user_a.language = "en"
    user_a.save(update_fields=["language"])
    page = client_a.get(f"/dagboek/{entry.pk}/bewerken/").content.decode()
    assert 'value="kalm, opgelucht"' in page  # kept as own words, so saving keeps them
    assert "Which feeling words fit?" in page
    assert _post(client_a, ["calm", "kalm"]).status_code == 302
    assert DiaryEntry.objects.filter(user=user_a).latest("id").words == ["calm", "kalm"]


def test_a_word_from_no_list_is_still_refused_in_english(client_a, user_a) -> None:
    user_a.language = "en"
    user_a.save(update_fields=["language"])
    page = _post(client_a, ["<script>"]).content.decode()
    assert "Choose feeling words from the list." in page


def test_the_reaction_note_is_english(client_a, user_a) -> None:
    user_a.language = "en"
    user_a.save(update_fields=["language"])
    response = client_a.post("/reacties/nieuw/", {"kind": "positive"}, follow=True)
    assert "Noted: reacted positively." in response.content.decode()
