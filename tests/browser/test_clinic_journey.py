"""The practice in a real browser: a therapist sets up two-factor login, invites a client,
the client agrees to share, the therapist helps, and the client ends the sharing.
The practice administrator's pages get their own pass.
"""

from __future__ import annotations

import base64
import os
import random
import re
import time
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from verbinding.measure.instrument import get_instrument
from verbinding.web.accounts.models import Role, User
from verbinding.web.assessments import targets
from verbinding.web.assessments.models import Answer, Assessment, SelfTest, hash_token, new_token
from verbinding.web.clinic import clientpage, services
from verbinding.web.clinic.forms import create_staff
from verbinding.web.clinic.instrumentcheck import MIN_RESPONDENTS
from verbinding.web.clinic.models import (
    AuditEvent,
    Invitation,
    RetakeRequest,
    Sharing,
    TherapistNote,
)
from verbinding.web.practice.models import PlanItem, Source
from web.selftest_helpers import answer_all, leaning, start

from .conftest import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rustig-ademhalen-42"
THERAPIST = "tineke@praktijk.nl"
ADMIN = "ada@praktijk.nl"
CLIENT = "anna@example.nl"


def staff_member(email: str, name: str, role: str = Role.THERAPIST) -> User:
    user, link = create_staff(email, name, role=role)
    assert link.startswith("/account/")
    user.set_password(PASSWORD)
    user.save()
    return user


def totp_code(user: User) -> str:
    """The code the authenticator app shows now; one the server has not accepted yet.

    A code works once per 30-second step; when the step was used already (a second login
    within the same half minute), the next step's code is accepted too (tolerance 1)."""
    device = TOTPDevice.objects.get(user=user)
    now_t = int((time.time() - device.t0) // device.step)
    drift = max(0, device.last_t + 1 - now_t)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def shoot_top(page, name: str) -> None:
    """Only what fits on the first screen, as a person first sees the page."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=str(Path(folder) / f"{name}.{width}.png"))


def log_in(page, url: str, email: str) -> None:
    page.goto(url + "/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()


def set_up_two_factor(page, user: User, prefix: str) -> list[str]:
    """First login of a staff member: scan (here: read) the key, give a code, get codes."""
    page.get_by_role("heading", name="Tweestapsverificatie instellen").wait_for()
    assert "/praktijk/tweestaps/" in page.url
    assert page.locator(".qr svg").is_visible()
    shoot(page, f"{prefix}-tweestaps-instellen")
    key = page.locator("code.key").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(key + "=" * (-len(key) % 8)) == device.bin_key

    page.get_by_label("Code uit de app").fill(totp_code(user))
    page.get_by_role("button", name="Bevestig").click()
    page.get_by_role("heading", name="Je herstelcodes").wait_for()
    assert "tweestapsverificatie staat aan" in page.inner_text("main")
    codes = page.locator("ul.codes code").all_inner_texts()
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    shoot(page, f"{prefix}-herstelcodes-eerste-keer")
    return codes


def submitted_selftest(user: User) -> SelfTest:
    """Anna did the self-test (with her partner) before her therapist invited her."""
    client = Client()
    client.force_login(user)
    selftest = start(client, ["partner"])
    answer_all(client, selftest, leaning({"angstig"}))
    response = client.post(f"/zelftest/{selftest.public_id}/afronden/")
    assert response.status_code == 302
    selftest.refresh_from_db()
    assert selftest.submitted_at is not None
    return selftest


def test_a_therapist_and_a_client_from_invitation_to_the_end(
    browser, live_server, viewport
) -> None:
    url = live_server.url
    tineke = staff_member(THERAPIST, "Tineke")
    anna = User.objects.create_user(CLIENT, PASSWORD, display_name="Anna")
    # d. Anna has done the self-test already (through Django's client: quicker).
    submitted_selftest(anna)

    # a. First login: the password, then setting up the authenticator app.
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    log_in(page, url, THERAPIST)
    set_up_two_factor(page, tineke, "praktijk")
    with page.expect_navigation():
        page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()
    assert "/praktijk/tweestaps/" not in page.url
    # "Ga verder" leads to Mijn overzicht (the login's default); the menu has Praktijk.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Praktijk").click()
    page.get_by_role("heading", name="Je cliënten").wait_for()
    assert "Nog geen cliënten" in page.inner_text("main")
    shoot(page, "praktijk-dashboard-leeg")

    # Log out and in again: now the app's code is asked, not the set-up.
    page.goto(url + "/account/")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()
    log_in(page, url, THERAPIST)
    page.get_by_role("heading", name="Je code").wait_for()
    shoot(page, "praktijk-tweestaps-code")
    page.get_by_label("Code", exact=True).fill(totp_code(tineke))
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert "/praktijk/tweestaps/" not in page.url

    page.goto(url + "/praktijk/herstelcodes/")
    page.get_by_role("heading", name="Herstelcodes").wait_for()
    assert "10" in page.locator("main strong").first.inner_text()
    shoot(page, "praktijk-herstelcodes-status")

    # b. An invitation, with a link to copy.
    page.goto(url + "/praktijk/uitnodigingen/")
    page.get_by_label("Naam of kenmerk (alleen voor jou)").fill("Anna, groep dinsdag")
    page.get_by_role("button", name="Maak een uitnodiging").click()
    page.get_by_role("heading", name="Je nieuwe uitnodiging").wait_for()
    link = page.locator("#invite-link").input_value()
    assert re.fullmatch(re.escape(url) + r"/uitnodiging/[A-Za-z0-9_-]+/", link), link
    assert "Anna, groep dinsdag" in page.locator("table").inner_text()
    shoot(page, "praktijk-uitnodiging-nieuw")

    # c. Anna opens the link in her own browser, logs in and chooses what to share.
    anna_context = browser.new_context(viewport=viewport)
    anna_page = anna_context.new_page()
    anna_page.goto(link)
    anna_page.get_by_role("heading", name="Je bent uitgenodigd door Tineke").wait_for()
    shoot(anna_page, "uitnodiging-inloggen")
    anna_page.get_by_role("link", name="Log dan in").click()
    anna_page.get_by_label("E-mailadres").fill(CLIENT)
    anna_page.get_by_label("Wachtwoord").fill(PASSWORD)
    with anna_page.expect_navigation():
        anna_page.get_by_role("button", name="Inloggen").click()
    anna_page.get_by_role("heading", name="Tineke wil met je meekijken").wait_for()
    diary = anna_page.get_by_label("Je dagboek")
    assert not diary.is_checked()
    assert anna_page.get_by_label("Profielen en herhalingen van de zelftest").is_checked()
    shoot(anna_page, "uitnodiging-toestemming")
    anna_page.get_by_role("button", name="Ik ga akkoord en deel dit").click()
    anna_page.get_by_role("heading", name="Delen met je therapeut").wait_for()
    assert anna_page.url == url + "/mijn/delen/"
    assert "Je deelt nu gegevens met Tineke" in anna_page.inner_text("main")
    sharing = Sharing.objects.get(client=anna, therapist=tineke, ended_at=None)
    assert (sharing.share_profiles, sharing.share_practice, sharing.share_diary) == (
        True, True, False,
    )
    assert Invitation.objects.get().used_by == anna

    # The link works once: opened again, it says so kindly.
    anna_page.goto(link)
    anna_page.get_by_role("heading", name="Deze uitnodiging werkt niet").wait_for()
    assert "al gebruikt" in anna_page.inner_text("main")
    shoot(anna_page, "uitnodiging-probleem")

    # e. Tineke sees Anna, opens her page, gives an exercise, writes a note, asks a retake.
    page.goto(url + "/praktijk/")
    row = page.locator("table.clients tbody tr").filter(has_text="Anna")
    assert row.count() == 1
    assert row.locator("svg").count() == 1  # the small profile
    shoot(page, "praktijk-dashboard-met-client")
    row.get_by_role("link", name="Anna").click()
    page.get_by_role("heading", name="Anna", exact=True).wait_for()
    assert page.get_by_role("heading", name="Profielen").is_visible()
    shoot_top(page, "praktijk-client-boven")
    shoot(page, "praktijk-client")

    exercise_id = page.locator("#exercise option:not([value=''])").first.get_attribute("value")
    assert exercise_id
    page.select_option("#exercise", exercise_id)
    page.get_by_role("button", name="In het plan zetten").click()
    page.get_by_text("De oefening staat nu in het plan van je cliënt.").wait_for()
    item = PlanItem.objects.get(user=anna, exercise_id=exercise_id)
    assert (item.source, item.active) == (Source.THERAPIST, True)

    page.get_by_label("Nieuwe notitie").fill("Anna merkt de spanning vooral 's avonds.")
    page.get_by_role("button", name="Bewaar notitie").click()
    page.get_by_text("Je notitie is bewaard.").wait_for()
    assert "spanning vooral 's avonds" in page.locator("#notities").inner_text()
    note = TherapistNote.objects.get(client_record__client=anna)
    assert note.text == "Anna merkt de spanning vooral 's avonds."

    page.get_by_role("button", name="Vraag om een nieuwe zelftest").click()
    page.get_by_text("Je cliënt ziet je vraag om de zelftest opnieuw te doen.").wait_for()
    assert RetakeRequest.objects.filter(client=anna, therapist=tineke).count() == 1
    shoot(page, "praktijk-client-na-acties")
    logged = AuditEvent.objects.filter(client=anna, actor=tineke)
    assert logged.filter(action=AuditEvent.Action.CHANGE).count() == 2  # exercise, retake
    assert logged.filter(action=AuditEvent.Action.VIEW).exists()

    # Anna sees the question on her overview, and who looked at her data.
    anna_page.goto(url + "/mijn/")
    panel = anna_page.locator("section", has=anna_page.get_by_role("heading", name="Je therapeut"))
    assert "Tineke vraagt je de zelftest opnieuw te doen" in panel.inner_text()
    shoot(anna_page, "mijn-overzicht-therapeut")
    anna_page.goto(url + "/mijn/delen/")
    log = anna_page.locator("section", has=anna_page.get_by_role("heading", name="Wie keek er"))
    assert THERAPIST in log.inner_text()
    assert "bekeken" in log.inner_text()
    shoot(anna_page, "mijn-delen")

    # f. Anna stops; Tineke's next look finds nothing, and the list is empty again.
    anna_page.get_by_role("link", name="Stop met delen…").click()
    shoot(anna_page, "mijn-delen-stoppen")
    anna_page.get_by_role("button", name="Ja, stop met delen").click()
    anna_page.get_by_text("Tineke kan vanaf nu niets meer van je zien.").wait_for()
    assert "Je deelt op dit moment met niemand" in anna_page.inner_text("main")
    shoot(anna_page, "mijn-delen-gestopt")
    sharing.refresh_from_db()
    assert sharing.ended_at is not None

    response = page.reload()
    assert response is not None and response.status == 404
    page.get_by_role("heading", name="Deze pagina bestaat niet").wait_for()
    shoot(page, "praktijk-client-weg")
    page.goto(url + "/praktijk/")
    assert "Anna" not in page.inner_text("main")
    assert "Nog geen cliënten" in page.inner_text("main")
    anna_context.close()
    context.close()


def seed_group(therapist: User, people: int = MIN_RESPONDENTS) -> None:
    """Enough clients sharing their profiles for the questionnaire check to show numbers.

    Straight into the database: each person has a level per scale, and answers near it."""
    rng = random.Random(7)
    now = timezone.now()
    for number in range(people):
        person = User.objects.create_user(f"groep{number}@example.nl", PASSWORD)
        Sharing.objects.create(client=person, therapist=therapist)
        selftest = SelfTest.objects.create(
            owner=person, token_hash=hash_token(new_token()), submitted_at=now
        )
        answers = []
        for position, (instrument_id, target) in enumerate(
            ((targets.STYLES_INSTRUMENT, ""), (targets.RELATION_INSTRUMENT, "algemeen"))
        ):
            instrument = get_instrument(instrument_id)
            assessment = Assessment.objects.create(
                selftest=selftest, position=position, instrument_id=instrument_id,
                instrument_version="test", target=target, submitted_at=now,
            )
            for scale in instrument.scales:
                level = rng.uniform(1.5, 6.5)
                for item_id in scale.items:
                    value = min(7, max(1, round(level + rng.gauss(0, 0.8))))
                    if instrument.item(item_id).reverse:
                        value = 8 - value
                    answers.append(Answer(assessment=assessment, item_id=item_id, value=value))
        Answer.objects.bulk_create(answers)


def test_the_practice_administrator_pages(browser, live_server, viewport) -> None:
    url = live_server.url
    ada = staff_member(ADMIN, "Ada", role=Role.ADMIN)
    tineke = staff_member(THERAPIST, "Tineke")
    seed_group(tineke)
    # One look at a client, written to the log as the client page writes it.
    looked_at = Sharing.objects.get(client__email="groep0@example.nl")
    services.record(tineke, looked_at.client, AuditEvent.Action.VIEW,
                    clientpage.shared_parts(looked_at))

    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    log_in(page, url, ADMIN)
    codes = set_up_two_factor(page, ada, "beheer")
    with page.expect_navigation():
        page.get_by_role("link", name="Ik heb ze bewaard, ga verder").click()

    page.goto(url + "/praktijk/")
    page.get_by_role("heading", name="Therapeuten").wait_for()
    assert page.url == url + "/praktijk/beheer/"
    page.get_by_label("E-mailadres").fill("otto@praktijk.nl")
    page.get_by_label("Naam").fill("Otto")
    page.get_by_role("button", name="Maak account").click()
    page.get_by_text("otto@praktijk.nl is aangemaakt als therapeut").wait_for()
    assert User.objects.get(email="otto@praktijk.nl").role == Role.THERAPIST
    assert "Tineke" in page.inner_text("main")
    shoot(page, "beheer-therapeuten")

    subnav = page.get_by_role("navigation", name="Praktijk")
    subnav.get_by_role("link", name="Vragenlijsten").click()
    page.get_by_role("heading", name="Hoe goed meten de vragenlijsten hier?").wait_for()
    assert page.locator("table").count() >= 2
    assert f"{MIN_RESPONDENTS} mensen." in page.inner_text("main")
    assert re.search(r"\d,\d\d \(\d,\d\d–\d,\d\d\)", page.inner_text("main"))  # alpha (CI)
    page.locator("details summary").first.click()
    shoot(page, "beheer-vragenlijsten")

    subnav.get_by_role("link", name="Logboek").click()
    page.get_by_role("heading", name="Logboek").wait_for()
    assert THERAPIST in page.locator("table").inner_text()
    shoot(page, "beheer-logboek")

    # Phone not at hand: a recovery code works instead of the app's code, once.
    page.goto(url + "/account/")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()
    log_in(page, url, ADMIN)
    page.get_by_label("Code", exact=True).fill(codes[0])
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert "/praktijk/tweestaps/" not in page.url

    page.goto(url + "/praktijk/herstelcodes/")
    assert page.locator("main strong").first.inner_text() == "9"
    page.get_by_role("button", name="Maak nieuwe herstelcodes").click()
    page.get_by_role("heading", name="Je herstelcodes").wait_for()
    shoot(page, "beheer-herstelcodes-nieuw")
    context.close()
