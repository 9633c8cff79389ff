"""What can be done with a plan and a practice session; the views call only these.

Every function that writes checks its input first and writes in one transaction, so a
tampered form changes nothing. `InputError` carries a sentence for the person, in the
language of the request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinding.content import library
from verbinding.content.models import Exercise, Style
from verbinding.web.assessments import targets
from verbinding.web.assessments.models import SelfTest
from verbinding.web.practice import proposal
from verbinding.web.practice.models import (
    CHECKIN_MAX,
    CHECKIN_MIN,
    PlanItem,
    PracticeSession,
    Source,
)
from verbinding.web.textrules import text_problem

MAX_REFLECTION = 5000


class InputError(ValueError):
    """Something a person sent that we cannot store; the message is for them."""


# --- exercises -------------------------------------------------------------------------


def exercise_or_none(exercise_id: str) -> tuple[Style, Exercise] | None:
    return library().exercise(exercise_id)


def exercise_of(exercise_id: str) -> tuple[Style, Exercise]:
    found = exercise_or_none(exercise_id)
    if found is None:
        raise InputError(_("Deze oefening kennen we niet. Kies een oefening uit de lijst."))
    return found


def catalogue() -> proposal.Catalogue:
    styles = library().styles
    return proposal.Catalogue(
        exercises={
            sid: [proposal.ExerciseInfo(ex.id, ex.duration_minutes) for ex in s.exercises]
            for sid, s in styles.items()
        },
        names={sid: s.short_name.lower() for sid, s in styles.items()},
    )


# --- the proposal from the latest profile ----------------------------------------------


def latest_selftest(user: Any) -> SelfTest | None:
    return SelfTest.objects.submitted_by(user).last()


def _who(target: str) -> str:
    # A named person's name is encrypted; the generated reason is not, so it stays general.
    if target in targets.named_targets():
        return _("de persoon die je koos")
    return targets.target_about(target)


def profile_of(selftest: SelfTest) -> proposal.Profile:
    scores: dict[str, float | None] = {}
    relations: list[proposal.Relation] = []
    all_alike = False
    for assessment in selftest.assessments.select_related("result"):
        result = getattr(assessment, "result", None)
        if result is None:
            continue
        if assessment.instrument_id == targets.STYLES_INSTRUMENT:
            scores = {k: (v or {}).get("score") for k, v in result.scores.items()}
            all_alike = bool(result.profile.get("acquiescence_flag"))
        elif assessment.instrument_id == targets.RELATION_INSTRUMENT:
            relations.append(proposal.Relation(
                _who(assessment.target),
                result.profile.get("quadrant"),
                bool(result.profile.get("borderline")),
                general=assessment.target in ("", "algemeen"),
            ))
    return proposal.Profile(scores=scores, relations=relations, all_alike=all_alike)


def proposal_for(user: Any) -> list[proposal.Proposed] | None:
    """The proposed plan, or None when the person has no submitted self-test yet."""
    selftest = latest_selftest(user)
    if selftest is None:
        return None
    return proposal.propose(profile_of(selftest), catalogue())


# --- the plan -----------------------------------------------------------------------------


def plan_items(user: Any) -> list[PlanItem]:
    return list(PlanItem.objects.filter(user=user))


def _next_position(user: Any) -> int:
    top = PlanItem.objects.filter(user=user).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


def check_times(raw: object) -> int:
    try:
        number = int(str(raw))
    except ValueError:
        number = 0
    if not 1 <= number <= 7:
        raise InputError(_("Kies hoe vaak per week: van 1 tot en met 7 keer."))
    return number


@transaction.atomic
def accept_proposal(user: Any) -> int:
    """Add the proposed exercises that are not yet in the plan; returns how many."""
    proposed = proposal_for(user)
    if proposed is None:
        raise InputError(_("Er is nog geen zelftest om een voorstel op te baseren."))
    have = set(PlanItem.objects.filter(user=user).values_list("exercise_id", flat=True))
    position = _next_position(user)
    added = 0
    for item in proposed:
        if item.exercise_id in have:
            continue
        PlanItem.objects.create(
            user=user, exercise_id=item.exercise_id, times_per_week=item.times_per_week,
            source=Source.PROPOSAL, position=position + added, reason=item.reason,
        )
        added += 1
    return added


@transaction.atomic
def add_item(user: Any, exercise_id: str, times: object = None) -> PlanItem | None:
    """Add one exercise; None when it was already in the plan (nothing changes then)."""
    _style, exercise = exercise_of(exercise_id)
    count = (proposal.times_per_week(exercise.duration_minutes) if times in (None, "")
             else check_times(times))
    if PlanItem.objects.filter(user=user, exercise_id=exercise_id).exists():
        return None
    return PlanItem.objects.create(
        user=user, exercise_id=exercise_id, times_per_week=count, source=Source.SELF,
        position=_next_position(user),
    )


def set_times(item: PlanItem, raw: object) -> None:
    item.times_per_week = check_times(raw)
    item.save(update_fields=["times_per_week"])


@transaction.atomic
def move(item: PlanItem, direction: str) -> None:
    """Swap with the neighbour above ("op") or below ("neer")."""
    if direction not in ("op", "neer"):
        raise InputError(_("Onbekende richting. Gebruik de knoppen omhoog of omlaag."))
    items = list(PlanItem.objects.select_for_update().filter(user=item.user_id))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other_index = index - 1 if direction == "op" else index + 1
    if not 0 <= other_index < len(items):
        return  # already at the top or bottom: nothing to do
    items[index], items[other_index] = items[other_index], items[index]
    for position, each in enumerate(items):
        if each.position != position:
            each.position = position
            each.save(update_fields=["position"])


def remove(item: PlanItem) -> None:
    item.delete()


# --- sessions -------------------------------------------------------------------------


def start_session(user: Any, exercise_id: str, plan_item: PlanItem | None) -> PracticeSession:
    style, exercise = exercise_of(exercise_id)
    if plan_item is not None and plan_item.exercise_id != exercise_id:
        plan_item = None  # a plan item of another exercise does not count for this one
    return PracticeSession.objects.create(
        user=user, exercise_id=exercise.id, style=style.id, started_at=timezone.now(),
        plan_item=plan_item,
    )


def check_scale(raw: object, what: str) -> int:
    try:
        number = int(str(raw))
    except ValueError:
        number = None
    if number is None or not CHECKIN_MIN <= number <= CHECKIN_MAX:
        raise InputError(_("Kies voor %(what)s een getal van %(low)d tot en met %(high)d.")
                         % {"what": what, "low": CHECKIN_MIN, "high": CHECKIN_MAX})
    return number


@dataclass(frozen=True)
class CheckIn:
    tension: int | None
    calm: int | None


def parse_checkin(data: Any) -> CheckIn:
    """Both values, or (when the person chose to skip) neither."""
    if data.get("overslaan"):
        return CheckIn(None, None)
    return CheckIn(check_scale(data.get("spanning"), _("spanning")),
                   check_scale(data.get("rust"), _("rust")))


def save_checkin(session: PracticeSession, moment: str, checkin: CheckIn) -> None:
    if moment == "voor":
        session.tension_before, session.calm_before = checkin.tension, checkin.calm
        session.save(update_fields=["tension_before", "calm_before"])
        return
    session.tension_after, session.calm_after = checkin.tension, checkin.calm
    session.finished_at = session.finished_at or timezone.now()
    session.save(update_fields=["tension_after", "calm_after", "finished_at"])


def all_emotion_words() -> set[str]:
    """The words of every language: someone who switches language keeps their choice."""
    return {word for code, _name in settings.LANGUAGES
            for group in library(code).emotion_words.groups for word in group.words}


def save_words(session: PracticeSession, chosen: list[str]) -> None:
    unknown = [w for w in chosen if w not in all_emotion_words()]
    if unknown:
        raise InputError(_("Er is een woord gekozen dat niet in de lijst staat. "
                           "Laad de pagina opnieuw en kies uit de woorden die je ziet."))
    # Keep the list's order and drop doubles, so the page shows each word once.
    session.words = list(dict.fromkeys(chosen))
    session.save(update_fields=["emotion_words"])


def save_reflection(session: PracticeSession, text: str) -> None:
    text = text.strip()
    if problem := text_problem(text, multiline=True):
        raise InputError(problem + " " + _("Niets is bewaard."))
    if len(text) > MAX_REFLECTION:
        raise InputError(_("Je tekst is langer dan %(most)d tekens. "
                           "Maak hem wat korter; niets is bewaard.") % {"most": MAX_REFLECTION})
    session.reflection = text
    session.save(update_fields=["reflection"])


# --- this week ------------------------------------------------------------------------


def week_bounds(today: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 to next Monday 00:00, in the site's time zone."""
    monday = today - dt.timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=tz)
    return start, start + dt.timedelta(days=7)


def sessions_this_week(user: Any, today: dt.date) -> dict[str, int]:
    start, end = week_bounds(today)
    counts: dict[str, int] = {}
    rows = PracticeSession.objects.filter(
        user=user, finished_at__isnull=False, started_at__gte=start, started_at__lt=end
    ).values_list("exercise_id", flat=True)
    for exercise_id in rows:
        counts[exercise_id] = counts.get(exercise_id, 0) + 1
    return counts


def open_this_week(user: Any, today: dt.date) -> list[tuple[PlanItem, int]]:
    """Active plan items with fewer finished sessions this week than planned, and how
    many times are left."""
    done = sessions_this_week(user, today)
    return [
        (item, item.times_per_week - done.get(item.exercise_id, 0))
        for item in PlanItem.objects.filter(user=user, active=True)
        if done.get(item.exercise_id, 0) < item.times_per_week
    ]
