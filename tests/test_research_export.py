"""`verbinding research export`: consented answers only, de-identified, k-anonymous."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from verbinding.cli import app
from verbinding.measure import analyse, answers_matrix, get_instrument
from verbinding.research import K, Person, protect
from verbinding.web.assessments import services
from verbinding.web.assessments.models import Answer, ResearchConsent, SelfTest

INSTRUMENT = "vier-stijlen"


def consenting(rng: random.Random, *, targets: list[str] | None = None, name: str = "",
               language: str = "nl", age_band: str = "", gender: str = "",
               owner: object = None, consent: bool = True) -> SelfTest:
    """A submitted self-test with varied answers, given to research (or not)."""
    selftest, _ = services.start_selftest(targets or [], name, language=language, owner=owner)
    for assessment in selftest.assessments.all():
        instrument = get_instrument(assessment.instrument_id)
        for item in instrument.items:
            services.save_answer(assessment, item.id, rng.randint(1, 6))
    services.submit_selftest(selftest)
    selftest.refresh_from_db()
    if consent:
        ResearchConsent.objects.create(selftest=selftest, text_version="1", age_band=age_band,
                                       gender=gender)
    return selftest


def export(tmp_path: Path, *args: str) -> tuple[str, Path]:
    target = tmp_path / "onderzoek.csv"
    result = CliRunner().invoke(
        app, ["research", "export", "--instrument", INSTRUMENT, "-o", str(target), *args]
    )
    assert result.exit_code == 0, result.output
    return result.output, target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def person(n: int, language: str = "nl", age: str = "", gender: str = "") -> Person:
    return Person(n, language, "", "2026-01", age, gender, [])


def test_protect_blanks_rare_age_and_gender_then_leaves_out_small_groups() -> None:
    people = ([person(i) for i in range(K)]
              + [person(10 + i, age="35-44", gender="vrouw") for i in range(4)]
              + [person(20, language="en")])
    protected = protect(people)
    assert (protected.coarsened, protected.left_out) == (4, 1)
    assert {p.consent_id for p in protected.people} == set(range(K)) | {10, 11, 12, 13}
    assert all(p.age_band == "" and p.gender == "" for p in protected.people)


def test_a_group_of_k_keeps_its_age_band_and_gender() -> None:
    protected = protect([person(i, age="25-34", gender="man") for i in range(K)])
    assert (protected.coarsened, protected.left_out) == (0, 0)
    assert all(p.age_band == "25-34" for p in protected.people)


@pytest.mark.django_db
def test_rare_combinations_are_coarsened_or_left_out_and_counted(tmp_path: Path) -> None:
    rng = random.Random(7)
    for _ in range(6):
        consenting(rng)
    for _ in range(4):
        consenting(rng, age_band="35-44", gender="vrouw")
    consenting(rng, language="en", age_band="65+", gender="man")
    output, path = export(tmp_path)
    rows = read_rows(path)
    assert len({r["respondent"] for r in rows}) == 10
    assert {r["age_band"] for r in rows} == {""} and {r["gender"] for r in rows} == {""}
    assert "4 zonder leeftijdsgroep en gender" in output and "1 weggelaten" in output


@pytest.mark.django_db
def test_export_round_trips_into_analyse_with_the_same_alphas(tmp_path: Path) -> None:
    rng = random.Random(11)
    tests = [consenting(rng) for _ in range(12)]
    consenting(rng, consent=False)  # not given: never in the export
    _, path = export(tmp_path)
    assert len(read_rows(path)) == 12
    result = CliRunner().invoke(app, ["analyse", str(path), "--instrument", INSTRUMENT,
                                      "--json"])
    assert result.exit_code == 0, result.output
    from_file = json.loads(result.output)["scales"]
    instrument = get_instrument(INSTRUMENT)
    answers = [
        {a.item_id: a.value for a in Answer.objects.filter(
            assessment__selftest=selftest, assessment__instrument_id=INSTRUMENT)}
        for selftest in tests
    ]
    from_db = analyse(instrument, answers_matrix(instrument, answers))
    for scale_id, found in from_file.items():
        expected = from_db.scales[scale_id].alpha
        assert np.isclose(found["alpha"], expected), scale_id


@pytest.mark.django_db
def test_codebook_describes_every_column(tmp_path: Path) -> None:
    rng = random.Random(3)
    for _ in range(K):
        consenting(rng, targets=["moeder"])
    _, path = export(tmp_path)
    book = json.loads((tmp_path / "onderzoek.codebook.json").read_text(encoding="utf-8"))
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert list(book["columns"]) == header
    for column, info in book["columns"].items():
        assert info["label_nl"] and info["label_en"] and info["type"], column
    assert (path.stat().st_mode & 0o777) == 0o600


@pytest.mark.django_db
def test_sav_reads_back_with_variable_and_value_labels(tmp_path: Path) -> None:
    import pyreadstat

    rng = random.Random(5)
    for _ in range(K):
        consenting(rng)
    target = tmp_path / "onderzoek.sav"
    result = CliRunner().invoke(app, ["research", "export", "--instrument", INSTRUMENT,
                                      "-o", str(target), "--format", "sav"])
    assert result.exit_code == 0, result.output
    frame, meta = pyreadstat.read_sav(str(target))
    assert len(frame) == K
    first_item = get_instrument(INSTRUMENT).items[0]
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels[first_item.id] == first_item.text["nl"]
    assert meta.variable_value_labels[first_item.id]
    assert labels["year_month"].startswith("Jaar en maand")


@pytest.mark.django_db
def test_no_names_free_text_or_exact_times_leave_in_the_export(
    tmp_path: Path, user_a: object
) -> None:
    rng = random.Random(9)
    marked = consenting(rng, targets=["persoon"], name="Zwaluwmarker", owner=user_a)
    for _ in range(K - 1):
        consenting(rng, targets=["persoon"], name="Merelmarker")
    output, path = export(tmp_path)
    written = path.read_text(encoding="utf-8") + (
        tmp_path / "onderzoek.codebook.json").read_text(encoding="utf-8") + output
    assert "persoon" in written
    for secret in ("Zwaluwmarker", "Merelmarker", "anna@example.nl", str(marked.public_id),
                   marked.submitted_at.date().isoformat(), marked.token_hash):
        assert secret not in written, secret
    assert {r["year_month"] for r in read_rows(path)} == {marked.submitted_at.strftime("%Y-%m")}


@pytest.mark.django_db
def test_exported_consents_are_marked_and_can_no_longer_be_withdrawn(tmp_path: Path) -> None:
    from verbinding.web.assessments import consent

    rng = random.Random(1)
    tests = [consenting(rng) for _ in range(K)]
    export(tmp_path)
    assert not ResearchConsent.objects.filter(exported_at__isnull=True).exists()
    with pytest.raises(consent.ConsentError):
        consent.withdraw(tests[0])


@pytest.mark.django_db
def test_a_bad_since_date_is_one_sentence(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["research", "export", "--instrument", INSTRUMENT,
                                      "-o", str(tmp_path / "x.csv"), "--since", "gisteren"])
    assert result.exit_code == 1
    assert "--since verwacht een datum" in result.output
    assert not (tmp_path / "x.csv").exists()
