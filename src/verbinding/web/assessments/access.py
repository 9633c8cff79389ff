"""Who may open which self-test or assessment.

A browser opens the unclaimed self-tests whose token hashes sit in its session; the
resume link puts one there. Once a self-test is kept in an account, its link opens
nothing: only the owner, logged in, opens it. Everything else is a 404, whether or not
the object exists, so guessing an id tells nothing.

The session (server-side, encrypted with a key only the browser's cookie holds) keeps
the hash for access and, apart from it, the link itself so this browser can show it
again; nothing on the server can read either without the cookie.
"""

from __future__ import annotations

import hmac
import uuid
from datetime import datetime
from functools import cache

from django.db import connection
from django.http import Http404, HttpRequest
from django.utils import timezone

from verbinding.web import plainsql
from verbinding.web.assessments.models import Assessment, SelfTest, hash_token

SESSION_KEY = "selftests"  # public id -> token hash: what opens a self-test
LINKS_KEY = "resume_links"  # public id -> token: only to show this browser its link
OPENED_KEY = "opened_by_link"  # public id -> when this browser arrived through a link
MAX_POSITION = 32767  # a part's position is a small integer column


def remember(
    request: HttpRequest, selftest: SelfTest, token: str, *, by_link: bool = False
) -> None:
    key = str(selftest.public_id)
    for name, value in ((SESSION_KEY, hash_token(token)), (LINKS_KEY, token)):
        request.session[name] = {**request.session.get(name, {}), key: value}
    if by_link:  # a link can be planted in someone's browser: the claim page says so
        when = timezone.now().isoformat()
        request.session[OPENED_KEY] = {**request.session.get(OPENED_KEY, {}), key: when}


def forget(request: HttpRequest, public_id: uuid.UUID) -> None:
    for name in (SESSION_KEY, LINKS_KEY, OPENED_KEY):
        kept = dict(request.session.get(name, {}))
        if kept.pop(str(public_id), None) is not None:
            request.session[name] = kept


def hash_in_session(request: HttpRequest, public_id: uuid.UUID) -> str | None:
    found = request.session.get(SESSION_KEY, {}).get(str(public_id))
    return found if isinstance(found, str) else None


def token_in_session(request: HttpRequest, public_id: uuid.UUID) -> str | None:
    """The private link's token, to show it again; never used to decide access."""
    token: str | None = request.session.get(LINKS_KEY, {}).get(str(public_id))
    return token


def opened_by_link_at(request: HttpRequest, public_id: uuid.UUID) -> datetime | None:
    raw = request.session.get(OPENED_KEY, {}).get(str(public_id))
    return datetime.fromisoformat(raw) if raw else None


def _may_open(request: HttpRequest, selftest: SelfTest | None, token_hash: str | None) -> bool:
    if selftest is None:
        return False
    return _opens(request, token_hash, selftest.token_hash, selftest.owner_id)


def _opens(
    request: HttpRequest, session_hash: str | None, token_hash: str, owner_id: int | None
) -> bool:
    """The owner is the person logged in, or, for a self-test no account has kept, the
    session holds its token's hash."""
    user = getattr(request, "user", None)
    if owner_id is not None:
        return bool(user and user.is_authenticated and owner_id == user.pk)
    return bool(session_hash) and hmac.compare_digest(token_hash, session_hash or "")


def _nobody(request: HttpRequest, token: str | None) -> bool:
    user = getattr(request, "user", None)
    return not token and not (user and user.is_authenticated)


def get_selftest_for(request: HttpRequest, public_id: uuid.UUID) -> SelfTest:
    """The self-test if this browser holds its token, or its owner is logged in; else 404."""
    token_hash = hash_in_session(request, public_id)
    if _nobody(request, token_hash):
        raise Http404("zelftest niet gevonden")
    found = _selftest_row(public_id)
    if found is None or not _may_open(request, found, token_hash):
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
    token_hash = hash_in_session(request, public_id)
    if _nobody(request, token_hash):
        raise Http404("zelftest niet gevonden")
    part = (
        list(
            Assessment.objects.select_related("selftest")
            .filter(selftest__public_id=public_id, position=position)
            .order_by()[:1]
        )
        if position <= MAX_POSITION  # beyond the column's range: no such part
        else []
    )
    if part and _may_open(request, part[0].selftest, token_hash):
        return part[0]
    get_selftest_for(request, public_id)  # 404 unless the self-test itself is open to it
    return None


def unclaimed_in_session(request: HttpRequest) -> list[SelfTest]:
    """Self-tests this browser holds that no account has kept yet (one query, however
    many there are)."""
    held = request.session.get(SESSION_KEY, {})
    candidates = SelfTest.objects.filter(
        token_hash__in=[h for h in held.values() if isinstance(h, str)], owner__isnull=True
    ).order_by("created_at")
    return [s for s in candidates if held.get(str(s.public_id)) == s.token_hash]


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
    if assessment is None or assessment.selftest.owner_id is not None or not hmac.compare_digest(
        assessment.selftest.token_hash, hash_token(token)
    ):
        raise Http404("niet gevonden")
    return assessment
