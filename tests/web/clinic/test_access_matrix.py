"""Who may reach what: every URL pattern of the URLconf against every role.

Each pattern has an expected outcome per role and method in EXPECTATIONS. The URLs are
built from objects that all belong to Anna (client A): her submitted self-test, diary
entry, practice session, plan items, her sharing with Tineke (her therapist), Tineke's
invitation link, Anna's calendar feed, her password-reset link and an API assessment
whose bearer token Anna holds, and Tineke's client record (her file) on Anna. The roles:

    anonymous        not logged in
    client_a         Anna, the owner of everything in the URLs
    client_b         Bas, another client
    therapist_a      Tineke, Anna's therapist, logged in with her second factor
    therapist_other  Otto, another therapist, logged in with his second factor
    admin            Ada, the clinic administrator, logged in with her second factor

Outcomes are a status code ("200", "404", ...), "login" (a redirect to the login page) or
"302" (a redirect elsewhere). A read or write that is refused must also leave the data
untouched: after every refused request (404, 405, 410, login) nothing in the database
may have changed, and no request by anyone but Anna may change Anna's data, except
Tineke's audited looks and actions (THERAPIST_CHANGES). Anna's own writes in ANNA_WRITES
must change her data, so the forms others post are ones that would have done something.

A new URL without a line in EXPECTATIONS fails `test_every_url_has_expectations`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import connection
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic_personas import share, verified_client
from verbinding.web.accounts import verification
from verbinding.web.accounts.models import User
from verbinding.web.accounts.otp import ALWAYS_OPEN
from verbinding.web.assessments import instruments, layout, services
from verbinding.web.assessments.models import (
    Answer,
    Assessment,
    ResearchConsent,
    Result,
    SelfTest,
)
from verbinding.web.clinic import services as clinic
from verbinding.web.clinic.models import (
    SHARE_FIELDS,
    AuditEvent,
    ClientRecord,
    RetakeRequest,
    Sharing,
    TherapistNote,
)
from verbinding.web.clinic.twofactor import OPEN_PREFIXES
from verbinding.web.journal.models import CardReading, DiaryEntry, Interaction, SignRating
from verbinding.web.logins.models import BrowserSession
from verbinding.web.logins.store import key_hash
from verbinding.web.practice import services as practice
from verbinding.web.practice.models import PlanItem, PracticeSession
from verbinding.web.reminders.models import ReminderSettings
from web.selftest_helpers import leaning

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "client_a", "client_b", "therapist_a", "therapist_other", "admin")
DENIED = frozenset({"404", "405", "410", "login"})
LOGIN_PATH = "/account/inloggen/"
TWOFACTOR_PATH = "/praktijk/tweestaps/"
CLIENT_CODE_PATH = "/account/inloggen/code/"

Row = dict[str, str]

# URL kwargs (-> World.values) and the forms posted.
SELFTEST = {"public_id": "selftest"}
SESSION = {"pk": "session"}
PLAN_ITEM = {"pk": "plan_item"}
DIARY = {"pk": "diary"}
SHARING = {"public_id": "sharing"}
DIARY_FORM = {
    "date": "2025-03-05", "exercise_id": "ve-mededogen", "words": ["kalm"],
    "own_words": "", "intensity": "6", "body_sensations": "", "text": "Veranderd door wie?",
}
CONSENT = {"share_profiles": "1", "share_diary": "1"}


# --------------------------------------------------------------------- the expectations


def row(anonymous: str, client_a: str, client_b: str, therapist_a: str,
        therapist_other: str, admin: str) -> Row:
    outcomes = (anonymous, client_a, client_b, therapist_a, therapist_other, admin)
    return dict(zip(ROLES, outcomes, strict=True))


def everyone(outcome: str) -> Row:
    return row(outcome, outcome, outcome, outcome, outcome, outcome)


def signed_in(outcome: str, anonymous: str = "login") -> Row:
    """Every logged-in person gets `outcome` (on their own data); anonymous is sent away."""
    return row(anonymous, outcome, outcome, outcome, outcome, outcome)


def only_anna(outcome: str, anonymous: str = "login", others: str = "404") -> Row:
    return row(anonymous, outcome, others, others, others, others)


def only_tineke(outcome: str, otto: str = "404") -> Row:
    return row("login", "404", "404", outcome, otto, "404")


def therapists(outcome: str) -> Row:
    return row("login", "404", "404", outcome, outcome, "404")


def only_admin(outcome: str) -> Row:
    return row("login", "404", "404", "404", "404", outcome)


@dataclass(frozen=True)
class Ref:
    """A form value taken from the world, like the key of a question of Anna's test."""

    name: str


@dataclass(frozen=True)
class Case:
    """One URL pattern: the outcome per method and role, and how to call it."""

    methods: dict[str, Row]
    kwargs: dict[str, str] = field(default_factory=dict)  # URL kwarg -> World.values key
    data: dict[str, Any] = field(default_factory=dict)  # the form posted
    json: dict[str, Any] | None = None  # the JSON body of an API write
    destructive: bool = False  # its allowed write deletes or ends something: run it last


def page(get: Row, post: Row, **how: Any) -> Case:
    return Case({"GET": get, "POST": post}, **how)


def public(**how: Any) -> Case:
    """Reading matter: the same page for everyone, whatever the method."""
    return page(everyone("200"), everyone("200"), **how)


def own_page(get: str = "200", post: str = "200", **how: Any) -> Case:
    """A page about the logged-in person's own data (there is no one else's to ask for)."""
    return page(signed_in(get), signed_in(post), **how)


def own_read_only(**how: Any) -> Case:
    return page(signed_in("200"), signed_in("405"), **how)


def own_action(post: Row | str, **how: Any) -> Case:
    """A POST-only action on the person's own data."""
    return page(signed_in("405"), post if isinstance(post, dict) else signed_in(post), **how)


def annas_selftest(get: str, post: str, **how: Any) -> Case:
    """A self-test page: the owner only; no token in the session means 404, also anonymous."""
    how["kwargs"] = {**how.get("kwargs", {}), **SELFTEST}
    return page(only_anna(get, anonymous="404"), only_anna(post, anonymous="404"), **how)


def annas_object(get: str, post: str, **how: Any) -> Case:
    return page(only_anna(get), only_anna(post), **how)


def annas_action(post: str, **how: Any) -> Case:
    """POST-only on one of Anna's objects; a GET is refused before the object is looked up."""
    return page(signed_in("405"), only_anna(post), **how)


def secret_link(get: str, post: str, **how: Any) -> Case:
    """Opened by the secret in the URL, whoever holds it (links sent by e-mail, calendar)."""
    return page(everyone(get), everyone(post), **how)


def clients_page() -> Case:
    """A therapist's GET-only page about Anna; a therapist's POST is refused as a method
    before the sharing is looked up, so Otto gets 405 there too (and learns nothing)."""
    return page(only_tineke("200"), only_tineke("405", otto="405"), kwargs=SHARING)


def clients_action(**how: Any) -> Case:
    """A therapist's POST-only action on Anna: a redirect back to her page."""
    return page(only_tineke("405", otto="405"), only_tineke("302"), kwargs=SHARING, **how)


def admin_read_only() -> Case:
    return page(only_admin("200"), only_admin("405"))


def api_own(outcomes: dict[str, str], **how: Any) -> Case:
    """Calls on Anna's assessment: only her bearer token opens it (else 404, also for a
    logged-in session); a method the route does not have is 405 for everyone."""
    how["kwargs"] = {**how.get("kwargs", {}), "assessment_id": "api_assessment"}
    methods = {"GET": everyone("405"), "POST": everyone("405")}
    for method, outcome in outcomes.items():
        methods[method] = everyone(outcome) if outcome == "405" else only_anna(outcome, "404")
    return Case(methods, **how)


EXPECTATIONS: dict[str, Case] = {
    # --- the bare health check and the reading pages: the same for everyone
    "health": public(),
    # The language switch: a plain link for everyone, back to the page it came from.
    "set_language": page(everyone("302"), everyone("405"), kwargs={"language": "language"}),
    "reading:home": public(),
    "reading:overview": public(),
    "reading:style": public(kwargs={"style_id": "style"}),
    "reading:paced": public(kwargs={"part": "style", "step": "step"}),
    "reading:pause": public(kwargs={"part": "style", "step": "step"}),
    "reading:daily_card": public(),
    "reading:daily_card_pdf": public(kwargs={"size": "card_size"}),
    "reading:help": public(),
    "reading:about": public(),
    # --- the self-test: anyone may start one; only its owner (or token holder) opens it
    "assessments:start": page(everyone("200"), everyone("302"), data={"targets": []}),
    # Anna keeps this self-test in her account, so its link opens nothing any more (410);
    # Anna herself is let through to it.
    "assessments:resume": page(row("410", "302", "410", "410", "410", "410"),
                               row("410", "302", "410", "410", "410", "410"),
                               kwargs={"token": "resume_token"}),
    "assessments:overview": annas_selftest("200", "200"),
    "assessments:screen": annas_selftest(  # submitted: the screens lead to the result
        "302", "302", kwargs={"number": "screen"}, data={"direction": "next"}),
    "assessments:pause": annas_selftest("200", "200", kwargs={"number": "screen"}),
    "assessments:autosave": page(  # require_POST comes first; a submitted test is fixed
        everyone("405"), only_anna("422", anonymous="404"), kwargs=SELFTEST,
        data={"key": Ref("answer_key"), "value": "1"}),
    "assessments:finish": annas_selftest("302", "302"),
    "assessments:result": annas_selftest("200", "200"),
    "assessments:report_pdf": annas_selftest("200", "200"),
    "assessments:delete": annas_selftest("200", "200", destructive=True),
    # The GET asks first; Anna's own self-test is hers already, so she goes on to it.
    "assessments:claim": page(only_anna("302"), only_anna("302"), kwargs=SELFTEST),
    # Anna's self-test is in her account, so there is no link to renew: back to it.
    "assessments:renew_link": page(everyone("405"), only_anna("302", anonymous="404"),
                                   kwargs=SELFTEST),
    "assessments:progress": own_page(),
    # The research choice: only the owner gives or withdraws it.
    "assessments:research": annas_selftest("200", "302", data={"action": "give", "agree": "1"}),
    # --- accounts
    "accounts:signup": page(signed_in("302", anonymous="200"),
                            signed_in("302", anonymous="400")),
    "accounts:login": page(signed_in("302", anonymous="200"),
                           signed_in("302", anonymous="200")),
    # Ends the session on the server: run last, or Anna would be logged out for the rest.
    "accounts:logout": page(everyone("405"), everyone("302"), destructive=True),
    "accounts:password_reset": page(everyone("200"), everyone("200")),
    "accounts:password_reset_done": page(everyone("200"), everyone("405")),
    "accounts:password_reset_confirm": secret_link(
        "302", "302", kwargs={"uidb64": "reset_uid", "token": "reset_token"}),
    "accounts:password_reset_complete": page(everyone("200"), everyone("405")),
    "accounts:settings": own_page(post="302", data={"display_name": "Iemand anders"}),
    "accounts:data": own_page(),
    "accounts:export_json": own_page(),
    "accounts:export_zip": own_page(),
    "accounts:delete": own_page(post="400"),  # no password given: nothing is deleted
    "accounts:overview": own_page(),
    # Address and password: an empty form changes nothing (400); Anna's address is
    # verified, so a resend only says so. The links open by their sealed token; Anna's
    # change link is spent (her address is no longer the one it was made for).
    "accounts:change_email": own_page(post="400"),
    "accounts:resend_verification": own_action("302"),
    "accounts:confirm_email": secret_link("200", "200", kwargs={"token": "verify_token"}),
    "accounts:confirm_email_change": secret_link("410", "410",
                                                 kwargs={"token": "spent_change_token"}),
    "accounts:change_password": own_page(post="400"),
    "accounts:privacy": page(everyone("200"), everyone("405")),
    # --- the person's own login sessions; Anna's session is 404 for anyone else
    "logins:sessions": own_read_only(),
    "logins:end": annas_action("302", kwargs={"public_id": "browser_session"},
                               destructive=True),
    "logins:end_everywhere": own_action("302", destructive=True),
    # The optional second login step of clients. Nobody here is held at the code page, so
    # it sends them on; clinic accounts keep theirs in the clinic (302 there). Anna has
    # not turned it on: turning off and new recovery codes send her to the status page.
    "accounts:login_code": page(signed_in("302"), signed_in("302")),
    "accounts:twostep": page(row("login", "200", "200", "302", "302", "302"),
                             row("login", "405", "405", "302", "302", "302")),
    "accounts:twostep_on": page(row("login", "200", "200", "302", "302", "302"),
                                row("login", "400", "400", "302", "302", "302")),
    "accounts:twostep_codes": page(row("login", "405", "405", "302", "302", "302"),
                                   signed_in("302")),
    "accounts:twostep_off": page(signed_in("302"), signed_in("302"),
                                 data={"proof": "rustig-ademhalen-42"}),
    # --- practice: own plan and sessions; Anna's ids are 404 for anyone else
    "practice:library": own_read_only(),
    "practice:plan": own_read_only(),
    "practice:plan_accept": own_action(only_anna("302", others="400")),  # needs a self-test
    "practice:plan_add": own_action("302", data={"exercise": "ch-eigen-kracht"}),
    "practice:plan_times": annas_action("302", kwargs=PLAN_ITEM, data={"times": "7"}),
    "practice:plan_move": annas_action("302", kwargs=PLAN_ITEM, data={"direction": "neer"}),
    "practice:plan_remove": annas_action("302", kwargs=PLAN_ITEM, destructive=True),
    "practice:history": own_read_only(),
    "practice:practise": annas_object("200", "302", kwargs=SESSION,
                                      data={"reflectie": "Van iemand anders"}),
    "practice:finished": page(only_anna("200"), signed_in("405"), kwargs=SESSION),
    "practice:checkin": annas_object("200", "302", kwargs={**SESSION, "moment": "moment"},
                                     data={"spanning": "9", "rust": "1"}),
    "practice:exercise": own_read_only(kwargs={"exercise_id": "exercise"}),
    "practice:begin": own_action("302", kwargs={"exercise_id": "exercise"}),
    # --- journal: own diary, signs, reactions; Anna's entry is 404 for anyone else
    "journal:diary_list": own_page(),
    "journal:diary_new": own_page(post="302", data=DIARY_FORM),
    "journal:diary_detail": annas_object("200", "200", kwargs=DIARY),
    "journal:diary_edit": annas_object("200", "302", kwargs=DIARY, data=DIARY_FORM),
    "journal:diary_delete": annas_object("200", "302", kwargs=DIARY, destructive=True),
    "journal:signs": own_page(post="302", data={"sign-ve-vertrouwen": "3"}),
    "journal:signs_progress": own_page(),
    "journal:signs_week": own_page(post="302", kwargs={"week": "week"},
                                   data={"sign-ve-vertrouwen": "3"}),
    "journal:reactions": own_page(),
    "journal:reaction_add": own_action("302", data={"kind": "positive"}),
    "journal:reaction_undo": own_action("302"),
    "journal:card_mark": own_action("302"),
    # --- reminders: own settings; the calendar feed opens by its secret link
    "reminders:settings": own_page(post="302", data={"card_time": ["07:15"]}),
    "reminders:renew_link": own_action("302"),
    "reminders:feed": secret_link("200", "405", kwargs={"token": "feed_token"}),
    # --- the clinic: therapists, Anna's therapist only for Anna, the administrator
    "clinic:home": page(row("login", "404", "404", "200", "200", "302"),
                        row("login", "404", "404", "405", "405", "302")),
    "clinic:twofactor": page(signed_in("302"), signed_in("302")),  # all verified already
    "clinic:recovery_codes": page(row("login", "302", "302", "200", "200", "200"),
                                  row("login", "302", "302", "200", "200", "200")),
    "clinic:invitations": page(therapists("200"), therapists("200"), data={"label": "X"}),
    "clinic:client": clients_page(),
    "clinic:client_diary": clients_page(),  # Anna shares her diary with Tineke here
    "clinic:report": clients_page(),
    "clinic:assign": clients_action(data={"exercise": "an-nu-en-vroeger"}),
    "clinic:retake": clients_action(),
    "clinic:add_note": clients_action(data={"text": "Een notitie over Anna"}),
    # The clinic's file on Anna: Tineke's alone, and readable whether Anna shares or not.
    "clinic:client_records": page(therapists("200"), therapists("405")),
    "clinic:client_record": page(only_tineke("200"), only_tineke("405", otto="405"),
                                 kwargs={"public_id": "client_record"}),
    "clinic:admin": page(only_admin("200"), only_admin("302"),
                         data={"email": "nieuw@praktijk.nl", "name": "Nieuw"}),
    "clinic:instrument_check": admin_read_only(),
    "clinic:audit": admin_read_only(),
    "clinic:audit_export": admin_read_only(),
    # The invitation opens by its secret link; any client may accept it; clinic accounts
    # are told it is for clients (410). Anonymous people are asked to log in first (200).
    "clinic:invitation": page(row("200", "200", "200", "410", "410", "410"),
                              row("200", "302", "302", "410", "410", "410"),
                              kwargs={"token": "invitation_token"}, data=CONSENT),
    "clinic:sharing": own_read_only(),
    "clinic:sharing_update": annas_action("302", kwargs=SHARING, data=CONSENT),
    # A GET asks "are you sure?"; only the POST ends the sharing.
    "clinic:sharing_end": annas_object("200", "302", kwargs=SHARING, destructive=True),
    # --- the JSON API: no sessions, only the bearer token of the assessment counts
    "api:api-root": page(everyone("404"), everyone("404")),  # no docs page is served
    "api:openapi-json": public(),
    "api:list_instruments": page(everyone("200"), everyone("405")),
    "api:instrument_detail": page(everyone("200"), everyone("405"),
                                  kwargs={"instrument_id": "instrument"}),
    "api:create_assessment": page(everyone("405"), everyone("201"),
                                  json={"instrument": "vier-stijlen"}),
    # get_assessment and delete_assessment share one route, as do put and delete_answer.
    "api:get_assessment": api_own({"GET": "200"}),
    "api:delete_assessment": api_own({"GET": "200", "DELETE": "204"}, destructive=True),
    "api:put_answer": api_own({"PUT": "409"}, kwargs={"item_id": "item"},  # submitted: fixed
                              json={"value": 1}),
    "api:delete_answer": api_own({"DELETE": "409"}, kwargs={"item_id": "item"}),
    "api:submit": api_own({"POST": "409"}),  # submitted already
    "api:get_result": api_own({"GET": "200"}),
    "api:report": api_own({"GET": "200"}),
}

# Writes of Anna's that change her data: the same forms, posted by anyone else, must not.
ANNA_WRITES = frozenset({
    "accounts:settings", "assessments:delete", "assessments:research", "api:delete_assessment",
    "clinic:invitation",
    "clinic:sharing_end", "clinic:sharing_update", "journal:card_mark", "journal:diary_delete",
    "journal:diary_edit", "journal:diary_new", "journal:reaction_add", "practice:begin",
    "practice:checkin", "practice:plan_accept", "practice:plan_add", "practice:plan_move",
    "practice:plan_remove", "practice:plan_times", "practice:practise", "reminders:renew_link",
    "reminders:settings",
})
# What Tineke rightly changes about Anna: an audit line for each look at her data, and her
# plan, notes and retake requests.
THERAPIST_CHANGES = {
    "GET": frozenset({"clinic:client", "clinic:client_diary", "clinic:report",
                      "clinic:client_record"}),
    "POST": frozenset({"clinic:assign", "clinic:retake", "clinic:add_note"}),
}


# --------------------------------------------------------------------- the URLconf


def url_patterns(resolver: URLResolver | None = None, prefix: str = "",
                 namespace: str = "") -> Iterator[tuple[str, str]]:
    """(key, route) of every pattern; the key is the namespaced name, else the route."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            yield (namespace + entry.name if entry.name else route), route


def routes() -> dict[str, str]:
    return dict(url_patterns())


# --------------------------------------------------------------------- Anna's world


@dataclass
class World:
    anna: User
    values: dict[str, Any]
    cookies: dict[str, dict[str, str]]
    bearer: dict[str, str]
    ids: dict[str, list[int]]  # Anna's own id; her self-tests' and their assessments' ids
    tables: list[str]
    sessions: dict[str, BrowserSession]  # each role's session row, as it was at the start

    def client(self, role: str) -> Client:
        """A fresh browser with `role`'s session: a logout or a deletion cannot leak on.
        Sessions live on the server, so the row is put back as it was, too."""
        if (saved := self.sessions.get(role)) is not None:
            BrowserSession.objects.filter(pk=saved.pk).delete()
            saved.save(force_insert=True)
        client = Client()
        client.cookies.load(self.cookies.get(role, {}))
        return client

    def url(self, key: str) -> str:
        case = EXPECTATIONS[key]
        kwargs = {name: self.values[value] for name, value in case.kwargs.items()}
        try:
            return reverse(key, kwargs=kwargs)
        except NoReverseMatch:  # an unnamed pattern: its key is its (fixed) route
            return "/" + key


def _answer_all(selftest: SelfTest) -> None:
    value_for = leaning({"angstig"})
    for screen in layout.build_screens(services.parts_of(selftest)):
        for question in screen.questions:
            assessment = selftest.assessments.get(position=question.position)
            services.save_answer(assessment, question.item_id, value_for(question))


def _submitted_selftest(anna: User) -> tuple[SelfTest, str]:
    selftest, token = services.start_selftest([], owner=anna)
    _answer_all(selftest)
    services.submit_selftest(selftest)
    selftest.refresh_from_db()
    return selftest, token


def _api_assessment(submit: bool) -> tuple[Assessment, str]:
    assessment, token = services.start_assessment("vier-stijlen", "", "", "nl")
    if submit:
        for item_id in instruments.of_assessment(assessment).item_ids:
            services.save_answer(assessment, item_id, 4)
        services.submit_assessment(assessment)
    return assessment, token


def _diary_entry(anna: User) -> DiaryEntry:
    entry = DiaryEntry(user=anna, text="Wat alleen Anna weet.", body_sensations="warm")
    entry.words = ["kalm"]
    entry.save()
    return entry


def _feed_token(anna: User) -> str:
    reminders = ReminderSettings(user=anna, card_times=["08:00"])
    token = reminders.renew_feed_token()
    reminders.save()
    return token


def _this_monday() -> dt.date:
    today = timezone.localdate()  # read once: a run across midnight must not see two days
    return today - dt.timedelta(days=today.weekday())


def _annas_things(anna: User, tineke: User) -> dict[str, Any]:
    selftest, resume_token = _submitted_selftest(anna)
    api_assessment, api_token = _api_assessment(submit=True)
    item = practice.add_item(anna, "ve-mededogen")
    practice.add_item(anna, "ve-herstelpoging")  # a neighbour, so moving changes something
    assert item is not None
    first_question = layout.build_screens(services.parts_of(selftest))[0].questions[0]
    _, invitation_token = clinic.create_invitation(tineke)
    return {
        "selftest": selftest.public_id, "resume_token": resume_token, "screen": 1,
        "answer_key": first_question.key,
        "api_assessment": api_assessment.public_id, "api_selftest": api_assessment.selftest_id,
        "api_token": api_token,
        "item": instruments.of_assessment(api_assessment).item_ids[0],
        "diary": _diary_entry(anna).pk,
        "session": practice.start_session(anna, "ve-mededogen", item).pk, "moment": "voor",
        "plan_item": item.pk,
        "sharing": share(anna, tineke, diary=True).public_id,
        "client_record": ClientRecord.objects.get(therapist=tineke, client=anna).public_id,
        "invitation_token": invitation_token,
        "feed_token": _feed_token(anna),
        "style": "veilig", "step": 1, "language": "nl", "card_size": "A6",
        "exercise": "ve-herstelpoging",
        "week": _this_monday().isoformat(),
        "instrument": "vier-stijlen",
    }


@pytest.fixture
def world(user_a: User, user_b: User, client_a: Client, client_b: Client, tineke: User,
          otto: User, ada: User) -> World:
    browsers = {"client_a": client_a, "client_b": client_b, "therapist_a": verified_client(tineke),
                "therapist_other": verified_client(otto), "admin": verified_client(ada)}
    values = _annas_things(user_a, tineke)
    # Made after Anna logged in: her last login is part of what the token signs.
    values["reset_uid"] = urlsafe_base64_encode(force_bytes(user_a.pk))
    values["reset_token"] = default_token_generator.make_token(user_a)
    values["verify_token"] = verification.make_token(verification.VERIFY, user_a, user_a.email)
    values["spent_change_token"] = verification.make_token(
        verification.CHANGE, User(pk=user_a.pk, email="vroeger@example.nl"), user_a.email)
    values["browser_session"] = BrowserSession.objects.get(
        key_hash=key_hash(client_a.cookies["sessionid"].value)).public_id
    _, bas_token = _api_assessment(submit=False)  # Bas's own token, for his own assessment
    return World(
        anna=user_a,
        values=values,
        cookies={role: {k: m.value for k, m in b.cookies.items()} for role, b in browsers.items()},
        bearer={"client_a": values["api_token"], "client_b": bas_token},
        ids=_annas_ids(user_a, values),
        # Login sessions are bookkeeping: any request may move their 'last seen'.
        tables=[t for t in connection.introspection.table_names()
                if t != BrowserSession._meta.db_table],
        sessions={role: BrowserSession.objects.get(key_hash=key_hash(b.cookies["sessionid"].value))
                  for role, b in browsers.items()},
    )


def _annas_ids(anna: User, values: dict[str, Any]) -> dict[str, list[int]]:
    selftests = [SelfTest.objects.get(public_id=values["selftest"]).pk, values["api_selftest"]]
    assessments = Assessment.objects.filter(selftest__in=selftests).values_list("pk", flat=True)
    records = ClientRecord.objects.filter(client=anna).values_list("pk", flat=True)
    return {"anna": [anna.pk], "selftests": selftests, "assessments": list(assessments),
            "records": list(records)}


# --------------------------------------------------------------------- the state


# Anna's rows: (model, the field that points at her, what it points at).
ANNAS: tuple[tuple[type[Model], str, str], ...] = (
    (User, "id", "anna"), (DiaryEntry, "user", "anna"), (PlanItem, "user", "anna"),
    (PracticeSession, "user", "anna"), (SignRating, "user", "anna"),
    (Interaction, "user", "anna"), (CardReading, "user", "anna"),
    (ReminderSettings, "user", "anna"), (Sharing, "client", "anna"),
    (ClientRecord, "client", "anna"), (TherapistNote, "client_record", "records"),
    (RetakeRequest, "client", "anna"),
    (AuditEvent, "client", "anna"), (SelfTest, "owner", "anna"),
    (SelfTest, "id", "selftests"), (Assessment, "selftest", "selftests"),
    (Answer, "assessment", "assessments"), (Result, "assessment", "assessments"),
    (ResearchConsent, "selftest", "selftests"),
)


def _select(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def annas_state(world: World) -> list[list[tuple[Any, ...]]]:
    """Every row of Anna's, as stored (raw SQL: quick, and encrypted text stays as is)."""
    state = []
    for model, name, ids in ANNAS:
        wanted = world.ids[ids]
        marks = ", ".join(["%s"] * len(wanted))
        column = model._meta.get_field(name).column
        state.append(_select(
            f'SELECT * FROM "{model._meta.db_table}" WHERE "{column}" IN ({marks}) ORDER BY 1',
            wanted,
        ))
    return state


def whole_state(world: World) -> dict[str, Any]:
    """Every row of every table."""
    return {table: _select(f'SELECT * FROM "{table}" ORDER BY 1') for table in world.tables}


# --------------------------------------------------------------------- one request


def send(world: World, role: str, key: str, method: str, url: str) -> HttpResponse:
    case, client = EXPECTATIONS[key], world.client(role)
    headers = {}
    if key.startswith("api:") and role in world.bearer:
        headers["Authorization"] = f"Bearer {world.bearer[role]}"
    if case.json is not None and method in ("POST", "PUT"):
        return client.generic(method, url, json.dumps(case.json),
                              content_type="application/json", headers=headers)
    if method == "POST":
        data = {k: world.values[v.name] if isinstance(v, Ref) else v for k, v in case.data.items()}
        return client.post(url, data, headers=headers)
    return client.generic(method, url, headers=headers)


def describe(response: HttpResponse) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} -> {response['Location']}"
    return str(response.status_code)


def matches(expected: str, response: HttpResponse) -> bool:
    to_login = response.status_code == 302 and response["Location"].startswith(LOGIN_PATH)
    if expected == "login":
        return to_login
    if expected == "302":
        return response.status_code == 302 and not to_login
    return str(response.status_code) == expected


def check(world: World, role: str, key: str, method: str) -> str | None:
    """None when `role`'s `method` on `key` does what it should; else what went wrong."""
    expected = EXPECTATIONS[key].methods[method][role]
    url = world.url(key)
    where = f"{key} [{role} {method} {url}]"
    before = (annas_state(world), whole_state(world) if expected in DENIED else None)
    try:
        response = send(world, role, key, method, url)
    except Exception as exc:  # collected with the others, not one at a time
        return f"{where}: raised {exc!r}, expected {expected}"
    if not matches(expected, response):
        return f"{where}: got {describe(response)}, expected {expected}"
    if expected in DENIED and whole_state(world) != before[1]:
        return f"{where}: refused ({expected}) but the data changed"
    allowed = (role, method) if expected not in DENIED else ("", "")
    return _annas_change(allowed, key, annas_state(world) != before[0], where)


def _annas_change(allowed: tuple[str, str], key: str, changed: bool, where: str) -> str | None:
    """Anna's data changes exactly when Anna or her therapist rightly change it."""
    role, method = allowed
    by_anna = role == "client_a" and method != "GET" and key in ANNA_WRITES
    by_tineke = role == "therapist_a" and key in THERAPIST_CHANGES.get(method, ())
    if changed and not (by_anna or by_tineke or role == "client_a"):
        return f"{where}: changed Anna's data"
    if (by_anna or by_tineke) and not changed:
        return f"{where}: changed nothing, so the refusal of others proves little"
    return None


def request_order() -> list[tuple[str, str]]:
    """(key, method): all reads, then the writes, then the writes that delete or end."""
    calls = [(key, method) for key in sorted(EXPECTATIONS) for method in EXPECTATIONS[key].methods]
    reads = [(k, m) for k, m in calls if m == "GET"]
    writes = [(k, m) for k, m in calls if m != "GET" and not EXPECTATIONS[k].destructive]
    last = [(k, m) for k, m in calls if m != "GET" and EXPECTATIONS[k].destructive]
    return reads + writes + last


# --------------------------------------------------------------------- the tests


def test_every_url_has_expectations() -> None:
    keys = [key for key, _ in url_patterns()]
    assert len(keys) == len(set(keys)), f"two patterns share a key: {sorted(keys)}"
    missing = sorted(set(keys) - set(EXPECTATIONS))
    stale = sorted(set(EXPECTATIONS) - set(keys))
    assert not missing, f"URL patterns without expectations: {missing}"
    assert not stale, f"expectations for URL patterns that no longer exist: {stale}"


def test_every_expectation_names_each_role_once() -> None:
    for key, case in EXPECTATIONS.items():
        assert {"GET", "POST"} <= set(case.methods), key
        for method, outcomes in case.methods.items():
            assert tuple(outcomes) == ROLES, (key, method)


def test_each_url_is_built_for_its_own_pattern(world: World) -> None:
    """The URL the matrix calls resolves to the pattern it is about (not a greedy one)."""
    known = routes()
    resolved = {key: resolve(world.url(key)).route for key in EXPECTATIONS}
    assert {k: r for k, r in resolved.items() if r != known[k]} == {}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_it_may(world: World, role: str) -> None:
    failures = [f for key, method in request_order() if (f := check(world, role, key, method))]
    assert not failures, f"{len(failures)} wrong:\n" + "\n".join(failures)


def test_without_the_second_step_staff_reach_only_the_twofactor_pages(
    world: World, tineke: User
) -> None:
    """Password only: every URL but the two-factor pages (and logout, health, static) sends
    the therapist to the second step, and nothing changes."""
    browser = Client()
    browser.force_login(tineke)
    before, failures = whole_state(world), []
    for key in sorted(EXPECTATIONS):
        url = world.url(key)
        if url.startswith(OPEN_PREFIXES):
            continue
        for method in ("GET", "POST"):
            response = browser.generic(method, url)
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(TWOFACTOR_PATH + "?next="):
                failures.append(f"{key} [{method} {url}]: got {describe(response)}")
    assert not failures, "\n".join(failures)
    assert whole_state(world) == before


def test_a_client_who_turned_on_the_second_step_reaches_only_the_code_page(
    world: World, user_a: User
) -> None:
    """Anna turned it on and gave only her password: every URL but the code page (and
    logout, health, static) sends her to the code page, and nothing changes."""
    TOTPDevice.objects.create(user=user_a, name="app", confirmed=True)
    browser = Client()
    browser.force_login(user_a)
    before, failures = whole_state(world), []
    for key in sorted(EXPECTATIONS):
        url = world.url(key)
        if url.startswith((CLIENT_CODE_PATH, *ALWAYS_OPEN)):
            continue
        for method in ("GET", "POST"):
            response = browser.generic(method, url)
            location = response.get("Location", "")
            if response.status_code != 302 or not location.startswith(CLIENT_CODE_PATH + "?next="):
                failures.append(f"{key} [{method} {url}]: got {describe(response)}")
    assert not failures, "\n".join(failures)
    assert whole_state(world) == before


# --------------------------------------------------------------------- consent, links, TOTP


def _client_url(sharing: Sharing, rest: str = "") -> str:
    return f"/praktijk/clienten/{sharing.public_id}/{rest}"


def test_revoking_consent_ends_access_at_once(
    tineke_client: Client, client_a: Client, user_a: User, tineke: User
) -> None:
    sharing = share(user_a, tineke, diary=True)
    _diary_entry(user_a)
    assert tineke_client.get(_client_url(sharing)).status_code == 200
    assert tineke_client.get(_client_url(sharing, "dagboek/")).status_code == 200
    tineke_client.post(_client_url(sharing, "notities/"), {"text": "Eerste gesprek"})

    assert client_a.post(f"/mijn/delen/{sharing.public_id}/stoppen/").status_code == 302

    for rest in ("", "dagboek/", "rapport.pdf"):
        assert tineke_client.get(_client_url(sharing, rest)).status_code == 404, rest
    for rest in ("oefening/", "zelftest/", "notities/"):
        response = tineke_client.post(_client_url(sharing, rest), {"exercise": "ve-mededogen",
                                                                   "text": "nog even"})
        assert response.status_code == 404, rest
    # Only the note written while Anna shared: nothing new could be added afterwards.
    assert TherapistNote.objects.get().text == "Eerste gesprek"
    assert not RetakeRequest.objects.exists()
    assert "Anna" not in tineke_client.get("/praktijk/").content.decode()
    # Deliberately (WGBO): Tineke's own notes and the log stay readable in her file on
    # Anna, without any of Anna's own data on that page.
    file = ClientRecord.objects.get(therapist=tineke, client=user_a)
    kept = tineke_client.get(f"/praktijk/dossiers/{file.public_id}/").content.decode()
    assert "Eerste gesprek" in kept and "Wat alleen Anna weet" not in kept


def test_without_the_diary_choice_the_diary_is_404(
    tineke_client: Client, client_a: Client, user_a: User, tineke: User
) -> None:
    sharing = share(user_a, tineke)  # everything but the diary
    _diary_entry(user_a)
    assert tineke_client.get(_client_url(sharing)).status_code == 200
    response = tineke_client.get(_client_url(sharing, "dagboek/"))
    assert response.status_code == 404
    assert "Wat alleen Anna weet" not in response.content.decode()

    everything = {name: "1" for name in SHARE_FIELDS}
    client_a.post(f"/mijn/delen/{sharing.public_id}/", everything)
    opened = tineke_client.get(_client_url(sharing, "dagboek/"))
    assert opened.status_code == 200 and "Wat alleen Anna weet" in opened.content.decode()
    client_a.post(f"/mijn/delen/{sharing.public_id}/", {"share_profiles": "1"})
    assert tineke_client.get(_client_url(sharing, "dagboek/")).status_code == 404


def _refused(response: HttpResponse, words: str) -> bool:
    return response.status_code == 410 and words in response.content.decode()


def test_an_expired_invitation_is_refused_with_a_clear_message(
    client_a: Client, outsider: Client, user_a: User, tineke: User
) -> None:
    invitation, token = clinic.create_invitation(tineke)
    invitation.expires_at = timezone.now() - dt.timedelta(minutes=1)
    invitation.save()
    url = f"/uitnodiging/{token}/"
    assert _refused(outsider.get(url), "verlopen")
    assert _refused(client_a.get(url), "verlopen")
    assert _refused(client_a.post(url, CONSENT), "verlopen")
    invitation.refresh_from_db()
    assert invitation.used_at is None
    assert not Sharing.objects.filter(client=user_a).exists()


def test_a_used_invitation_is_refused_with_a_clear_message(
    client_a: Client, client_b: Client, user_a: User, user_b: User, tineke: User
) -> None:
    _, token = clinic.create_invitation(tineke)
    url = f"/uitnodiging/{token}/"
    assert client_b.post(url, CONSENT).status_code == 302  # Bas used it first
    assert _refused(client_a.get(url), "al gebruikt")
    assert _refused(client_a.post(url, CONSENT), "al gebruikt")
    assert _refused(client_b.post(url, CONSENT), "al gebruikt")
    assert not Sharing.objects.filter(client=user_a).exists()
    assert Sharing.objects.filter(client=user_b).count() == 1


@pytest.mark.parametrize("has_authenticator", [False, True], ids=["not-set-up", "not-given"])
def test_a_therapist_without_totp_cannot_reach_client_data(
    user_a: User, tineke: User, has_authenticator: bool
) -> None:
    sharing = share(user_a, tineke, diary=True)
    _diary_entry(user_a)
    if has_authenticator:
        TOTPDevice.objects.create(user=tineke, name="app", confirmed=True)
    browser = Client()
    browser.force_login(tineke)  # the password, not the code
    for url in ("/praktijk/", _client_url(sharing), _client_url(sharing, "dagboek/"),
                _client_url(sharing, "rapport.pdf")):
        response = browser.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(TWOFACTOR_PATH + "?next="), url
        shown = browser.get(response["Location"])  # where she is held: the second step
        assert shown.status_code == 200
        assert "Anna" not in shown.content.decode(), url
    note = browser.post(_client_url(sharing, "notities/"), {"text": "zonder code"})
    assert note["Location"].startswith(TWOFACTOR_PATH)
    assert not TherapistNote.objects.exists()
    # Her login, the invitation and Anna's consent are in the log (NEN 7513); no look at
    # or change of Anna's data is.
    looked = (AuditEvent.Action.VIEW, AuditEvent.Action.CHANGE, AuditEvent.Action.DOWNLOAD)
    assert not AuditEvent.objects.filter(action__in=looked).exists()


def test_a_wrong_secret_opens_nothing(world: World) -> None:
    wrong, failures = "x" * 32, []
    api_url = f"/api/v1/assessments/{world.values['api_assessment']}"
    for role in ROLES:
        browser = world.client(role)
        calls = {
            "resume": (browser.get(f"/zelftest/verder/{wrong}/"), "404"),
            "feed": (browser.get(f"/agenda/{wrong}.ics"), "404"),
            "invitation": (browser.get(f"/uitnodiging/{wrong}/"), "410"),
            "api": (browser.get(api_url, headers={"Authorization": f"Bearer {wrong}"}), "404"),
            "reset": (browser.get(f"/account/nieuw-wachtwoord/{world.values['reset_uid']}/"
                                  f"{wrong}/"), "200"),  # the page says the link is invalid
        }
        failures += [f"{what} [{role}]: got {describe(r)}, expected {expected}"
                     for what, (r, expected) in calls.items() if str(r.status_code) != expected]
    assert not failures, "\n".join(failures)
    reset = world.client("anonymous").get(
        f"/account/nieuw-wachtwoord/{world.values['reset_uid']}/{wrong}/")
    assert 'name="new_password1"' not in reset.content.decode()


def test_annas_plan_item_in_someone_elses_form_is_404(world: World, user_b: User) -> None:
    """Starting a session "from" Anna's plan item: the id in the form is checked too."""
    before = annas_state(world)
    response = world.client("client_b").post(
        "/oefenen/ve-mededogen/begin/", {"plan_item": world.values["plan_item"]}
    )
    assert response.status_code == 404
    assert not PracticeSession.objects.filter(user=user_b).exists()
    assert annas_state(world) == before
