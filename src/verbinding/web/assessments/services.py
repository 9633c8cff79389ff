"""What can be done with a self-test or an assessment; views and the API call these.

Every function that writes does so in one transaction: an answer is stored completely or
not at all, and a submit produces all results and charts or none.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext

from verbinding.measure.instrument import (
    Instrument,
    UnknownInstrumentError,
    builtin_instruments,
)
from verbinding.web import plainsql
from verbinding.web.assessments import access, instruments, layout, renderers, scoring
from verbinding.web.assessments.models import (
    Answer,
    Assessment,
    Result,
    SelfTest,
    hash_token,
    new_token,
)
from verbinding.web.assessments.targets import (
    RELATION_INSTRUMENT,
    STYLES_INSTRUMENT,
    optional_targets,
)
from verbinding.web.language import supported_language
from verbinding.web.textrules import text_problem

MAX_NAME_LENGTH = 40


class InputError(ValueError):
    """Something a person sent that we cannot store; the message is for them (in the
    active language: Dutch unless they chose English)."""


class AlreadySubmitted(InputError):
    pass


class Incomplete(InputError):
    """Submit refused: these item ids have no answer yet."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            ngettext(
                "Er is nog %(count)d vragen zonder antwoord.",
                "Er zijn nog %(count)d vragen zonder antwoord.",
                len(missing),
            ) % {"count": len(missing)}
        )


@dataclass(frozen=True)
class Missing:
    assessment: Assessment
    item_id: str
    text: str
    screen: int


def clean_name(raw: str) -> str:
    name = " ".join(raw.split())
    # After joining, line breaks are spaces; what is left to refuse is control characters.
    if problem := text_problem(name):
        raise InputError(problem)
    if not name:
        raise InputError(gettext("Vul een naam of omschrijving in voor de persoon die je kiest."))
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(
            gettext("Gebruik voor de naam hoogstens %(max)d tekens.") % {"max": MAX_NAME_LENGTH}
        )
    return name


def _instrument(instrument_id: str) -> Instrument:
    # Only the id of a shipped instrument: a client must never make the server open a
    # file of its choosing (a path, /dev/zero, /proc/...), so no path lookup here.
    try:
        return instruments.current(instrument_id)
    except UnknownInstrumentError as exc:
        raise InputError(
            gettext("Onbekende vragenlijst: %(id)s.") % {"id": instrument_id}
        ) from exc


def check_target(instrument: Instrument, target: str, name: str) -> tuple[str, str]:
    """Validate a target for `instrument`; returns (target, cleaned name)."""
    if not instrument.targets:
        if target and target != "algemeen":
            raise InputError(gettext("Deze vragenlijst wordt niet per relatie gesteld."))
        return "", ""
    known = {t.id: t for t in instrument.targets}
    target = target or next(t.id for t in instrument.targets if not t.optional)
    if target not in known:
        raise InputError(gettext("Onbekende relatie: %(target)s.") % {"target": target})
    return target, clean_name(name) if known[target].named else ""


Part = tuple[Instrument, str, str]  # instrument, target, name


def _create(
    parts: list[Part], language: str, owner: Any = None, skipped: list[str] | None = None
) -> tuple[SelfTest, list[Assessment], str]:
    """A new self-test holding `parts` in order, and its (only ever shown once) token."""
    token = new_token()
    selftest = SelfTest.objects.create(
        token_hash=hash_token(token), language=language, owner=owner,
        skipped_targets=skipped or [],
    )
    assessments = [
        Assessment.objects.create(
            selftest=selftest,
            position=position,
            instrument_id=instrument.id,
            instrument_version=instruments.label(instrument),
            target=target,
            target_name=name,
            language=language,
        )
        for position, (instrument, target, name) in enumerate(parts)
    ]
    return selftest, assessments, token


def selftest_language(language: str | None = None) -> str:
    """The language a self-test is taken in: `language` if given, else the active one;
    a language the site does not offer (settings.LANGUAGES) is the site's own."""
    return supported_language(language or get_language())


@transaction.atomic
def start_selftest(
    targets: list[str], person_name: str = "", language: str | None = None, owner: Any = None,
    not_applicable: list[str] | None = None,
) -> tuple[SelfTest, str]:
    """Create a self-test with `vier-stijlen` and the relatie form per chosen target, in
    `language` (default: the active language, see `selftest_language`). A target in
    `not_applicable` gets no part: it is kept as skipped, and the result says so."""
    language = selftest_language(language)
    relation = instruments.current(RELATION_INSTRUMENT)
    if any(t not in optional_targets() for t in targets):
        raise InputError(gettext("Er is een onbekende relatie gekozen. Kies opnieuw uit de lijst."))
    may_skip = {t.id for t in relation.targets if t.not_applicable}
    if any(t not in may_skip for t in not_applicable or []):
        raise InputError(gettext(
            "Niet van toepassing kan alleen bij een relatie waar dat bij staat. Kies opnieuw."
        ))
    # "Niet van toepassing" wins over a tick on the same relationship: it says more.
    skipped = [t.id for t in relation.targets if t.id in (not_applicable or [])]
    # In the file's order: every target that is always asked, then the chosen ones.
    chosen = [
        t.id for t in relation.targets
        if (not t.optional or t.id in targets) and t.id not in skipped
    ]
    parts: list[Part] = [(instruments.current(STYLES_INSTRUMENT), "", "")]
    parts += [(relation, *check_target(relation, t, person_name)) for t in chosen]
    selftest, _, token = _create(parts, language, owner, skipped)
    return selftest, token


@transaction.atomic
def start_assessment(
    instrument_id: str, target: str, name: str, language: str
) -> tuple[Assessment, str]:
    """A single assessment on its own (the API): a self-test with one part."""
    instrument = _instrument(instrument_id)
    if language not in instrument.languages:
        raise InputError(
            gettext("Taal niet beschikbaar voor deze vragenlijst: %(language)s.")
            % {"language": language}
        )
    _, assessments, token = _create(
        [(instrument, *check_target(instrument, target, name))], language
    )
    return assessments[0], token


def check_value(instrument: Instrument, item_id: str, value: object) -> int:
    if item_id not in instrument.item_ids:
        raise InputError(gettext("Onbekende vraag: %(item)s.") % {"item": item_id})
    scale = instrument.response_scale
    try:
        number = int(str(value))
    except ValueError:
        number = None
    if number is None or not scale.min <= number <= scale.max:
        raise InputError(
            gettext("Kies een antwoord van %(min)s tot en met %(max)s.")
            % {"min": scale.min, "max": scale.max}
        )
    return number


def save_answer(assessment: Assessment, item_id: str, value: object) -> int:
    """Store (or replace) one answer; returns the stored value. Last write wins; never a
    second row; never into a part that has been submitted."""
    if assessment.submitted_at is not None:
        raise AlreadySubmitted(
            gettext("Deze vragenlijst is al afgerond; antwoorden liggen nu vast.")
        )
    number = check_value(instruments.of_assessment(assessment), item_id, value)
    # One statement on SQLite and PostgreSQL alike: atomic by itself, no read first, two
    # saves of the same new item cannot race, and a part submitted in the meantime is
    # left alone.
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    if plainsql.write(_upsert_sql(), [assessment.pk, item_id, number, stamp, assessment.pk]) != 1:
        raise AlreadySubmitted(
            gettext("Deze vragenlijst is al afgerond; antwoorden liggen nu vast.")
        )
    return number


def save_answer_if_open(
    public_id: uuid.UUID, position: int, item_id: str, value: object,
    *, token: str | None = None, token_hash: str | None = None, owner_id: int | None,
) -> bool:
    """The autosave's one statement: store the answer if part `position` of the self-test
    exists, is not submitted, belongs to `owner_id` (or, kept in no account, is opened by
    `token` or the session's `token_hash`), and takes this item and value. False if any
    of that fails, and then nothing was written: the caller finds out which, the slow way
    (`save_answer` after `access.get_part_for`)."""
    token_hash = hash_token(token) if token else token_hash
    accepting = _instruments_taking(item_id, value)
    anybody = token_hash is not None or owner_id is not None
    if not accepting or not anybody or not 0 <= position <= access.MAX_POSITION:
        return False
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    key = SelfTest._meta.get_field("public_id").get_db_prep_value(public_id, connection)
    params = [item_id, int(str(value)), stamp, key, position, *accepting, token_hash, owner_id]
    return plainsql.write(_open_upsert_sql(len(accepting)), params) == 1


@cache
def _answerable() -> dict[str, tuple[tuple[str, int, int], ...]]:
    """Item id → (instrument, lowest answer, highest answer) for each shipped instrument
    that asks it."""
    found: dict[str, list[tuple[str, int, int]]] = {}
    for instrument in builtin_instruments().values():
        scale = instrument.response_scale
        for item_id in instrument.item_ids:
            found.setdefault(item_id, []).append((instrument.id, scale.min, scale.max))
    return {item_id: tuple(takers) for item_id, takers in found.items()}


def _instruments_taking(item_id: str, value: object) -> tuple[str, ...]:
    """The shipped instruments that ask `item_id` and accept `value` as its answer."""
    try:
        number = int(str(value))
    except ValueError:
        return ()
    takers = _answerable().get(item_id, ())
    return tuple(instrument for instrument, low, high in takers if low <= number <= high)


@cache
def _open_upsert_sql(instruments: int) -> str:
    answer, part, test = Answer._meta, Assessment._meta, SelfTest._meta
    among = ", ".join(["%s"] * instruments)
    return (
        f"INSERT INTO {answer.db_table} (assessment_id, item_id, value, updated_at)"
        f" SELECT a.id, %s, %s, %s FROM {part.db_table} a"
        f" JOIN {test.db_table} s ON s.id = a.selftest_id"
        f" WHERE s.public_id = %s AND a.position = %s AND a.submitted_at IS NULL"
        f" AND a.instrument_id IN ({among})"
        # A link opens only a self-test no account has kept (see access._opens).
        f" AND ((s.token_hash = %s AND s.owner_id IS NULL) OR s.owner_id = %s)"
        f" ON CONFLICT (assessment_id, item_id)"
        f" DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
    )


@cache
def _upsert_sql() -> str:
    answer, part = Answer._meta, Assessment._meta
    return (
        f"INSERT INTO {answer.db_table} (assessment_id, item_id, value, updated_at)"
        f" SELECT %s, %s, %s, %s WHERE EXISTS (SELECT 1 FROM {part.db_table}"
        f" WHERE id = %s AND submitted_at IS NULL)"
        f" ON CONFLICT (assessment_id, item_id)"
        f" DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
    )


def clear_answer(assessment: Assessment, item_id: str) -> None:
    if assessment.submitted_at is not None:
        raise AlreadySubmitted(
            gettext("Deze vragenlijst is al afgerond; antwoorden liggen nu vast.")
        )
    if item_id not in instruments.of_assessment(assessment).item_ids:
        raise InputError(gettext("Onbekende vraag: %(item)s.") % {"item": item_id})
    Answer.objects.filter(assessment=assessment, item_id=item_id).delete()


def answers_of(assessment: Assessment) -> dict[str, int]:
    return dict(assessment.answers.values_list("item_id", "value"))


def missing_items(assessment: Assessment) -> list[str]:
    answered = set(assessment.answers.values_list("item_id", flat=True))
    return [i for i in instruments.of_assessment(assessment).item_ids if i not in answered]


def parts_of(selftest: SelfTest) -> list[layout.Part]:
    return [
        layout.Part(
            a.position, a.instrument_id, a.target, a.target_name, a.language,
            a.instrument_version,
        )
        for a in selftest.assessments.all()
    ]


def selftest_missing(selftest: SelfTest) -> list[Missing]:
    """Every unanswered question of the self-test, with the screen it is on."""
    screens = layout.build_screens(parts_of(selftest))
    assessments = {a.position: a for a in selftest.assessments.all()}
    answered = set(
        Answer.objects.filter(assessment__selftest=selftest).values_list(
            "assessment__position", "item_id"
        )
    )
    return [
        Missing(assessments[q.position], q.item_id, q.text, screen.number)
        for screen in screens
        for q in screen.questions
        if (q.position, q.item_id) not in answered
    ]


def _score_and_store(assessment: Assessment) -> Result:
    instrument = instruments.of_assessment(assessment)
    scores, profile = scoring.score(instrument, answers_of(assessment))
    result = Result.objects.create(
        assessment=assessment,
        scores=scores,
        profile=profile,
        instrument_version=assessment.instrument_version,
        scoring_version=scoring.SCORING_VERSION,
    )
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["submitted_at"])
    return result


def _finish_if_complete(selftest: SelfTest) -> None:
    """Once every part has its result, the self-test is done and its charts are drawn."""
    if selftest.assessments.filter(submitted_at__isnull=True).exists():
        return
    selftest.submitted_at = timezone.now()
    selftest.save(update_fields=["submitted_at"])
    renderers.store_report(selftest)


@transaction.atomic
def submit_assessment(assessment: Assessment) -> Result:
    """Score one part; refuses while answers are missing or when already submitted."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.submitted_at is not None:
        raise AlreadySubmitted(gettext("Deze vragenlijst is al afgerond."))
    missing = missing_items(assessment)
    if missing:
        raise Incomplete(missing)
    result = _score_and_store(assessment)
    _finish_if_complete(assessment.selftest)
    return result


@transaction.atomic
def submit_selftest(selftest: SelfTest) -> None:
    """Score every part and render the charts; all of it, or (on any fault) nothing."""
    selftest = SelfTest.objects.select_for_update().get(pk=selftest.pk)
    if selftest.submitted_at is not None:
        raise AlreadySubmitted(gettext("Deze zelftest is al afgerond."))
    missing = selftest_missing(selftest)
    if missing:
        raise Incomplete([m.item_id for m in missing])
    for assessment in selftest.assessments.filter(submitted_at__isnull=True):
        _score_and_store(assessment)
    _finish_if_complete(selftest)


class NotYours(Exception):
    """The self-test already belongs to another account."""


@transaction.atomic
def claim_selftest(selftest: SelfTest, user: Any) -> None:
    """Keep an anonymous self-test in `user`'s account. From then on its private link
    opens nothing (access._opens): whoever else held it lost it with the claim."""
    locked = SelfTest.objects.select_for_update().get(pk=selftest.pk)
    if locked.owner_id not in (None, user.pk):
        raise NotYours()
    if locked.owner_id is None:
        locked.owner = user
        locked.save(update_fields=["owner"])
    selftest.owner = user


@transaction.atomic
def renew_link(selftest: SelfTest) -> str:
    """A new private link for the self-test; the old one opens nothing any more."""
    token = new_token()
    SelfTest.objects.filter(pk=selftest.pk).update(token_hash=hash_token(token))
    selftest.token_hash = hash_token(token)
    return token


def delete_selftest(selftest: SelfTest) -> None:
    """Hard delete: the self-test, its assessments, answers, results and charts."""
    selftest.delete()
