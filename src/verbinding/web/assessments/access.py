"""Who may open which self-test or assessment.

A browser owns the self-tests whose tokens sit in its (signed) session; the resume link
puts a token there. Everything else is a 404, whether or not the object exists, so
guessing an id tells nothing.
"""

from __future__ import annotations

import hmac
import uuid
from functools import cache

from django.db import connection
from django.http import Http404, HttpRequest

from verbinding.web import plainsql
from verbinding.web.assessments.models import Assessment, SelfTest, hash_token

SESSION_KEY = "selftests"
MAX_POSITION = 32767  # a part's position is a small integer column


def remember(request: HttpRequest, selftest: SelfTest, token: str) -> None:
    owned = dict(request.session.get(SESSION_KEY, {}))
    owned[str(selftest.public_id)] = token
    request.session[SESSION_KEY] = owned


def forget(request: HttpRequest, public_id: uuid.UUID) -> None:
    owned = dict(request.session.get(SESSION_KEY, {}))
    owned.pop(str(public_id), None)
    request.session[SESSION_KEY] = owned


def token_in_session(request: HttpRequest, public_id: uuid.UUID) -> str | None:
    return request.session.get(SESSION_KEY, {}).get(str(public_id))


def _may_open(request: HttpRequest, selftest: SelfTest | None, token: str | None) -> bool:
    if selftest is None:
        return False
    return _opens(request, token, selftest.token_hash, selftest.owner_id)


def _opens(request: HttpRequest, token: str | None, token_hash: str, owner_id: int | None) -> bool:
    """The session's token matches, or the owner is the person logged in."""
    if token and hmac.compare_digest(token_hash, hash_token(token)):
        return True
    user = getattr(request, "user", None)
    return owner_id is not None and bool(user and user.is_authenticated and owner_id == user.pk)


def _nobody(request: HttpRequest, token: str | None) -> bool:
    user = getattr(request, "user", None)
    return not token and not (user and user.is_authenticated)


def get_selftest_for(request: HttpRequest, public_id: uuid.UUID) -> SelfTest:
    """The self-test if this browser holds its token, or its owner is logged in; else 404."""
    token = token_in_session(request, public_id)
    if _nobody(request, token):
        raise Http404("zelftest niet gevonden")
    found = _selftest_row(public_id)
    if found is None or not _may_open(request, found, token):
        raise Http404("zelftest niet gevonden")
    return found


def _selftest_row(public_id: uuid.UUID) -> SelfTest | None:
    """The self-test with this public id, by plain SQL: every self-test page and the
    results page ask this first, and the query builder cost more than the query."""
    key = SelfTest._meta.get_field("public_id").get_db_prep_value(public_id, connection)
    with connection.cursor() as cursor:
        cursor.execute(_selftest_sql(), [key])
        row = cursor.fetchone()
    return None if row is None else plainsql.from_row(SelfTest, row)


@cache
def _selftest_sql() -> str:
    table = SelfTest._meta.db_table
    return f"SELECT {plainsql.columns(SelfTest)} FROM {table} WHERE public_id = %s"


def get_part_for(request: HttpRequest, public_id: uuid.UUID, position: int) -> Assessment | None:
    """Part `position` of a self-test this browser may open; None when the self-test is
    open to it but has no such part; else 404. (The autosave's slow path: it explains why
    the one-statement save wrote nothing.)"""
    token = token_in_session(request, public_id)
    if _nobody(request, token):
        raise Http404("zelftest niet gevonden")
    part = (
        Assessment.objects.select_related("selftest")
        .filter(selftest__public_id=public_id, position=position)
        .order_by()[:1]
        if position <= MAX_POSITION  # beyond the column's range: no such part
        else []
    )
    if part and _may_open(request, part[0].selftest, token):
        return part[0]
    get_selftest_for(request, public_id)  # 404 unless the self-test itself is open to it
    return None


def unclaimed_in_session(request: HttpRequest) -> list[SelfTest]:
    """Self-tests this browser made without an account (their tokens are in the session)."""
    found = []
    for public_id, token in request.session.get(SESSION_KEY, {}).items():
        selftest = selftest_by_token(token)
        if selftest is None or str(selftest.public_id) != public_id:
            continue
        if selftest.owner_id is None:
            found.append(selftest)
    return found


def selftest_by_token(token: str) -> SelfTest | None:
    if not token or len(token) > 200:
        return None
    return SelfTest.objects.filter(token_hash=hash_token(token)).first()


def get_assessment_for_token(public_id: uuid.UUID, token: str | None) -> Assessment:
    """The assessment if `token` opens its self-test; else 404."""
    if not token or len(token) > 200:
        raise Http404("niet gevonden")
    assessment = (
        Assessment.objects.select_related("selftest").filter(public_id=public_id).first()
    )
    if assessment is None or not hmac.compare_digest(
        assessment.selftest.token_hash, hash_token(token)
    ):
        raise Http404("niet gevonden")
    return assessment
