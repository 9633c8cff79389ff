"""What a therapist sees of a client, and what they can do there."""

from __future__ import annotations

import io

from pypdf import PdfReader

from clinic_personas import share
from rawdb import database_bytes
from verbinding.web.accounts import datarights
from verbinding.web.clinic import services as clinic
from verbinding.web.clinic.models import AuditEvent, RetakeRequest, TherapistNote
from verbinding.web.journal.models import DiaryEntry, Interaction
from verbinding.web.practice.models import PlanItem, Source
from web.practice.helpers import submitted_selftest


def _page(client, sharing) -> str:
    response = client.get(f"/praktijk/clienten/{sharing.public_id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_profiles_over_time_with_reliable_change(tineke_client, user_a, anna_shares):
    submitted_selftest(user_a, {"angstig"}, ["moeder"])
    submitted_selftest(user_a, {"veilig"}, ["moeder"])
    html = _page(tineke_client, anna_shares)
    assert "Gemiddelde score per stijl per zelftest" in html
    assert "Moeder: angst, vermijding en verwarring" in html
    assert "Laatste herhaling" in html
    assert "betrouwbaar" in html


def test_it_shows_only_what_the_client_shares(tineke_client, user_a, tineke):
    sharing = share(user_a, tineke, profiles=False, signs=False, reactions=True, practice=False)
    submitted_selftest(user_a, {"angstig"})
    Interaction.objects.create(user=user_a, kind="positive")
    html = _page(tineke_client, sharing)
    assert 'id="reacties"' in html
    for hidden in ('id="profielen"', 'id="tekenen"', 'id="oefenen"', "/dagboek/"):
        assert hidden not in html
    assert tineke_client.get(f"/praktijk/clienten/{sharing.public_id}/rapport.pdf").status_code \
        == 404
    event = AuditEvent.objects.get(client=user_a, actor=tineke)
    assert event.what == "overzichtspagina (reacties)"


def test_the_diary_is_readable_only_when_shared(tineke_client, user_a, tineke):
    DiaryEntry.objects.create(user=user_a, text="Ik durfde nee te zeggen")
    sharing = share(user_a, tineke, diary=True)
    response = tineke_client.get(f"/praktijk/clienten/{sharing.public_id}/dagboek/")
    assert "Ik durfde nee te zeggen" in response.content.decode()
    assert AuditEvent.objects.filter(client=user_a, what="dagboek").count() == 1


def test_an_assigned_exercise_appears_in_the_clients_plan(tineke_client, client_a, user_a,
                                                          anna_shares):
    response = tineke_client.post(f"/praktijk/clienten/{anna_shares.public_id}/oefening/",
                                  {"exercise": "vm-gevoelswoorden"})
    assert response.status_code == 302
    item = PlanItem.objects.get(user=user_a)
    assert item.source == Source.THERAPIST
    assert "van je therapeut" in client_a.get("/oefenen/plan/").content.decode()
    assert AuditEvent.objects.filter(action="change", client=user_a).exists()


def test_a_made_up_exercise_is_refused_and_changes_nothing(tineke_client, anna_shares):
    response = tineke_client.post(f"/praktijk/clienten/{anna_shares.public_id}/oefening/",
                                  {"exercise": "<script>"}, follow=True)
    assert "Kies een oefening uit de lijst." in response.content.decode()
    assert not PlanItem.objects.exists()


def test_asking_for_a_retake_reaches_the_client(tineke_client, user_a, anna_shares):
    tineke_client.post(f"/praktijk/clienten/{anna_shares.public_id}/zelftest/")
    assert RetakeRequest.objects.filter(client=user_a).count() == 1


def test_notes_are_private_and_encrypted_at_rest(tineke_client, client_a, user_a, anna_shares,
                                                 transactional_db):
    secret = "Vermoedt-oud-verlies-rond-vader"
    tineke_client.post(f"/praktijk/clienten/{anna_shares.public_id}/notities/", {"text": secret})
    assert TherapistNote.objects.get().text == secret
    assert secret.encode() not in database_bytes()
    assert secret in _page(tineke_client, anna_shares)
    for path in ("/mijn/", "/mijn/delen/", "/account/mijn-gegevens.json"):
        assert secret not in client_a.get(path).content.decode()
    assert secret in datarights.export_json(anna_shares.therapist).decode()


def test_an_empty_note_is_refused(tineke_client, anna_shares):
    response = tineke_client.post(f"/praktijk/clienten/{anna_shares.public_id}/notities/",
                                  {"text": "   "}, follow=True)
    assert "Schrijf eerst iets op." in response.content.decode()
    assert not TherapistNote.objects.exists()


def test_another_therapists_notes_stay_hidden(tineke_client, otto, user_a, anna_shares):
    other = share(user_a, otto)
    TherapistNote.objects.create(therapist=otto, text="Otto-zijn-notitie",
                                 client_record=clinic.client_record_for(otto, user_a))
    assert "Otto-zijn-notitie" not in _page(tineke_client, anna_shares)
    assert other.public_id != anna_shares.public_id


def test_the_report_for_the_file_is_a_real_pdf_and_logged(tineke_client, user_a, anna_shares):
    submitted_selftest(user_a, {"veilig"})
    response = tineke_client.get(f"/praktijk/clienten/{anna_shares.public_id}/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "verbinding" in text.lower()
    assert AuditEvent.objects.filter(action="download", client=user_a).count() == 1


def test_without_a_self_test_the_report_link_explains(tineke_client, anna_shares):
    response = tineke_client.get(f"/praktijk/clienten/{anna_shares.public_id}/rapport.pdf",
                                 follow=True)
    assert "nog geen zelftest" in response.content.decode()


def test_the_profile_chart_speaks_the_therapists_language_and_fits_a_phone(
    tineke_client, user_a, anna_shares
):
    """Anna took her test in Dutch; her therapist reads the page in English. The chart is
    drawn in the reader's language, wide and for a phone, as on the person's own pages."""
    submitted_selftest(user_a, {"angstig"}, ["moeder"])
    tineke_client.cookies["taal"] = "en"
    html = _page(tineke_client, anna_shares)
    chart = html[html.index('<figure class="chart">'):]
    chart = chart[: chart.index("</figure>")]
    assert 'class="for-wide"' in chart and 'class="for-phone"' in chart
    assert "Anxious" in chart and "Angstig" not in chart
