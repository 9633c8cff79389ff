from __future__ import annotations

import io
import json
import logging

import pytest
from django.test import Client
from pypdf import PdfReader

from verbinding.measure.instrument import get_instrument
from verbinding.web.assessments.models import Answer, Assessment, Result, SelfTest

pytestmark = pytest.mark.django_db

API = "/api/v1"


def create(client: Client, **payload) -> dict:
    body = {"instrument": "vier-stijlen", **payload}
    response = client.post(f"{API}/assessments", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def put(client: Client, created: dict, item: str, value: object, token: str | None = None):
    return client.put(
        f"{API}/assessments/{created['id']}/answers/{item}",
        json.dumps({"value": value}),
        content_type="application/json",
        headers=auth(token or created["token"]),
    )


def answer_everything(client: Client, created: dict, value: int = 4) -> None:
    for item in created["items"]:
        assert put(client, created, item["id"], value).status_code == 200


def test_it_lists_the_instruments(anna: Client) -> None:
    listed = anna.get(f"{API}/instruments").json()
    assert {i["id"] for i in listed} >= {"vier-stijlen", "relatie"}
    assert set(listed[0]) == {"id", "version", "title"}


def test_it_shows_a_whole_instrument_definition(anna: Client) -> None:
    data = anna.get(f"{API}/instruments/relatie").json()
    assert data["response_scale"]["min"] == 1 and data["response_scale"]["max"] == 7
    assert data["response_scale"]["labels"]["nl"]["1"] == "Helemaal oneens"
    assert {s["id"] for s in data["scales"]} == {"angst", "vermijding", "desorganisatie"}
    item = data["items"][0]
    assert set(item) == {"id", "text", "scale", "reverse"}
    assert {t["id"] for t in data["targets"]} >= {"algemeen", "moeder", "persoon"}
    assert anna.get(f"{API}/instruments/bestaat-niet").status_code == 404


def test_creating_an_assessment_returns_token_items_and_resume_link(anna: Client) -> None:
    created = create(anna, instrument="relatie", target="moeder")
    assert len(created["token"]) >= 22
    assert len(created["items"]) == len(get_instrument("relatie").items)
    assert all("mijn moeder" in i["text"] or "{doel}" not in i["text"] for i in created["items"])
    assert created["resume_url"].startswith("http://testserver/zelftest/verder/")


@pytest.mark.parametrize(
    "payload",
    [
        {"instrument": "bestaat-niet"},
        {"instrument": "relatie", "target": "buurman"},
        {"instrument": "relatie", "target": "persoon"},
        {"instrument": "vier-stijlen", "language": "xx"},
    ],
)
def test_creating_with_bad_input_is_422_and_stores_nothing(anna: Client, payload: dict) -> None:
    response = anna.post(f"{API}/assessments", payload, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"]
    assert SelfTest.objects.count() == 0


def test_broken_json_is_422(anna: Client) -> None:
    response = anna.post(f"{API}/assessments", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert SelfTest.objects.count() == 0


def test_answers_can_be_put_changed_read_and_cleared(anna: Client) -> None:
    created = create(anna)
    first = created["items"][0]["id"]
    assert put(anna, created, first, 3).json() == {"item_id": first, "value": 3}
    put(anna, created, first, 6)
    state = anna.get(f"{API}/assessments/{created['id']}", headers=auth(created["token"])).json()
    assert state["answered"] == 1 and state["total"] == 48 and state["submitted"] is False
    assert state["answers"] == {first: 6}
    cleared = anna.delete(
        f"{API}/assessments/{created['id']}/answers/{first}", headers=auth(created["token"])
    )
    assert cleared.status_code == 204
    assert Answer.objects.count() == 0


@pytest.mark.parametrize("value", [0, 8, -1, "vier", 4.5, None])
def test_a_value_outside_the_scale_is_422_and_not_stored(anna: Client, value: object) -> None:
    created = create(anna)
    response = put(anna, created, created["items"][0]["id"], value)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert Answer.objects.count() == 0


def test_an_unknown_item_is_422(anna: Client) -> None:
    created = create(anna)
    response = put(anna, created, "XX99", 4)
    assert response.status_code == 422
    assert "Onbekende vraag" in response.json()["detail"]


@pytest.mark.parametrize("token", [None, "", "nope", "x" * 300])
def test_a_wrong_or_missing_token_is_404_everywhere(anna: Client, token: str | None) -> None:
    created = create(anna)
    headers = auth(token) if token is not None else {}
    base = f"{API}/assessments/{created['id']}"
    item = created["items"][0]["id"]
    calls = [
        anna.get(base, headers=headers),
        anna.put(
            f"{base}/answers/{item}", {"value": 3}, content_type="application/json", headers=headers
        ),
        anna.delete(f"{base}/answers/{item}", headers=headers),
        anna.post(f"{base}/submit", headers=headers),
        anna.get(f"{base}/result", headers=headers),
        anna.get(f"{base}/report.pdf", headers=headers),
        anna.delete(base, headers=headers),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert Answer.objects.count() == 0 and Assessment.objects.count() == 1


def test_one_persons_token_never_opens_anothers_assessment(anna: Client, bram: Client) -> None:
    mine, theirs = create(anna), create(bram)
    response = put(anna, theirs, theirs["items"][0]["id"], 4, token=mine["token"])
    assert response.status_code == 404
    assert (
        anna.get(f"{API}/assessments/{theirs['id']}", headers=auth(mine["token"])).status_code
        == 404
    )


def test_submit_lists_missing_items_with_409(anna: Client) -> None:
    created = create(anna)
    put(anna, created, created["items"][0]["id"], 4)
    response = anna.post(
        f"{API}/assessments/{created['id']}/submit", headers=auth(created["token"])
    )
    assert response.status_code == 409
    assert len(response.json()["missing"]) == 47
    assert Result.objects.count() == 0


def test_the_whole_api_journey(anna: Client) -> None:
    created = create(anna)
    answer_everything(anna, created, 5)
    headers = auth(created["token"])
    base = f"{API}/assessments/{created['id']}"
    submitted = anna.post(f"{base}/submit", headers=headers)
    assert submitted.status_code == 200
    result = anna.get(f"{base}/result", headers=headers).json()
    assert result == submitted.json()
    assert set(result["scores"]) == {"veilig", "vermijdend", "angstig", "chaotisch"}
    score = result["scores"]["veilig"]
    assert score["n_answered"] == 12 and score["ci90"][0] <= score["score"] <= score["ci90"][1]
    assert set(result["profile"]) >= {"dominant", "mixed"}
    assert result["instrument_version"].startswith("1+") and result["scoring_version"]

    assert put(anna, created, created["items"][0]["id"], 2).status_code == 409
    assert anna.post(f"{base}/submit", headers=headers).status_code == 409

    pdf = anna.get(f"{base}/report.pdf", headers=headers)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) >= 1

    assert anna.delete(base, headers=headers).status_code == 204
    assert SelfTest.objects.count() == Assessment.objects.count() == Answer.objects.count() == 0
    assert anna.get(base, headers=headers).status_code == 404


def test_a_relation_result_has_quadrant_and_disorganisation(anna: Client) -> None:
    created = create(anna, instrument="relatie", target="persoon", target_name="Sanne")
    assert any("Sanne" in i["text"] for i in created["items"])
    answer_everything(anna, created, 6)
    response = anna.post(
        f"{API}/assessments/{created['id']}/submit", headers=auth(created["token"])
    )
    profile = response.json()["profile"]
    assert set(profile) >= {"quadrant", "borderline", "anxiety", "avoidance", "disorganisation"}


def test_result_before_submit_is_409(anna: Client) -> None:
    created = create(anna)
    response = anna.get(f"{API}/assessments/{created['id']}/result", headers=auth(created["token"]))
    assert response.status_code == 409


def test_the_openapi_schema_is_served(anna: Client) -> None:
    schema = anna.get(f"{API}/openapi.json").json()
    assert "/api/v1/assessments/{assessment_id}/submit" in schema["paths"]


def test_tokens_never_reach_the_logs(anna: Client, caplog: pytest.LogCaptureFixture) -> None:
    created = create(anna)
    with caplog.at_level(logging.DEBUG):
        anna.get(f"{API}/assessments/{created['id']}", headers=auth("wrong-" + "y" * 30))
        anna.get(f"/zelftest/verder/{created['token']}x/")
    assert created["token"] not in caplog.text
    assert "y" * 30 not in caplog.text


def test_a_report_of_relationship_answers_only_renders(anna: Client) -> None:
    created = create(anna, instrument="relatie", target="vader")
    answer_everything(anna, created, 3)
    headers = auth(created["token"])
    anna.post(f"{API}/assessments/{created['id']}/submit", headers=headers)
    pdf = anna.get(f"{API}/assessments/{created['id']}/report.pdf", headers=headers)
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Vader" in text


@pytest.mark.parametrize(
    "name",
    [
        "/dev/zero",
        "../../etc/passwd",
        "/proc/self/environ",
        "vier-stijlen.yaml",
        "instruments/vier-stijlen.yaml",
        "SHIPPED_PATH",
    ],
)
def test_the_api_reads_no_server_file_as_a_questionnaire(client: Client, name: str) -> None:
    from verbinding.measure.instrument import BUILTIN_DIR

    if name == "SHIPPED_PATH":  # the full path of a shipped file is not an id either
        name = str(BUILTIN_DIR / "vier-stijlen.yaml")
    body = {"instrument": name}
    response = client.post(f"{API}/assessments", body, content_type="application/json")
    assert response.status_code == 422
    assert "detail" in response.json()
    assert not Assessment.objects.exists() and not SelfTest.objects.exists()
