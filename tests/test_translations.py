"""English: complete translations, English content with the same ids, no Dutch left.

Dutch is the source language: templates and code say Dutch, and each app's
`locale/en/LC_MESSAGES/django.po` gives the English. Dutch pages therefore never depend
on a translation file; English pages must not show a Dutch sentence.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_personas import share, verified_client
from verbinding.content.loader import load_library
from verbinding.web.clinic import services
from web.practice.helpers import start_session, submitted_selftest

SRC = Path(__file__).resolve().parents[1] / "src" / "verbinding"
PO_FILES = sorted(SRC.glob("**/locale/en/LC_MESSAGES/django.po"))

# Words that are Dutch and not English: one of them in an English page's text means a
# sentence was left untranslated.
DUTCH = re.compile(
    r"\b(je|jij|jouw|jezelf|het|een|niet|wat|naar|voor|zijn|ook|maar|bij|als|dit|deze|"
    r"wordt|kun|kunt|hebt|heeft|geen|nog|meer|wel|dan|hier|daar|omdat|welke|wanneer|"
    r"uitslag|zelftest|oefening|oefeningen|dagboek|bekijk|terug|verder|opslaan|bewaar)\b",
    re.IGNORECASE,
)
HIDDEN = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S | re.IGNORECASE)
# Dutch that is marked as Dutch is fine on an English page: the article's section names
# (it is a Dutch article) and the switch back to Nederlands.
MARKED_DUTCH = re.compile(
    r'<(span|a|cite|q|p|figure|blockquote)\b[^>]*\blang="nl"[^>]*>.*?</\1>', re.S
)
ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')
TAGS = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """What a person sees or hears: text between tags, and labels read out by a reader."""
    page = MARKED_DUTCH.sub(" ", HIDDEN.sub(" ", page))
    labels = " ".join(ATTRIBUTES.findall(page))
    return html.unescape(TAGS.sub(" ", page) + " " + labels)


def dutch_left(page: str) -> list[str]:
    text = " ".join(visible_text(page).split())
    return [text[max(0, m.start() - 40): m.end() + 40] for m in DUTCH.finditer(text)]


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_message_is_translated_and_compiled(path: Path) -> None:
    po = polib.pofile(str(path))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:10]
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: compile it (see README)"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo))}
    wanted = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert compiled == wanted, f"{mo} is out of date with its .po file"


def test_english_content_has_the_same_units_as_the_dutch() -> None:
    nl, en = load_library("nl"), load_library("en")
    for style_id, style in nl.styles.items():
        other = en.styles[style_id]
        assert [e.id for e in other.exercises] == [e.id for e in style.exercises]
        assert [s.id for s in other.signs] == [s.id for s in style.signs]
        for part in ("summary", "arises", "experience", "relationships", "practice", "story",
                     "partner_guidance"):
            assert (getattr(other, part) is None) == (getattr(style, part) is None), part
        if style.daily_card:
            assert [p.id for p in other.daily_card.points] == [
                p.id for p in style.daily_card.points]
        assert [e.mode for e in other.exercises] == [e.mode for e in style.exercises]
    assert len(en.intro.pause_prompts) == len(nl.intro.pause_prompts)


def _english(client: Client) -> Client:
    client.cookies["taal"] = "en"
    return client


def _assert_english(client: Client, path: str) -> None:
    response = client.get(path, follow=True)
    # 410: an invitation link that cannot be used (unknown, used or expired) says why.
    assert response.status_code in (200, 404, 410), (path, response.status_code)
    page = response.content.decode()
    assert '<html lang="en">' in page, path
    leftovers = dutch_left(page)
    assert not leftovers, f"{path}: Dutch left in the English page: {leftovers[:8]}"


PUBLIC = ["/", "/stijlen/", "/stijlen/veilig/", "/stijlen/vermijdend/", "/stijlen/angstig/",
          "/stijlen/chaotisch/", "/lezen/inleiding/1/", "/lezen/veilig/2/",
          "/lezen/veilig/2/pauze/",
          "/dagkaart/", "/hulp/", "/over/", "/bestaat-niet/", "/zelftest/",
          "/account/inloggen/", "/account/aanmaken/", "/account/wachtwoord-vergeten/",
          "/uitnodiging/onbekend/", "/privacy/", "/account/e-mailadres/bevestigen/onbekend/"]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_are_english_when_chosen(db, path: str) -> None:
    _assert_english(_english(Client()), path)


def test_the_self_test_is_english_from_start_to_result(db, user_a) -> None:
    client = _english(Client())
    client.force_login(user_a)
    response = client.post("/zelftest/", {"targets": ["moeder"]})
    base = response["Location"]
    for path in (base, f"{base}vragen/1/", f"{base}pauze/4/", f"{base}afronden/"):
        _assert_english(client, path)
    submitted = submitted_selftest(user_a, {"angstig"}, ["moeder"], language="en")
    submitted_selftest(user_a, {"veilig"}, ["moeder"], language="en")
    research = f"/zelftest/{submitted.public_id}/onderzoek/"
    for path in (f"/zelftest/{submitted.public_id}/uitslag/", research, "/mijn/voortgang/"):
        _assert_english(client, path)


ACCOUNT_PAGES = ["/mijn/", "/account/", "/account/mijn-gegevens/", "/account/verwijderen/",
                 "/oefenen/", "/oefenen/plan/", "/oefenen/gedaan/", "/oefenen/ve-dagkaart-lezen/",
                 "/dagboek/", "/dagboek/nieuw/", "/tekenen/", "/tekenen/verloop/",
                 "/reacties/", "/herinneringen/", "/mijn/delen/", "/account/e-mailadres/",
                 "/account/wachtwoord/", "/account/tweestaps/", "/account/tweestaps/aanzetten/"]


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages_are_english_when_chosen(db, user_a, tineke, path: str) -> None:
    submitted_selftest(user_a, {"vermijdend"})
    share(user_a, tineke)
    client = _english(Client())
    client.force_login(user_a)
    _assert_english(client, path)


def test_the_second_login_step_is_english(db, user_a) -> None:
    """The pages of a client who turned it on: the code at login, the status, turning off,
    the recovery codes, and a wrong code."""
    TOTPDevice.objects.create(user=user_a, name="app", confirmed=True)
    held = _english(Client())
    held.force_login(user_a)
    _assert_english(held, "/account/inloggen/code/")
    wrong = held.post("/account/inloggen/code/", {"code": "000000"}).content.decode()
    assert not dutch_left(wrong), dutch_left(wrong)[:4]
    client = _english(verified_client(user_a))
    for path in ("/account/", "/account/tweestaps/", "/account/tweestaps/uitzetten/"):
        _assert_english(client, path)
    codes = client.post("/account/tweestaps/herstelcodes/").content.decode()
    assert not dutch_left(codes), dutch_left(codes)[:4]


def test_a_practice_session_is_english(db, user_a) -> None:
    client = _english(Client())
    client.force_login(user_a)
    for exercise in ("ch-stop-oefening", "vm-gevoelswoorden"):
        pk = start_session(client, exercise)
        for path in (f"/oefenen/sessie/{pk}/voor/", f"/oefenen/sessie/{pk}/oefening/"):
            _assert_english(client, path)


def test_the_practice_side_is_english(db, user_a, tineke, ada) -> None:
    submitted_selftest(user_a, {"chaotisch"})
    sharing = share(user_a, tineke, diary=True)
    therapist = _english(verified_client(tineke))
    client_page = f"/praktijk/clienten/{sharing.public_id}/"
    therapist.post(client_page + "notities/", {"text": "A note"})
    file = f"/praktijk/dossiers/{services.client_record_for(tineke, user_a).public_id}/"
    for path in ("/praktijk/", "/praktijk/uitnodigingen/", client_page, client_page + "dagboek/",
                 "/praktijk/herstelcodes/", "/praktijk/dossiers/", file):
        _assert_english(therapist, path)
    admin = _english(verified_client(ada))
    for path in ("/praktijk/beheer/", "/praktijk/beheer/vragenlijsten/",
                 "/praktijk/beheer/logboek/"):
        _assert_english(admin, path)


def test_dutch_stays_the_default_whatever_the_browser_asks(db) -> None:
    page = Client().get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl">' in page


def test_the_switch_remembers_the_choice_and_returns_to_the_page(db, client_a, user_a) -> None:
    response = client_a.get("/taal/en/?next=/stijlen/")
    assert response["Location"] == "/stijlen/"
    user_a.refresh_from_db()
    assert user_a.language == "en"
    assert '<html lang="en">' in client_a.get("/stijlen/").content.decode()
    client_a.get("/taal/nl/?next=https://elders.example/")
    user_a.refresh_from_db()
    assert user_a.language == "nl"


def test_what_the_practice_keeps_is_explained_in_english(db, user_a, tineke) -> None:
    """The consent page, the end of sharing and the deletion page, each with the split
    between the person's own data and the practice's file."""
    sharing = share(user_a, tineke)
    _, token = services.create_invitation(tineke)
    client = _english(Client())
    client.force_login(user_a)
    for path in (f"/uitnodiging/{token}/", f"/mijn/delen/{sharing.public_id}/stoppen/",
                 "/account/verwijderen/"):
        _assert_english(client, path)
    assert "practice keeps its own file" in client.get(f"/uitnodiging/{token}/").content.decode()
