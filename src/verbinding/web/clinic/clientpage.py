"""What a therapist sees of one client: only what that client chose to share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from verbinding.content import library
from verbinding.interpret import numbers
from verbinding.web.assessments import pagecache, progress, report, targets
from verbinding.web.assessments.models import SelfTest
from verbinding.web.clinic import services
from verbinding.web.clinic.models import Sharing
from verbinding.web.journal import pages as journal_pages
from verbinding.web.practice.models import PlanItem, PracticeSession

RECENT_SESSIONS = 20


def relation_history(selftests: list[SelfTest]) -> list[dict[str, Any]]:
    """Per relationship, each self-test's anxiety, avoidance and confusion scores."""
    by_label: dict[tuple[int, str], list[dict[str, Any]]] = {}
    order = targets.target_order()
    for selftest in selftests:
        for assessment in selftest.assessments.all():
            if assessment.instrument_id != targets.RELATION_INSTRUMENT:
                continue
            if not hasattr(assessment, "result"):
                continue
            label = targets.target_label(assessment.target, assessment.target_name)
            scores = assessment.result.scores
            values = [
                numbers.score(scores.get(s, {}).get("score"), get_language())
                for s in progress.RELATION_SCALES
            ]
            key = (order.get(assessment.target, len(order)), label)
            by_label.setdefault(key, []).append({"date": selftest.submitted_at, "values": values})
    return [{"label": label, "rows": rows} for (_, label), rows in sorted(by_label.items())]


def profiles_context(client: Any) -> dict[str, Any]:
    selftests = progress.submitted_selftests(client)
    context: dict[str, Any] = {
        "selftests": selftests,
        "history": progress.history_rows(selftests),
        "relations": relation_history(selftests),
    }
    if len(selftests) >= 2:
        context["comparison"] = progress.compare(selftests[-2], selftests[-1])
    if selftests and hasattr(selftests[-1], "report"):
        context["latest_report"] = selftests[-1].report
        # The profile in the therapist's language, drawn wide and for a phone, as the
        # person's own pages show it.
        context["latest_charts"] = pagecache.result_charts(
            selftests[-1], get_language() or settings.LANGUAGE_CODE, with_plane=False
        )
    if selftests:
        context["norms"] = report.norms_of(selftests[-1])
    return context


def practice_context(client: Any) -> dict[str, Any]:
    sessions = list(
        PracticeSession.objects.filter(user=client, finished_at__isnull=False)[:RECENT_SESSIONS]
    )
    exercises = library().exercises()
    return {
        "sessions": [(s, exercises.get(s.exercise_id, (None, None))[1]) for s in sessions],
        "plan": [
            (item, exercises.get(item.exercise_id, (None, None))[1])
            for item in PlanItem.objects.filter(user=client, active=True)
        ],
    }


def exercise_title(exercise_id: str) -> str:
    found = library().exercise(exercise_id)
    return found[1].title if found else exercise_id


def exercise_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The exercises grouped per style, for the assignment form."""
    return [
        (style.name, [(e.id, e.title) for e in style.exercises])
        for style in library().styles.values()
    ]


def client_context(sharing: Sharing, today: dt.date) -> dict[str, Any]:
    client = sharing.client
    context: dict[str, Any] = {"sharing": sharing, "client": client}
    if sharing.share_profiles:
        context["profiles"] = profiles_context(client)
    if sharing.share_signs:
        context["signs"] = journal_pages.progress_context(client, today)
    if sharing.share_reactions:
        context["reactions"] = journal_pages.reactions_context(client, today)
    if sharing.share_practice:
        context["practice"] = practice_context(client)
    file = services.client_record_for(sharing.therapist, client)
    context["client_record"] = file
    context["notes"] = file.notes.all()
    context["exercise_choices"] = exercise_choices()
    return context


# The audit trail's record of a view is kept in Dutch (services.describe shows it in the
# reader's language), so these words are not translated here.
PART_WORDS = {"profiles": "profielen", "signs": "tekenen", "reactions": "reacties",
              "practice": "oefenen"}


def shared_parts(sharing: Sharing) -> str:
    """What the audit trail records for a view of the client page, in the client's words."""
    shown = [word for name, word in PART_WORDS.items() if sharing.shares(name)]
    return "overzichtspagina (" + ", ".join(shown or ["niets gedeeld"]) + ")"
