"""What leaves the site outside a page (reminder e-mails, the calendar feed, the welcome
e-mail) speaks the person's own language, and the audit trail's Dutch record is shown in
the reader's language while it stays stored as written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from icalendar import Calendar
from typer.testing import CliRunner

from clinic_personas import share, verified_client
from verbinding.cli import app
from verbinding.web.accounts.models import Role, User
from verbinding.web.clinic import clientpage, services
from verbinding.web.clinic.forms import create_staff, send_welcome
from verbinding.web.clinic.models import AuditEvent
from verbinding.web.reminders.models import ReminderSettings

# Monday 3 March 2025, 08:05 in Amsterdam: the card at 08:00 and practice at 07:55 are due.
NOW = "2025-03-03T08:05:00+01:00"


@pytest.fixture
def site(settings: Any, mailoutbox: list[Any]) -> None:
    """Mail goes to Django's in-memory outbox (`mail.outbox`, the locmem backend)."""
    settings.SITE_URL = "https://verbinding.example.nl"


def _speaks(user: User, language: str) -> User:
    user.language = language
    user.save(update_fields=["language"])
    return user


def _send_reminders() -> Any:
    result = CliRunner().invoke(app, ["send-reminders", "--now", NOW])
    assert result.exit_code == 0, result.output
    return result


# --- reminder e-mails ------------------------------------------------------------------


def test_a_reminder_mail_to_someone_who_chose_english_is_english(site, user_a, user_b) -> None:
    _speaks(user_a, "en")
    for user in (user_a, user_b):
        ReminderSettings.objects.create(
            user=user, email_enabled=True, card_times=["08:00"],
            practice_slots=[{"weekday": 0, "time": "07:55"}],
        )
    result = _send_reminders()
    assert "verstuurd: 4, overgeslagen: 0, mislukt: 0" in result.output  # operators: Dutch
    english = {m.subject: m.body for m in mail.outbox if m.to == ["anna@example.nl"]}
    dutch = {m.subject: m.body for m in mail.outbox if m.to == ["bas@example.nl"]}
    assert sorted(english) == ["A moment for your daily card", "Time for a little practice"]
    card = english["A moment for your daily card"]
    assert card.startswith("Hi Anna,\n\nIt's 08:00: a good moment to read your daily card.")
    assert "https://verbinding.example.nl/dagkaart/" in card
    assert "You can change the times or turn the emails off here: " \
        "https://verbinding.example.nl/herinneringen/" in card
    practice = english["Time for a little practice"]
    assert "It's 07:55: the time you chose to practise." in practice
    for body in english.values():
        assert not {"je", "Hoi", "groet"} & set(body.replace(",", " ").split())
    # Someone who kept Dutch still gets the Dutch mail, and the run leaves no language behind.
    assert sorted(dutch) == ["Een moment voor je dagkaart", "Tijd om even te oefenen"]
    assert "Hoi Bas,\n\nHet is 08:00: een goed moment om even je dagkaart te lezen." in \
        dutch["Een moment voor je dagkaart"]
    assert translation.get_language() in (None, "nl")


# --- the calendar feed -----------------------------------------------------------------


# The feed tests run whole (logins included) at one moment, a Wednesday at noon.
AT_ONE_WEDNESDAY_NOON = pytest.mark.time_machine("2025-03-05 12:00 +01:00", tick=False)


def _feed(client: Client) -> Calendar:
    assert client.post("/herinneringen/", {
        "card_time": ["08:00"], "practice_0": "19:30",
    }).status_code == 302
    reminders = ReminderSettings.objects.get()
    # The calendar app fetches the feed without a cookie or a login.
    response = Client().get(f"/agenda/{reminders.feed_token}.ics")
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


@AT_ONE_WEDNESDAY_NOON
def test_the_calendar_feed_is_english_for_someone_who_chose_english(client_a, user_a) -> None:
    _speaks(user_a, "en")
    events = _feed(client_a).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Practise", "Read the daily card"]
    descriptions = " ".join(str(e["DESCRIPTION"]) for e in events)
    assert "Take a quiet moment to read the signs of secure connection: " in descriptions
    assert "A few minutes of practice with your connection style: " in descriptions
    alarms = [str(a["DESCRIPTION"]) for e in events for a in e.walk("VALARM")]
    assert sorted(alarms) == ["Practise", "Read the daily card"]


@AT_ONE_WEDNESDAY_NOON
def test_the_calendar_feed_stays_dutch_by_default(client_a) -> None:
    events = _feed(client_a).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Dagkaart lezen", "Oefenen"]


# --- the welcome e-mail ----------------------------------------------------------------


def test_a_new_therapist_gets_a_dutch_welcome_even_from_an_english_admin(site, ada) -> None:
    admin = verified_client(_speaks(ada, "en"))
    admin.cookies["taal"] = "en"
    response = admin.post("/praktijk/beheer/", {"email": "nieuw@praktijk.nl", "name": "Noor"})
    assert response.status_code == 302
    (welcome,) = mail.outbox
    assert welcome.subject == "Je account bij Verbindingsstijlen"
    assert welcome.body.startswith("Hallo Noor,\n\nEr is een account voor je gemaakt bij "
                                   "Verbindingsstijlen. Kies hier binnen een dag je wachtwoord:")
    assert "tweestapsverificatie" in welcome.body
    # The administrator's own page speaks English.
    page = admin.get("/praktijk/beheer/").content.decode()
    assert "nieuw@praktijk.nl has been made a therapist." in page


def test_the_welcome_follows_the_new_accounts_language(db, site) -> None:
    user, link = create_staff("en@praktijk.nl", "Sam", Role.THERAPIST)
    send_welcome(_speaks(user, "en"), link)
    (welcome,) = mail.outbox
    assert welcome.subject == "Your account at Verbindingsstijlen"
    assert welcome.body.startswith("Hello Sam,\n\nAn account has been made for you")
    assert "https://verbinding.example.nl/account/" in welcome.body
    assert "two-step verification" in welcome.body


# --- the audit trail -------------------------------------------------------------------


def _event(what: str) -> AuditEvent:
    return AuditEvent(what=what, action=AuditEvent.Action.VIEW)


@pytest.mark.parametrize(("stored", "english"), [
    ("overzichtspagina (profielen, tekenen, reacties, oefenen)",
     "overview page (profiles, signs, reactions, practice)"),
    ("overzichtspagina (reacties)", "overview page (reactions)"),
    ("overzichtspagina (profielen, oefenen)", "overview page (profiles, practice)"),
    ("overzichtspagina (niets gedeeld)", "overview page (nothing shared)"),
    ("dagboek", "diary"),
    ("oefening in het plan van de cliënt gezet: Woorden voor wat je voelt",
     "exercise put in the client's plan: Woorden voor wat je voelt"),
    ("gevraagd de zelftest opnieuw te doen", "asked to take the self-test again"),
    ("rapport van de laatste zelftest van de cliënt (pdf)",
     "report of the client's latest self-test (pdf)"),
    ("uitnodiging gemaakt", "invitation made"),
    ("uitnodiging aangenomen; gedeeld: profielen, dagboek",
     "invitation accepted; shared: profiles, diary"),
    ("keuzes gewijzigd; gedeeld: niets", "choices changed; shared: nothing"),
    ("delen gestopt", "sharing ended"),
    ("account verwijderd", "account deleted"),
    ("ingelogd", "logged in"),
    ("dossier: notities en logboek", "client file: notes and log"),
    ("iets dat we niet kennen", "iets dat we niet kennen"),
])
def test_describe_translates_each_known_description(stored: str, english: str) -> None:
    with translation.override("en"):
        assert services.describe(_event(stored)) == english
    with translation.override("nl"):
        assert services.describe(_event(stored)) == stored


def test_describe_knows_every_part_the_client_page_records(db, user_a, tineke) -> None:
    sharing = share(user_a, tineke)
    recorded = clientpage.shared_parts(sharing)
    assert recorded == "overzichtspagina (profielen, tekenen, reacties, oefenen)"
    with translation.override("en"):
        described = services.describe(_event(recorded))
    assert described == "overview page (profiles, signs, reactions, practice)"
    assert set(clientpage.PART_WORDS.values()) <= set(recorded[18:-1].split(", "))


def test_the_record_stays_dutch_and_the_reader_sees_their_own_language(
    user_a, client_a, tineke
) -> None:
    sharing = share(user_a, tineke)
    therapist = verified_client(_speaks(tineke, "en"))
    base = f"/praktijk/clienten/{sharing.public_id}/"
    assert therapist.get(base).status_code == 200
    assert therapist.post(base + "zelftest/").status_code == 302
    stored = sorted(AuditEvent.objects.filter(actor=tineke, client=user_a)
                    .values_list("what", flat=True))
    assert stored == ["gevraagd de zelftest opnieuw te doen",
                      "overzichtspagina (profielen, tekenen, reacties, oefenen)"]
    dutch = client_a.get("/mijn/delen/").content.decode()
    assert "bekeken: overzichtspagina (profielen, tekenen, reacties, oefenen)" in dutch
    _speaks(user_a, "en")
    english = client_a.get("/mijn/delen/").content.decode()
    assert "viewed: overview page (profiles, signs, reactions, practice)" in english
    assert "changed: asked to take the self-test again" in english


def test_the_csv_export_keeps_the_record_with_a_header_in_the_readers_language(
    user_a, tineke, ada
) -> None:
    services.record(tineke, user_a, AuditEvent.Action.DOWNLOAD, services.REPORT_DOWNLOADED)
    admin = verified_client(_speaks(ada, "en"))
    lines = admin.get("/praktijk/beheer/logboek.csv").content.decode().splitlines()
    assert lines[0] == "time,who,action,what,client"
    # The logins of the people in the test are in the log too; the download is one line.
    assert any(line.endswith(
        ",tineke@praktijk.nl,gedownload,"
        "rapport van de laatste zelftest van de cliënt (pdf),anna@example.nl"
    ) for line in lines[1:])
    log = admin.get("/praktijk/beheer/logboek/").content.decode()
    assert "report of the client&#x27;s latest self-test (pdf)" in log


@pytest.mark.parametrize("stored", [
    "oefening in je plan gezet: Woorden voor wat je voelt",
    "rapport van je laatste zelftest (pdf)",
])
def test_the_clinic_log_speaks_about_the_client_not_to_them(stored: str) -> None:
    # Old lines were written to the client ("je plan"); they read like the new ones now.
    with translation.override("nl"):
        described = services.describe(_event(stored))
    assert "je plan" not in described and "je laatste" not in described
    assert "de cliënt" in described
