"""The client's side: what is shared with whom, changing it, ending it, who looked."""

from __future__ import annotations

from clinic_personas import share
from verbinding.web.clinic.models import AuditEvent, Sharing


def test_the_sharing_page_shows_each_therapist_and_their_choices(client_a, anna_shares):
    html = client_a.get("/mijn/delen/").content.decode()
    assert "Tineke" in html
    assert f'id="{anna_shares.public_id}-share_diary"' in html
    assert "Nog niemand anders heeft je gegevens bekeken." in html


def test_changing_the_choices_takes_effect_at_once(client_a, tineke_client, anna_shares):
    url = f"/praktijk/clienten/{anna_shares.public_id}/dagboek/"
    assert tineke_client.get(url).status_code == 404
    client_a.post(f"/mijn/delen/{anna_shares.public_id}/", {"share_diary": "1"})
    assert tineke_client.get(url).status_code == 200
    client_a.post(f"/mijn/delen/{anna_shares.public_id}/", {})
    assert tineke_client.get(url).status_code == 404
    anna_shares.refresh_from_db()
    assert not anna_shares.share_profiles


def test_ending_the_sharing_stops_access_on_the_next_request(client_a, tineke_client,
                                                             anna_shares):
    url = f"/praktijk/clienten/{anna_shares.public_id}/"
    assert tineke_client.get(url).status_code == 200
    client_a.post(f"/mijn/delen/{anna_shares.public_id}/stoppen/")
    assert tineke_client.get(url).status_code == 404
    assert Sharing.objects.active().count() == 0
    assert "Je deelt op dit moment met niemand" in client_a.get("/mijn/delen/").content.decode()


def test_someone_else_cannot_change_or_end_my_sharing(client_b, anna_shares) -> None:
    assert client_b.post(f"/mijn/delen/{anna_shares.public_id}/", {}).status_code == 404
    assert client_b.post(f"/mijn/delen/{anna_shares.public_id}/stoppen/").status_code == 404
    anna_shares.refresh_from_db()
    assert anna_shares.share_profiles and anna_shares.ended_at is None


def test_i_see_who_looked_at_my_data(client_a, tineke_client, anna_shares) -> None:
    tineke_client.get(f"/praktijk/clienten/{anna_shares.public_id}/")
    html = client_a.get("/mijn/delen/").content.decode()
    assert "tineke@praktijk.nl" in html
    assert "bekeken: overzichtspagina (profielen, tekenen, reacties, oefenen)" in html
    assert "Tineke (tineke@praktijk.nl)" in html


def test_two_therapists_each_need_their_own_consent(user_a, tineke, otto, otto_client,
                                                    anna_shares):
    url = f"/praktijk/clienten/{anna_shares.public_id}/"
    assert otto_client.get(url).status_code == 404
    own = share(user_a, otto, profiles=False)
    assert otto_client.get(f"/praktijk/clienten/{own.public_id}/").status_code == 200
    assert not AuditEvent.objects.filter(actor=otto, what__contains="profielen").exists()


def test_the_overview_names_the_therapist_and_a_retake_question(client_a, tineke_client,
                                                                anna_shares):
    html = client_a.get("/mijn/").content.decode()
    assert "Je deelt gegevens met Tineke" in html
    tineke_client.post(f"/praktijk/clienten/{anna_shares.public_id}/zelftest/")
    html = client_a.get("/mijn/").content.decode()
    assert "vraagt je de zelftest opnieuw te doen" in html


def test_ending_asks_once_more_first(client_a, anna_shares) -> None:
    page = client_a.get(f"/mijn/delen/{anna_shares.public_id}/stoppen/")
    assert "Stoppen met delen met Tineke?" in page.content.decode()
    anna_shares.refresh_from_db()
    assert anna_shares.ended_at is None


def test_a_retake_question_goes_when_the_sharing_ends(client_a, user_a, tineke_client,
                                                      anna_shares):
    tineke_client.post(f"/praktijk/clienten/{anna_shares.public_id}/zelftest/")
    client_a.post(f"/mijn/delen/{anna_shares.public_id}/stoppen/")
    from verbinding.web.clinic.services import open_retake_requests

    assert open_retake_requests(user_a) == []
