"""Making the things a practice test needs: a submitted self-test, a session."""

from __future__ import annotations

from typing import Any

from verbinding.web.assessments import layout, services
from verbinding.web.assessments.models import SelfTest
from web.selftest_helpers import leaning


def submitted_selftest(user: Any, high: set[str], targets: list[str] | None = None,
                       name: str = "", language: str | None = None) -> SelfTest:
    """A self-test owned by `user` (taken in `language`, default the active one), answered
    by someone who recognises `high`, submitted."""
    selftest, _ = services.start_selftest(targets or [], name, owner=user, language=language)
    value_for = leaning(high)
    for screen in layout.build_screens(services.parts_of(selftest)):
        for question in screen.questions:
            assessment = selftest.assessments.get(position=question.position)
            services.save_answer(assessment, question.item_id, value_for(question))
    services.submit_selftest(selftest)
    selftest.refresh_from_db()
    return selftest


def start_session(client: Any, exercise_id: str) -> int:
    """Press "Begin" on an exercise page; returns the new session's id."""
    from verbinding.web.practice.models import PracticeSession

    response = client.post(f"/oefenen/{exercise_id}/begin/")
    assert response.status_code == 302, response.content.decode()[:1000]
    return PracticeSession.objects.latest("id").pk
