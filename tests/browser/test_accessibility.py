"""Every page, at phone and desktop size, in Dutch and in English, against the WCAG 2.2
A and AA rules of axe-core (axe-playwright-python bundles axe; nothing is fetched)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_personas import share, verified_client
from verbinding.web.journal.models import DiaryEntry, Interaction
from web.practice.helpers import start_session, submitted_selftest

from .conftest import VIEWPORTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()

PUBLIC = ["/", "/stijlen/", "/stijlen/veilig/", "/stijlen/chaotisch/", "/lezen/inleiding/1/",
          "/lezen/veilig/2/", "/lezen/veilig/2/pauze/", "/dagkaart/", "/hulp/", "/over/",
          "/bestaat-niet/", "/zelftest/", "/account/inloggen/", "/account/aanmaken/",
          "/account/wachtwoord-vergeten/", "/uitnodiging/onbekend/", "/privacy/"]
CLIENT = ["/mijn/", "/mijn/voortgang/", "/account/", "/account/mijn-gegevens/",
          "/account/verwijderen/", "/oefenen/", "/oefenen/plan/", "/oefenen/gedaan/",
          "/oefenen/ve-dagkaart-lezen/", "/dagboek/", "/dagboek/nieuw/", "/tekenen/",
          "/tekenen/verloop/", "/reacties/", "/herinneringen/", "/mijn/delen/",
          "/account/e-mailadres/", "/account/wachtwoord/"]


def _violations(page) -> list[str]:
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def _browse(browser, live_server, client: Client | None, paths: list[str]) -> Iterator[str]:
    """Visit each path at each size and language; yield one line per violation found."""
    for language in ("nl", "en"):
        for name, size in VIEWPORTS.items():
            context = browser.new_context(viewport=size)
            cookies = [{"name": "taal", "value": language, "url": live_server.url}]
            if client is not None:
                session = client.cookies[settings.SESSION_COOKIE_NAME].value
                cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session,
                                "url": live_server.url})
            context.add_cookies(cookies)
            page = context.new_page()
            for path in paths:
                page.goto(live_server.url + path)
                for problem in _violations(page):
                    yield f"{path} [{language}, {name}] {problem}"
            context.close()


def test_public_pages_meet_wcag_aa(browser, live_server) -> None:
    problems = list(_browse(browser, live_server, None, PUBLIC))
    assert not problems, "\n".join(problems)


def test_a_clients_pages_meet_wcag_aa(browser, live_server, user_a, tineke) -> None:
    submitted_selftest(user_a, {"angstig"}, ["moeder"])
    selftest = submitted_selftest(user_a, {"veilig"}, ["moeder"])
    share(user_a, tineke)
    DiaryEntry.objects.create(user=user_a, text="Een rustige dag", intensity=3)
    Interaction.objects.create(user=user_a, kind="positive")
    client = Client()
    client.force_login(user_a)
    session = start_session(client, "ch-stop-oefening")
    words = start_session(client, "vm-gevoelswoorden")
    paths = [*CLIENT, f"/zelftest/{selftest.public_id}/uitslag/",
             f"/oefenen/sessie/{session}/voor/", f"/oefenen/sessie/{session}/oefening/",
             f"/oefenen/sessie/{words}/oefening/"]
    problems = list(_browse(browser, live_server, client, paths))
    assert not problems, "\n".join(problems)


def test_the_second_login_step_pages_meet_wcag_aa(browser, live_server, user_a, user_b) -> None:
    """Turning it on (Bas has it off), its status and turning off (Anna has it on), and the
    code page of a login that gave only the password."""
    TOTPDevice.objects.create(user=user_a, name="app", confirmed=True)
    held = Client()
    held.force_login(user_a)
    off = Client()
    off.force_login(user_b)
    problems = [
        *_browse(browser, live_server, off,
                 ["/account/tweestaps/", "/account/tweestaps/aanzetten/"]),
        *_browse(browser, live_server, verified_client(user_a),
                 ["/account/tweestaps/", "/account/tweestaps/uitzetten/"]),
        *_browse(browser, live_server, held, ["/account/inloggen/code/"]),
    ]
    assert not problems, "\n".join(problems)


def test_the_self_test_screens_meet_wcag_aa(browser, live_server, user_a) -> None:
    client = Client()
    client.force_login(user_a)
    base = client.post("/zelftest/", {"targets": ["persoon"], "person_name": "Jo"})["Location"]
    paths = [base, f"{base}vragen/1/", f"{base}pauze/4/", f"{base}afronden/"]
    problems = list(_browse(browser, live_server, client, paths))
    assert not problems, "\n".join(problems)


def test_the_practice_side_meets_wcag_aa(browser, live_server, user_a, tineke, ada) -> None:
    submitted_selftest(user_a, {"chaotisch"})
    sharing = share(user_a, tineke, diary=True)
    DiaryEntry.objects.create(user=user_a, text="Een rustige dag")
    client_page = f"/praktijk/clienten/{sharing.public_id}/"
    therapist = [
        "/praktijk/", "/praktijk/uitnodigingen/", client_page, client_page + "dagboek/",
        "/praktijk/herstelcodes/", f"/mijn/delen/{sharing.public_id}/stoppen/",
    ]
    problems = list(_browse(browser, live_server, verified_client(tineke), therapist))
    admin = ["/praktijk/beheer/", "/praktijk/beheer/vragenlijsten/", "/praktijk/beheer/logboek/"]
    problems += _browse(browser, live_server, verified_client(ada), admin)
    assert not problems, "\n".join(problems)
