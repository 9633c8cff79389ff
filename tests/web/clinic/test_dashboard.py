"""The therapist's dashboard: one page of clients, their small profiles and signals.

A full caseload (1,000 clients with 12 self-tests each) costs a fixed, small number of
queries per page; the signals are checked on real self-tests taken through the browser
flow, at moments set with time-machine.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from clinic_personas import share
from conftest import PASSWORD
from verbinding.web.accounts.models import User
from verbinding.web.clinic.caseload import make_caseload
from web.selftest_helpers import answer_all, leaning, start

QUIET = "14 dagen niets gedaan"
WORSE = "betrouwbaar slechter bij herhaling"
CHAOTIC = "chaotisch of verwarring hoog"
MAX_QUERIES = 12


def rows(html: str) -> list[str]:
    """The table's client rows, as HTML."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return re.findall(r"<tr>.*?</tr>", body.group(1), re.S) if body else []


def row_of(html: str, email: str) -> str:
    found = [row for row in rows(html) if email in row]
    assert len(found) == 1, f"{email} is not shown once on the dashboard"
    return found[0]


def dashboard(client: Client, query: str = "") -> str:
    response = client.get("/praktijk/" + query)
    assert response.status_code == 200
    return response.content.decode()


def person(email: str, name: str) -> User:
    return User.objects.create_user(email, PASSWORD, display_name=name)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def take(user: User, high: set[str], days_ago: float) -> None:
    """`user` takes and finishes the self-test (styles, 'in het algemeen') `days_ago`."""
    client = logged_in(user)
    with time_machine.travel(timezone.now() - dt.timedelta(days=days_ago), tick=False):
        selftest = start(client, [])
        answer_all(client, selftest, leaning(high))
        response = client.post(f"/zelftest/{selftest.public_id}/afronden/")
        assert response.status_code == 302, response.content.decode()[:500]


# --- scale ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_full_caseload_renders_within_twelve_queries(
    tineke, tineke_client, django_assert_max_num_queries
):
    make_caseload(tineke, clients=1000, results_per_client=12)

    with django_assert_max_num_queries(MAX_QUERIES):
        html = dashboard(tineke_client)
    assert len(rows(html)) == 25
    assert "Pagina 1 van 40 (1000 cliënten)" in html
    assert html.count('class="mini-profile"') == 25

    with django_assert_max_num_queries(MAX_QUERIES):
        html = dashboard(tineke_client, "?pagina=2")
    assert len(rows(html)) == 25
    assert "Pagina 2 van 40" in html

    with django_assert_max_num_queries(MAX_QUERIES):
        html = dashboard(tineke_client, "?zoek=Anna")
    assert len(rows(html)) == 25
    assert "Pagina 1 van 4 (100 cliënten)" in html  # every twentieth is Anna, and Hanna
    assert all(re.search(r">H?anna \d+</a>", row, re.I) for row in rows(html))


# --- signals --------------------------------------------------------------------------


def test_a_client_with_nothing_shared_for_fourteen_days_is_flagged(tineke, tineke_client):
    ago_20 = timezone.now() - dt.timedelta(days=20)
    quiet, busy, silent, new = (
        person(f"{n}@example.nl", n.capitalize()) for n in ("stil", "bezig", "niets", "nieuw")
    )
    with time_machine.travel(ago_20, tick=False):
        for user in (quiet, busy, silent):
            share(user, tineke)
    share(new, tineke)
    take(quiet, set(), days_ago=15)
    take(busy, set(), days_ago=13)

    html = dashboard(tineke_client)
    assert QUIET in row_of(html, "stil@example.nl")
    assert QUIET in row_of(html, "niets@example.nl")  # shared 20 days ago, never active
    assert "nog niets" in row_of(html, "niets@example.nl")
    assert QUIET not in row_of(html, "bezig@example.nl")
    assert QUIET not in row_of(html, "nieuw@example.nl")  # only just started sharing
    assert "geen" in row_of(html, "nieuw@example.nl")


def test_a_reliably_worse_retake_is_flagged(tineke, tineke_client, user_a, user_b):
    share(user_a, tineke)
    share(user_b, tineke)
    take(user_a, {"veilig"}, days_ago=10)
    take(user_a, {"angstig", "angst"}, days_ago=2)  # veilig 6 → 2, angstig 2 → 6
    take(user_b, {"angstig", "angst"}, days_ago=10)
    take(user_b, {"veilig"}, days_ago=2)  # the other way round: reliably better

    html = dashboard(tineke_client)
    assert WORSE in row_of(html, "anna@example.nl")
    assert WORSE not in row_of(html, "bas@example.nl")
    assert CHAOTIC not in row_of(html, "anna@example.nl")


def test_a_single_self_test_is_no_retake(tineke, tineke_client, user_a):
    share(user_a, tineke)
    take(user_a, {"angstig"}, days_ago=2)

    row = row_of(dashboard(tineke_client), "anna@example.nl")
    assert WORSE not in row
    assert "angstig 6,0" in row  # the latest profile, also as text


def test_a_high_chaotic_score_is_flagged(tineke, tineke_client, user_a, user_b):
    share(user_a, tineke)
    share(user_b, tineke)
    take(user_a, {"chaotisch"}, days_ago=1)
    take(user_b, {"veilig"}, days_ago=1)

    html = dashboard(tineke_client)
    anna = row_of(html, "anna@example.nl")
    assert CHAOTIC in anna
    assert "chaotisch 6,0" in anna
    assert CHAOTIC not in row_of(html, "bas@example.nl")
    assert "geen" in row_of(html, "bas@example.nl")


def test_high_confusion_in_relationships_is_flagged(tineke, tineke_client, user_a):
    share(user_a, tineke)
    take(user_a, {"desorganisatie"}, days_ago=1)  # chaotisch itself stays low

    row = row_of(dashboard(tineke_client), "anna@example.nl")
    assert "chaotisch 2,0" in row
    assert CHAOTIC in row


def test_without_shared_profiles_no_scores_or_profile_signals_show(tineke, tineke_client, user_a):
    share(user_a, tineke, profiles=False)
    take(user_a, {"veilig"}, days_ago=10)
    take(user_a, {"chaotisch"}, days_ago=2)  # worse and chaotic, but not shared

    row = row_of(dashboard(tineke_client), "anna@example.nl")
    assert "niet gedeeld" in row
    assert "mini-profile" not in row and "chaotisch 6" not in row
    assert WORSE not in row and CHAOTIC not in row
    assert "nog niets" in row  # the self-tests are not shared activity either


def test_a_client_without_a_self_test_has_no_profile_yet(tineke, tineke_client, user_a):
    share(user_a, tineke)
    row = row_of(dashboard(tineke_client), "anna@example.nl")
    assert "nog geen zelftest" in row and "mini-profile" not in row


# --- paging, search, who sees whom ----------------------------------------------------


def test_a_long_list_is_shown_in_pages_of_twenty_five(tineke, tineke_client):
    make_caseload(tineke, clients=26, results_per_client=1)

    first = dashboard(tineke_client)
    assert len(rows(first)) == 25
    assert "Pagina 1 van 2 (26 cliënten)" in first
    assert "?pagina=2" in first and "Volgende" in first and "Vorige" not in first

    second = dashboard(tineke_client, "?pagina=2")
    assert len(rows(second)) == 1
    assert "Pagina 2 van 2 (26 cliënten)" in second
    assert "?pagina=1" in second and "Vorige" in second and "Volgende" not in second

    assert len(rows(dashboard(tineke_client, "?pagina=99"))) == 1  # the last page
    assert len(rows(dashboard(tineke_client, "?pagina=nee"))) == 25  # the first page


def test_a_short_list_has_no_pager(tineke, tineke_client, user_a):
    share(user_a, tineke)
    html = dashboard(tineke_client)
    assert len(rows(html)) == 1
    assert "Pagina " not in html


def test_search_finds_clients_by_name_and_by_email(tineke, tineke_client, user_a, user_b):
    share(user_a, tineke)
    share(user_b, tineke)

    by_name = dashboard(tineke_client, "?zoek=aNN")
    assert [("anna@example.nl" in r, "bas@example.nl" in r) for r in rows(by_name)] == [
        (True, False)
    ]
    by_email = dashboard(tineke_client, "?zoek=BAS@example")
    assert len(rows(by_email)) == 1 and "bas@example.nl" in rows(by_email)[0]
    assert len(rows(dashboard(tineke_client, "?zoek=example.nl"))) == 2

    nobody = dashboard(tineke_client, "?zoek=Zoë")
    assert rows(nobody) == []
    assert "Niemand gevonden met “Zoë”" in nobody


def test_search_keeps_its_words_across_pages(tineke, tineke_client):
    make_caseload(tineke, clients=540, results_per_client=1)  # 27 of them called Bram

    html = dashboard(tineke_client, "?zoek=Bram")
    assert "Pagina 1 van 2 (27 cliënten)" in html
    assert "?zoek=Bram&amp;pagina=2" in html
    second = dashboard(tineke_client, "?zoek=Bram&pagina=2")
    assert len(rows(second)) == 2
    assert all(">Bram " in row for row in rows(second))


def test_a_therapist_never_sees_another_therapists_clients(
    tineke, otto, tineke_client, otto_client, user_a, user_b
):
    share(user_a, tineke)
    share(user_b, otto)
    take(user_b, {"chaotisch"}, days_ago=1)

    tinekes = dashboard(tineke_client)
    assert "anna@example.nl" in tinekes
    assert "bas@example.nl" not in tinekes and "Bas" not in tinekes
    assert len(rows(tinekes)) == 1
    assert rows(dashboard(tineke_client, "?zoek=bas")) == []

    ottos = dashboard(otto_client)
    assert "bas@example.nl" in ottos and "anna@example.nl" not in ottos
    assert len(rows(ottos)) == 1


def test_an_ended_sharing_leaves_the_list(tineke, tineke_client, user_a):
    sharing = share(user_a, tineke)
    sharing.ended_at = timezone.now()
    sharing.save()
    assert rows(dashboard(tineke_client)) == []


def _raw_display_name(user: User) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT display_name FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def test_a_display_name_is_encrypted_at_rest_and_the_dashboard_still_finds_and_sorts_it(
    tineke, tineke_client, user_a, user_b
):
    user_b.display_name = "Bea"
    user_b.save()
    user_a.display_name = "Zoë Achterberg"
    user_a.save()
    share(user_a, tineke)
    share(user_b, tineke)
    assert _raw_display_name(user_a).startswith("enc1:")
    assert "Zoë" not in _raw_display_name(user_a)

    assert [("Zoë" in r) for r in rows(dashboard(tineke_client, "?zoek=zoË"))] == [True]
    listed = rows(dashboard(tineke_client))
    assert ["Bea" in r for r in listed] == [True, False]  # by name, not by e-mail address
