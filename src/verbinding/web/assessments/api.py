"""The JSON API (django-ninja): `/api/v1/`. Outside clients rely on this contract.

Every assessment call sends `Authorization: Bearer <token>`. A wrong or missing token is
a 404, exactly like an unknown id, so the API never reveals that an assessment exists.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import HttpError, ValidationError
from pydantic import Field

from verbinding.i18n import SOURCE_LANGUAGE, text_in
from verbinding.interpret import numbers
from verbinding.web.assessments import access, instruments, layout, renderers, services
from verbinding.web.assessments.models import Assessment
from verbinding.web.textrules import PlainLine

api = NinjaAPI(
    title="Verbindingsstijlen API",
    version="1",
    urls_namespace="api",
    # The interactive docs page loads its scripts from a CDN; we make no outside requests.
    docs_url=None,
    description=(
        "Vragenlijsten, zelftests en uitslagen. Self-knowledge, not diagnosis. "
        + numbers.machine_note(SOURCE_LANGUAGE)
    ),
)


class Detail(Schema):
    detail: str


class Missing(Schema):
    detail: str
    missing: list[str]


class InstrumentSummary(Schema):
    id: str
    version: str
    title: str


class ScaleOut(Schema):
    id: str
    title: str
    items: list[str]


class ItemOut(Schema):
    id: str
    text: str
    scale: str | None
    reverse: bool


class TargetOut(Schema):
    id: str
    phrase: str
    named: bool


class ResponseScaleOut(Schema):
    min: int
    max: int
    labels: dict[str, dict[int, str]]


class InstrumentOut(Schema):
    id: str
    version: str
    content_hash: str
    title: str
    response_scale: ResponseScaleOut
    scales: list[ScaleOut]
    items: list[ItemOut]
    targets: list[TargetOut]


class AssessmentIn(Schema):
    # Every string a client sends refuses control characters (see web/textrules.py).
    instrument: PlainLine = Field(max_length=64)
    target: PlainLine = Field("", max_length=32)
    target_name: PlainLine | None = Field(None, max_length=200)
    language: PlainLine = Field(SOURCE_LANGUAGE, max_length=8)


class ItemText(Schema):
    id: str
    text: str


class AssessmentCreated(Schema):
    id: uuid.UUID
    token: str
    items: list[ItemText]
    resume_url: str


class AnswerIn(Schema):
    value: int


class AnswerOut(Schema):
    item_id: str
    value: int


class AssessmentOut(Schema):
    id: uuid.UUID
    instrument: str
    instrument_version: str
    target: str
    target_name: str
    answered: int
    total: int
    submitted: bool
    answers: dict[str, int]


class ScaleScore(Schema):
    score: float | None
    ci90: list[float | None] | None
    n_answered: int


class ResultOut(Schema):
    scores: dict[str, ScaleScore]
    profile: dict[str, Any]
    instrument_version: str
    scoring_version: str


def _text(texts: dict[str, str], language: str) -> str:
    return text_in(texts, language)


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def _assessment(request: HttpRequest, assessment_id: uuid.UUID) -> Assessment:
    return access.get_assessment_for_token(assessment_id, _bearer(request))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Niet gevonden. (Not found.)"}, status=404)


@api.exception_handler(services.Incomplete)
def _incomplete(request: HttpRequest, exc: services.Incomplete) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc), "missing": exc.missing}, status=409)


@api.exception_handler(services.AlreadySubmitted)
def _submitted(request: HttpRequest, exc: services.AlreadySubmitted) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(services.InputError)
def _input(request: HttpRequest, exc: services.InputError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja answers a body it cannot parse with 400; the contract (docs/api.md and
    # the schema) says malformed JSON is a 422, like any other input we cannot use.
    if exc.status_code == 400:
        detail = "Ongeldige invoer: de JSON is niet te lezen. (Malformed JSON.)"
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({".".join(str(p) for p in e.get("loc", [])[1:]) for e in exc.errors})
    message = "Ongeldige invoer" + (f" in: {', '.join(fields)}" if fields else "") + "."
    return api.create_response(request, {"detail": message, "errors": exc.errors}, status=422)


@api.get("/instruments", response=list[InstrumentSummary], tags=["instruments"])
def list_instruments(request: HttpRequest) -> list[dict[str, str]]:
    return [
        {"id": i.id, "version": i.version, "title": _text(i.title, SOURCE_LANGUAGE)}
        for i in instruments.all_current().values()
    ]


@api.get(
    "/instruments/{instrument_id}",
    response={200: InstrumentOut, 404: Detail},
    tags=["instruments"],
)
def instrument_detail(
    request: HttpRequest, instrument_id: str, language: str = SOURCE_LANGUAGE
) -> Any:
    # A look-up among the known ids only: a client never makes the server open a path.
    inst = instruments.all_current().get(instrument_id)
    if inst is None:
        raise Http404
    scale_of = {item: s.id for s in inst.scales for item in s.items}
    labels = inst.response_scale.labels or {}
    return {
        "id": inst.id,
        "version": inst.version,
        "content_hash": inst.content_hash,
        "title": _text(inst.title, language),
        "response_scale": {
            "min": inst.response_scale.min,
            "max": inst.response_scale.max,
            "labels": {lang: dict(values) for lang, values in labels.items()},
        },
        "scales": [
            {"id": s.id, "title": _text(s.title, language), "items": list(s.items)}
            for s in inst.scales
        ],
        "items": [
            {
                "id": i.id,
                "text": _text(i.text, language),
                "scale": scale_of.get(i.id),
                "reverse": i.reverse,
            }
            for i in inst.items
        ],
        "targets": [
            {"id": t.id, "phrase": _text(t.phrase, language), "named": t.named}
            for t in inst.targets
        ],
    }


@api.post(
    "/assessments",
    response={201: AssessmentCreated, 422: Detail},
    tags=["assessments"],
)
def create_assessment(request: HttpRequest, payload: AssessmentIn) -> Any:
    assessment, token = services.start_assessment(
        payload.instrument, payload.target, payload.target_name or "", payload.language
    )
    part = services.parts_of(assessment.selftest)[0]
    items = [{"id": q.item_id, "text": q.text} for q in layout.questions_for(part)]
    resume = request.build_absolute_uri(reverse("assessments:resume", args=[token]))
    return Status(
        201, {"id": assessment.public_id, "token": token, "items": items, "resume_url": resume}
    )


def _progress(assessment: Assessment) -> dict[str, Any]:
    answers = services.answers_of(assessment)
    total = len(instruments.of_assessment(assessment).item_ids)
    return {
        "id": assessment.public_id,
        "instrument": assessment.instrument_id,
        "instrument_version": assessment.instrument_version,
        "target": assessment.target,
        "target_name": assessment.target_name,
        "answered": len(answers),
        "total": total,
        "submitted": assessment.submitted_at is not None,
        "answers": answers,
    }


@api.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, 404: Detail, 422: Detail},
    tags=["assessments"],
)
def get_assessment(request: HttpRequest, assessment_id: uuid.UUID) -> Any:
    return _progress(_assessment(request, assessment_id))


@api.put(
    "/assessments/{assessment_id}/answers/{item_id}",
    response={200: AnswerOut, 404: Detail, 409: Detail, 422: Detail},
    tags=["assessments"],
)
def put_answer(
    request: HttpRequest, assessment_id: uuid.UUID, item_id: str, payload: AnswerIn
) -> Any:
    assessment = _assessment(request, assessment_id)
    value = services.save_answer(assessment, item_id, payload.value)
    return {"item_id": item_id, "value": value}


@api.delete(
    "/assessments/{assessment_id}/answers/{item_id}",
    response={204: None, 404: Detail, 409: Detail, 422: Detail},
    tags=["assessments"],
)
def delete_answer(request: HttpRequest, assessment_id: uuid.UUID, item_id: str) -> Any:
    services.clear_answer(_assessment(request, assessment_id), item_id)
    return Status(204, None)


def _result(assessment: Assessment) -> dict[str, Any]:
    stored = assessment.result
    return {
        "scores": {
            scale: {k: v for k, v in values.items() if k in ("score", "ci90", "n_answered")}
            for scale, values in stored.scores.items()
        },
        "profile": stored.profile,
        "instrument_version": stored.instrument_version,
        "scoring_version": stored.scoring_version,
    }


@api.post(
    "/assessments/{assessment_id}/submit",
    response={200: ResultOut, 404: Detail, 409: Missing | Detail, 422: Detail},
    tags=["assessments"],
)
def submit(request: HttpRequest, assessment_id: uuid.UUID) -> Any:
    assessment = _assessment(request, assessment_id)
    services.submit_assessment(assessment)
    assessment.refresh_from_db()
    return _result(assessment)


@api.get(
    "/assessments/{assessment_id}/result",
    response={200: ResultOut, 404: Detail, 409: Detail, 422: Detail},
    tags=["assessments"],
)
def get_result(request: HttpRequest, assessment_id: uuid.UUID) -> Any:
    assessment = _assessment(request, assessment_id)
    if assessment.submitted_at is None:
        return Status(
            409, {"detail": "Nog niet afgerond: er is nog geen uitslag. (Not submitted yet.)"}
        )
    return _result(assessment)


@api.get(
    "/assessments/{assessment_id}/report.pdf",
    response={404: Detail, 409: Detail, 422: Detail},
    tags=["assessments"],
    # The 200 is a file, not a JSON schema: documented by hand.
    openapi_extra={
        "responses": {
            "200": {
                "description": "Het PDF-rapport. (The PDF report.)",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def report(request: HttpRequest, assessment_id: uuid.UUID) -> Any:
    assessment = _assessment(request, assessment_id)
    if assessment.selftest.submitted_at is None:
        return Status(
            409, {"detail": "Nog niet afgerond: er is nog geen rapport. (Not submitted yet.)"}
        )
    filename, media_type, data = renderers.render_pdf(assessment.selftest)
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@api.delete(
    "/assessments/{assessment_id}",
    response={204: None, 404: Detail, 422: Detail},
    tags=["assessments"],
)
def delete_assessment(request: HttpRequest, assessment_id: uuid.UUID) -> Any:
    """Deletes the assessment with everything about it: answers, result, its self-test."""
    assessment = _assessment(request, assessment_id)
    services.delete_selftest(assessment.selftest)
    return Status(204, None)
