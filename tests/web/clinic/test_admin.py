"""The clinic administrator: therapists, the clinic-level questionnaire check, the log."""

from __future__ import annotations

import csv
import io
import random
import re

from django.core import mail
from typer.testing import CliRunner

from clinic_personas import share, staff
from verbinding.cli import app
from verbinding.measure.instrument import get_instrument
from verbinding.web.accounts.models import Role, User
from verbinding.web.assessments import layout, services
from verbinding.web.clinic import instrumentcheck
from verbinding.web.clinic import services as clinic

runner = CliRunner()


def test_the_admin_creates_a_therapist_who_gets_a_password_link(ada_client) -> None:
    response = ada_client.post("/praktijk/beheer/", {"email": "Nieuw@Praktijk.nl", "name": "Nel"})
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@praktijk.nl")
    assert user.role == Role.THERAPIST
    assert len(mail.outbox) == 1
    assert "/account/nieuw-wachtwoord/" in mail.outbox[0].body
    assert "tweestapsverificatie" in mail.outbox[0].body


def test_an_existing_address_is_refused_with_a_clear_message(ada_client, user_a) -> None:
    response = ada_client.post("/praktijk/beheer/", {"email": user_a.email})
    assert response.status_code == 400
    assert "Er is al een account met dit e-mailadres." in response.content.decode()
    assert User.objects.get(email=user_a.email).role == Role.CLIENT


def test_create_therapist_on_the_command_line(db) -> None:
    result = runner.invoke(app, ["create-therapist", "Kees@Praktijk.nl", "--name", "Kees",
                                 "--no-send"])
    assert result.exit_code == 0, result.output
    assert "/account/nieuw-wachtwoord/" in result.output
    assert User.objects.get(email="kees@praktijk.nl").role == Role.THERAPIST
    again = runner.invoke(app, ["create-therapist", "kees@praktijk.nl"])
    assert again.exit_code == 1
    assert "Er is al een account" in again.output
    admin = runner.invoke(app, ["create-therapist", "beheer@praktijk.nl", "--admin", "--no-send"])
    assert admin.exit_code == 0
    assert User.objects.get(email="beheer@praktijk.nl").role == Role.ADMIN


def test_create_therapist_help_is_complete() -> None:
    result = runner.invoke(app, ["create-therapist", "--help"])
    assert result.exit_code == 0
    for option in ("--name", "--admin", "--send"):
        assert option in result.output


def _answered_selftest(user: User, rng: random.Random) -> None:
    """Someone with their own level on each scale, answering with some noise."""
    selftest, _ = services.start_selftest([], "", owner=user)
    parts = {a.position: a for a in selftest.assessments.all()}
    levels: dict[str, int] = {}
    for screen in layout.build_screens(services.parts_of(selftest)):
        for q in screen.questions:
            instrument = get_instrument(parts[q.position].instrument_id)
            scale = next(s.id for s in instrument.scales if q.item_id in s.items)
            level = levels.setdefault(scale, rng.randint(2, 6))
            value = max(1, min(7, level + rng.randint(-1, 1)))
            if instrument.item(q.item_id).reverse:
                value = 8 - value
            services.save_answer(parts[q.position], q.item_id, value)
    services.submit_selftest(selftest)


def _consenting_clients(therapist: User, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    for n in range(count):
        person = User.objects.create_user(f"c{n}@example.nl", "x" * 12)
        share(person, therapist)
        _answered_selftest(person, rng)


def test_below_twenty_people_the_check_shows_no_figures(ada_client, tineke) -> None:
    _consenting_clients(tineke, 19)
    html = ada_client.get("/praktijk/beheer/vragenlijsten/").content.decode()
    assert "Nog te weinig mensen: 19 van de 20" in html
    assert "Alfa (95 %)" not in html


def test_from_twenty_people_reliability_and_items_are_shown(ada_client, tineke, otto) -> None:
    _consenting_clients(tineke, 20)
    person = User.objects.get(email="c0@example.nl")
    share(person, otto)  # one person counts once, however many therapists
    checks = instrumentcheck.clinic_checks()
    assert [c.n for c in checks] == [20, 20]
    styles = checks[0].analysis
    assert styles is not None and 0 < styles.scales["veilig"].alpha <= 1
    html = ada_client.get("/praktijk/beheer/vragenlijsten/").content.decode()
    assert "Alfa (95 %)" in html
    assert "c0@example.nl" not in html  # aggregates only


def test_clients_who_do_not_share_profiles_are_left_out(tineke) -> None:
    person = User.objects.create_user("geen@example.nl", "x" * 12)
    share(person, tineke, profiles=False)
    _answered_selftest(person, random.Random(1))
    assert instrumentcheck.consenting_clients() == set()


def test_the_admin_reads_and_exports_the_audit_log(ada_client, tineke, user_a) -> None:
    clinic.record(tineke, user_a, "view", "cliëntpagina (profiles)")
    html = ada_client.get("/praktijk/beheer/logboek/").content.decode()
    assert "tineke@praktijk.nl" in html and "anna@example.nl" in html
    response = ada_client.get("/praktijk/beheer/logboek.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["tijdstip", "wie", "actie", "wat", "cliënt"]
    assert rows[1][1:] == ["tineke@praktijk.nl", "bekeken", "cliëntpagina (profiles)",
                           "anna@example.nl"]


def test_the_admin_sees_no_client_pages(ada_client, anna_shares) -> None:
    assert ada_client.get(f"/praktijk/clienten/{anna_shares.public_id}/").status_code == 404
    assert ada_client.get("/praktijk/").status_code == 302  # to the admin's own page


def test_a_therapist_is_not_an_administrator(tineke_client) -> None:
    for path in ("/praktijk/beheer/", "/praktijk/beheer/vragenlijsten/",
                 "/praktijk/beheer/logboek/", "/praktijk/beheer/logboek.csv"):
        assert tineke_client.get(path).status_code == 404, path


def test_the_audit_log_survives_a_removed_therapist(tineke, user_a) -> None:
    other = staff("weg@praktijk.nl", "Weg")
    clinic.record(other, user_a, "view", "dagboek")
    other.delete()
    event = user_a.audit_events.get()
    assert event.actor is None and event.actor_email == "weg@praktijk.nl"


def test_the_audit_csv_neutralises_spreadsheet_formulas(ada_client, tineke) -> None:
    evil = User.objects.create_user("=cmd|'/ccalc'!a456@example.nl", "x" * 12)
    clinic.record(tineke, evil, "view", "+SUM(1,2)")
    response = ada_client.get("/praktijk/beheer/logboek.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][3:] == ["'+SUM(1,2)", "'=cmd|'/ccalc'!a456@example.nl"]
def _figures(ada_client) -> list[str]:
    """The tables of figures on the questionnaire check, as the administrator sees them."""
    html = ada_client.get("/praktijk/beheer/vragenlijsten/").content.decode()
    return re.findall(r"<table.*?</table>", html, re.S)


def test_the_clinic_figures_do_not_give_away_one_newcomer(ada_client, tineke) -> None:
    """The attack: look at n = 21, let one more person join (the audit log says who), look
    again, and subtract. The figures must not have moved, so there is nothing to subtract;
    they move only once ten new people are in, and then say nothing about any one of them."""
    _consenting_clients(tineke, 21)
    at_21 = _figures(ada_client)
    assert at_21, "from twenty people on, figures are shown"
    newcomer = User.objects.create_user("nieuw@example.nl", "x" * 12)
    share(newcomer, tineke)
    _answered_selftest(newcomer, random.Random(99))
    assert _figures(ada_client) == at_21
    assert [c.n for c in instrumentcheck.clinic_checks()] == [22, 22]
    for n in range(instrumentcheck.NEW_FOR_REFRESH - 2):  # nine new in all: still the same
        person = User.objects.create_user(f"later{n}@example.nl", "x" * 12)
        share(person, tineke)
        _answered_selftest(person, random.Random(100 + n))
    assert _figures(ada_client) == at_21
    last = User.objects.create_user("tiende@example.nl", "x" * 12)
    share(last, tineke)
    _answered_selftest(last, random.Random(7))
    assert _figures(ada_client) != at_21  # ten new: a new snapshot


def test_the_clinic_figures_show_means_to_one_decimal(ada_client, tineke) -> None:
    _consenting_clients(tineke, 20)
    means = [row[2] for table in _figures(ada_client)[:1]
             for row in re.findall(r"<tr>(<th[^>]*>.*?</th>)<td[^>]*>(\d+)</td>"
                                   r"<td[^>]*>([^<]*)</td>", table)]
    assert means and all(re.fullmatch(r"\d+,\d", mean) for mean in means), means
