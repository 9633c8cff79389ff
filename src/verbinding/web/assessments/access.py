"""Who may open which self-test or assessment.

A browser owns the self-tests whose tokens sit in its (signed) session; the resume link
puts a token there. Everything else is a 404, whether or not the object exists, so
guessing an id tells nothing.
"""

from __future__ import annotations

import hmac
import uuid

from django.http import Http404, HttpRequest

from verbinding.web.assessments.models import Assessment, SelfTest, hash_token

SESSION_KEY = "selftests"


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


def _owned_by_user(request: HttpRequest, selftest: SelfTest) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and selftest.owner_id == user.pk)


def _may_open(request: HttpRequest, selftest: SelfTest | None, token: str | None) -> bool:
    if selftest is None:
        return False
    if _owned_by_user(request, selftest):
        return True
    return bool(token) and hmac.compare_digest(selftest.token_hash, hash_token(token or ""))


def _nobody(request: HttpRequest, token: str | None) -> bool:
    user = getattr(request, "user", None)
    return not token and not (user and user.is_authenticated)


def get_selftest_for(request: HttpRequest, public_id: uuid.UUID) -> SelfTest:
    """The self-test if this browser holds its token, or its owner is logged in; else 404."""
    token = token_in_session(request, public_id)
    if _nobody(request, token):
        raise Http404("zelftest niet gevonden")
    selftest = SelfTest.objects.filter(public_id=public_id).order_by()[:1]
    found = selftest[0] if selftest else None
    if found is None or not _may_open(request, found, token):
        raise Http404("zelftest niet gevonden")
    return found


def get_part_for(request: HttpRequest, public_id: uuid.UUID, position: int) -> Assessment | None:
    """Part `position` of a self-test this browser may open, in one query (the autosave
    path); None when the self-test is open to it but has no such part; else 404."""
    token = token_in_session(request, public_id)
    if _nobody(request, token):
        raise Http404("zelftest niet gevonden")
    part = (
        Assessment.objects.select_related("selftest")
        .filter(selftest__public_id=public_id, position=position)
        .order_by()[:1]
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
