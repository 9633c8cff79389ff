"""Fuzzing the JSON API with schemathesis, against the schema it serves (`/api/v1/openapi.json`).

Every operation of the served schema is fuzzed with a small, fixed number of derandomized
examples (`EXAMPLES_PER_OPERATION` in schemathesis' fuzzing phase), so a run is repeatable
and quick. Three passes:

* anyone, without a token: every operation, exactly as the schema allows, plus the
  deterministic boundary cases of schemathesis' coverage phase (missing and wrong-typed
  values, undocumented methods). The assessment calls end at the 404 (or the 422 of a
  malformed id or body), which must still be well-formed;
* existing instruments: the calls that need no assessment (the instruments, creating an
  assessment), now also with instrument ids, targets and languages that exist;
* the owner: every call on one assessment, with that assessment's id and bearer token put
  into each request, so the fuzzer gets past the 404. It runs against an assessment with
  every question answered (submit is 200 once, then 409) and against a submitted one
  (result and PDF report are 200, changing answers is 409). The state carries over from
  one example to the next, as it would for a real client.

The schema cannot say which ids exist, so random strings would almost never reach the
2xx branches. In the last two passes, half of the schema-valid (positive) examples get
values that exist swapped in (an instrument with one of its targets and languages, an
item of the assessment, an answer on the scale); these are schema-valid too, so the
example stays positive. Schema-breaking (negative) examples are sent as generated.
(Schemathesis runs its coverage phase only for tests without extra strategies, hence
the separate first pass.)

Checks on every response:

* `not_a_server_error`: no 5xx;
* `status_code_conformance`: only documented status codes;
* `content_type_conformance`: the documented media type;
* `response_schema_conformance`: the body matches the documented schema;
* `response_headers_conformance`: documented headers are present and valid (none are
  documented today; this guards future ones);
* `negative_data_rejection`: a request that breaks the schema is refused with a 4xx;
* `unsupported_method`: an undocumented method on a documented path is a 405 (coverage
  phase, first pass).

Left out, deliberately:

* `positive_data_acceptance`: the schema cannot express which instruments, targets and
  languages exist, or that a named target needs a name, so a schema-valid request can
  rightly be a 422 (unknown instrument) or 409 (already submitted);
* `ignored_auth`, `missing_required_header`: the schema declares no security scheme and
  no header. The token travels in `Authorization` by design, and a wrong or missing token
  is a 404, never a 401, so that an id never reveals whether it exists; tests/web/test_api.py
  checks that on every call;
* `use_after_free`, `ensure_resource_availability`: they follow the links of schemathesis'
  stateful phase, which this schema does not declare; deletion is covered end to end in
  tests/web/test_api.py;
* `max_response_time`: timing on shared CI machines is not a property of the API.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from verbinding.measure.instrument import builtin_instruments, get_instrument

API = "/api/v1"
EXAMPLES_PER_OPERATION = 25
CHECKS: list[Callable[..., Any]] = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    unsupported_method,
]
# The owner's assessment: a relationship form about a named person, the richest case.
OWNED = {"instrument": "relatie", "target": "persoon", "target_name": "Sanne"}
SCALE = get_instrument(OWNED["instrument"]).response_scale

# Loaded at collection from the running app: this fails loudly if the schema is not served.
served = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())
ASSESSMENT_CALLS = r"\{assessment_id\}"
owner_calls = served.include(path_regex=ASSESSMENT_CALLS)
public_calls = served.exclude(path_regex=ASSESSMENT_CALLS)

# The requests go through the real WSGI handler, which closes "old" database connections
# at the start and end of each request; that breaks a test wrapped in one transaction, so
# every test here uses a transactional database (real commits, as in production).
bounded = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    # The owner's assessment is made once per operation and deliberately carries over
    # from one example to the next (a submit is 200 once, then 409).
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _existing_instrument(data: st.DataObject) -> dict[str, str]:
    """An instrument with one of its targets and languages: what a real client sends."""
    instrument = get_instrument(data.draw(st.sampled_from(sorted(builtin_instruments()))))
    targets = [t.id for t in instrument.targets] or [""]
    return {
        "instrument": instrument.id,
        "target": data.draw(st.sampled_from(targets)),
        "language": data.draw(st.sampled_from(sorted(instrument.languages))),
    }


def _use_existing_values(case: Case, data: st.DataObject, item_ids: list[str]) -> None:
    """In half of the positive examples, swap in ids that exist (all schema-valid)."""
    meta = case.meta
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE:
        return
    if not data.draw(st.booleans(), label="use existing values"):
        return
    path = case.path_parameters or {}
    if "instrument_id" in path:
        known = _existing_instrument(data)
        path["instrument_id"] = known["instrument"]
        case.query = {**(case.query or {}), "language": known["language"]}
    if "item_id" in path:
        path["item_id"] = data.draw(st.sampled_from(item_ids))
    if isinstance(case.body, dict):
        if "instrument" in case.body:
            case.body.update(_existing_instrument(data))
        if "value" in case.body:
            case.body["value"] = data.draw(st.integers(SCALE.min, SCALE.max))


def _is_uuid(value: object) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@pytest.fixture(params=["answered", "submitted"])
def assessment(request: pytest.FixtureRequest, transactional_db: None) -> dict[str, Any]:
    """An assessment made through the API with every question answered; maybe submitted."""
    client = Client()
    created = client.post(f"{API}/assessments", OWNED, content_type="application/json").json()
    headers = {"Authorization": f"Bearer {created['token']}"}
    base = f"{API}/assessments/{created['id']}"
    for item in created["items"]:
        answered = client.put(
            f"{base}/answers/{item['id']}",
            {"value": 5},
            content_type="application/json",
            headers=headers,
        )
        assert answered.status_code == 200, answered.content
    if request.param == "submitted":
        assert client.post(f"{base}/submit", headers=headers).status_code == 200
    return created


@pytest.mark.django_db(transaction=True)
@served.parametrize()
@bounded
def test_anyone_gets_documented_answers_and_never_a_server_error(case: Case) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db(transaction=True)
@public_calls.parametrize()
@public_calls.given(data=st.data())
@bounded
def test_existing_instruments_get_documented_answers_and_never_a_server_error(
    case: Case, data: st.DataObject
) -> None:
    _use_existing_values(case, data, item_ids=[])
    case.call_and_validate(checks=CHECKS)


@owner_calls.parametrize()
@owner_calls.given(data=st.data())
@bounded
def test_the_owner_gets_documented_answers_and_never_a_server_error(
    case: Case, data: st.DataObject, assessment: dict[str, Any]
) -> None:
    path = case.path_parameters or {}
    if _is_uuid(path.get("assessment_id")):
        # A well-formed id becomes the owner's; a malformed one is kept (and must be a 422).
        path["assessment_id"] = assessment["id"]
    _use_existing_values(case, data, [item["id"] for item in assessment["items"]])
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {assessment['token']}"}
    case.call_and_validate(checks=CHECKS)
