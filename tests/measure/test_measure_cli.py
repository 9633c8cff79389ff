"""The `instrument`, `score` and `analyse` commands, end to end through the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from verbinding.cli import app

from .conftest import BFI_CSV, DATA, write

runner = CliRunner()

R_PSYCH_BFI = {
    "bfi-agree": ("agree", 0.7038, 2709),
    "bfi-conscientious": ("conscientious", 0.7293, None),
    "bfi-extraversion": ("extraversion", 0.7609, None),
    "bfi-neuroticism": ("neuroticism", 0.8133, None),
    "bfi-openness": ("openness", 0.6025, None),
}

needs_bfi = pytest.mark.skipif(not BFI_CSV.exists(), reason="psych bfi data not available")


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


@needs_bfi
@pytest.mark.parametrize("instrument", sorted(R_PSYCH_BFI))
def test_it_reproduces_r_psych_bfi_alphas_through_analyse(instrument: str) -> None:
    scale, alpha, n = R_PSYCH_BFI[instrument]
    result = run("analyse", BFI_CSV, "--instrument", DATA / f"{instrument}.yaml", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    info = data["scales"][scale]
    assert round(info["alpha"], 4) == alpha
    if n is not None:
        assert info["n"] == n
    assert set(info) == {"n", "mean", "sd", "alpha", "alpha_ci", "omega", "items"}
    assert info["alpha_ci"][0] < info["alpha"] < info["alpha_ci"][1]
    for stats in info["items"].values():
        assert set(stats) == {"item_rest_r", "alpha_if_deleted"}
    assert data["correlations"] == {scale: {scale: 1.0}}


@needs_bfi
def test_analyse_prints_tables_and_pairwise_differs_from_listwise() -> None:
    table = run("analyse", BFI_CSV, "-i", DATA / "bfi.yaml")
    assert table.exit_code == 0
    assert "Betrouwbaarheid per schaal" in table.stdout and "0.704" in table.stdout
    pairwise = json.loads(
        run("analyse", BFI_CSV, "-i", DATA / "bfi.yaml", "--pairwise", "--json").stdout
    )
    assert pairwise["scales"]["agree"]["n"] > 2709
    assert pairwise["correlations"]["agree"]["neuroticism"] < 0


@needs_bfi
def test_score_writes_one_row_per_respondent_in_input_order(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = run("score", BFI_CSV, "-i", DATA / "bfi.yaml", "--id-column", "rownames", "-o", out)
    assert result.exit_code == 0, result.output
    with out.open() as handle:
        rows = list(csv.DictReader(handle))
    with BFI_CSV.open() as handle:
        source = list(csv.DictReader(handle))
    assert len(rows) == len(source) == 2800
    assert [r["rownames"] for r in rows] == [r["rownames"] for r in source]
    assert list(rows[0]) == [
        "rownames",
        "agree",
        "conscientious",
        "extraversion",
        "neuroticism",
        "openness",
    ]
    # first respondent: A1 2 (reversed -> 5), A2 4, A3 3, A4 4, A5 4 -> 20 / 5
    assert rows[0]["agree"] == "4"


def test_score_leaves_an_unscorable_scale_empty_and_reads_na_and_codes(tmp_path: Path) -> None:
    data = write(
        tmp_path / "answers.csv",
        "nr,A1,A2,A3,A4,A5,note\nx,1,6,6,6,6,hi\ny,NA,,0,6,6,\nz,2,0,NA,3,4,\n",
    )
    result = run(
        "score", data, "-i", DATA / "bfi-agree.yaml", "--missing-code", "0", "--id-column", "nr"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["nr,agree", "x,6", "y,", "z,"]
    out = tmp_path / "answers.json"
    assert (
        run(
            "score", data, "-i", DATA / "bfi-agree.yaml", "--missing-code", "0", "-o", out
        ).exit_code
        == 0
    )
    payload = json.loads(out.read_text())
    assert payload["instrument"]["id"] == "bfi-agree"
    assert payload["rows"] == [{"agree": 6.0}, {"agree": None}, {"agree": None}]


def test_score_adds_the_profile_columns_for_vier_stijlen(tmp_path: Path) -> None:
    from verbinding.measure import get_instrument

    try:
        inst = get_instrument("vier-stijlen")
    except LookupError:
        pytest.skip("vier-stijlen not landed yet")
    agree_all = ",".join("7" for _ in inst.item_ids)
    keyed = ",".join(
        ("1" if item.reverse else "7")
        if item.id in inst.scale("veilig").items
        else ("7" if item.reverse else "1")
        for item in inst.items
    )
    data = write(tmp_path / "vs.csv", ",".join(inst.item_ids) + f"\n{agree_all}\n{keyed}\n")
    result = run("score", data, "-i", "vier-stijlen", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert rows[0]["dominant"] is None and rows[0]["acquiescence_flag"] is True
    assert rows[1]["dominant"] == "veilig" and rows[1]["mixed"] == []


# --- bad input: one clear sentence, exit code != 0, nothing written -----------------


def assert_failed_cleanly(result: Result, out: Path | None = None, *fragments: str) -> None:
    assert result.exit_code != 0
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr
    assert "Traceback" not in result.output
    if out is not None:
        assert not out.exists()
        assert not list(out.parent.glob(f".{out.name}.*"))


def test_a_value_outside_the_scale_names_row_and_column_and_writes_nothing(tmp_path: Path) -> None:
    data = write(tmp_path / "bad.csv", "A1,A2,A3,A4,A5\n1,2,3,4,5\n2,3,9,4,5\n")
    out = tmp_path / "out.csv"
    result = run("score", data, "-i", DATA / "bfi-agree.yaml", "-o", out)
    assert_failed_cleanly(
        result, out, "Fout in rij 2 (regel 3), kolom A3: waarde 9 ligt buiten de schaal 1–6."
    )


def test_a_non_number_is_named_by_row_and_column(tmp_path: Path) -> None:
    data = write(tmp_path / "bad.csv", "A1,A2,A3,A4,A5\n1,2,3,4,5\n2,drie,3,4,5\n")
    out = tmp_path / "out.json"
    result = run("score", data, "-i", DATA / "bfi-agree.yaml", "-o", out)
    assert_failed_cleanly(result, out, "Fout in rij 2 (regel 3), kolom A2: 'drie' is geen getal.")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("A1,A2,A3,A4,A5\n1,2,3\n", "regel 2 heeft 3 velden, de kop heeft er 5"),
        ('A1,A2,A3,A4,A5\n1,"2,3,4,5\n', "geen geldige CSV"),
        ("", "het bestand is leeg"),
        ("A1,A2,A4\n1,2,3\n", "kolommen ontbreken voor de items A3, A5"),
    ],
)
def test_malformed_csv_fails_with_a_clear_message(tmp_path: Path, text: str, fragment: str) -> None:
    data = write(tmp_path / "bad.csv", text)
    out = tmp_path / "out.csv"
    for command in (["score", data, "-o", out], ["analyse", data]):
        result = run(*command, "-i", DATA / "bfi-agree.yaml")
        assert_failed_cleanly(result, out, fragment)


def test_a_missing_data_file_and_an_unknown_id_column_fail_cleanly(tmp_path: Path) -> None:
    result = run("score", tmp_path / "nope.csv", "-i", DATA / "bfi-agree.yaml")
    assert_failed_cleanly(result, None, "kan het bestand niet openen")
    data = write(tmp_path / "ok.csv", "A1,A2,A3,A4,A5\n1,2,3,4,5\n")
    result = run("score", data, "-i", DATA / "bfi-agree.yaml", "--id-column", "nr")
    assert_failed_cleanly(result, None, "id-kolom 'nr' staat niet in de kop")


def test_an_unknown_instrument_fails_cleanly(tmp_path: Path) -> None:
    data = write(tmp_path / "ok.csv", "A1,A2,A3,A4,A5\n1,2,3,4,5\n")
    out = tmp_path / "out.csv"
    result = run("score", data, "-i", "bestaat-niet", "-o", out)
    assert_failed_cleanly(result, out, "Onbekende vragenlijst 'bestaat-niet'")
    assert_failed_cleanly(run("instrument", "show", "bestaat-niet"), None, "Onbekende vragenlijst")


def test_validate_reports_file_line_and_field_of_a_bad_instrument(tmp_path: Path) -> None:
    text = (DATA / "bfi-agree.yaml").read_text().replace("max: 6", "max: zes")
    bad = write(tmp_path / "bad.yaml", text)
    result = run("instrument", "validate", bad)
    assert_failed_cleanly(result, None, f"{bad}:5: response_scale.max: moet een geheel getal zijn")
    out = tmp_path / "out.csv"
    data = write(tmp_path / "ok.csv", "A1,A2,A3,A4,A5\n1,2,3,4,5\n")
    assert_failed_cleanly(run("score", data, "-i", bad, "-o", out), out, "response_scale.max")


def test_validate_accepts_a_good_instrument() -> None:
    result = run("instrument", "validate", DATA / "bfi-agree.yaml")
    assert result.exit_code == 0
    assert "is geldig" in result.stdout and "bfi-agree" in result.stdout


def test_instrument_list_and_show_describe_the_definitions() -> None:
    listing = run("instrument", "list", "--json")
    assert listing.exit_code == 0
    assert isinstance(json.loads(listing.stdout), list)
    shown = run("instrument", "show", DATA / "bfi-agree.yaml", "--json")
    definition = json.loads(shown.stdout)
    assert definition["id"] == "bfi-agree" and len(definition["content_hash"]) == 12
    assert definition["items"][0] == {
        "id": "A1",
        "text": {"en": "Am indifferent to the feelings of others."},
        "reverse": True,
        "source": None,
    }
    table = run("instrument", "show", DATA / "bfi-agree.yaml")
    assert table.exit_code == 0 and "Am indifferent" in table.stdout


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["instrument"],
        ["instrument", "list"],
        ["instrument", "show"],
        ["instrument", "validate"],
        ["score"],
        ["analyse"],
        ["calibrate"],
    ],
)
def test_every_command_has_complete_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.stdout
    for option in {
        "score": ["--instrument", "--missing-code", "--id-column", "--output", "--json"],
        "analyse": ["--instrument", "--missing-code", "--pairwise", "--factors", "--json"],
        "calibrate": [
            "--instrument",
            "--output",
            "--population",
            "--period",
            "--new-version",
            "--min-n",
            "--max-ci-width",
            "--missing-code",
            "--delimiter",
        ],
    }.get(command[0] if command else "", []):
        assert option in result.stdout


def test_score_neutralises_formula_ids_and_keeps_numbers(tmp_path: Path) -> None:
    data = write(
        tmp_path / "answers.csv",
        "nr,A1,A2,A3,A4,A5\n=cmd|'/ccalc'!a456,1,6,6,6,6\n-7,2,5,5,5,5\n",
    )
    result = run("score", data, "-i", DATA / "bfi-agree.yaml", "--id-column", "nr")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["nr,agree", "'=cmd|'/ccalc'!a456,6", "-7,5"]


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        (BILLION_LAUGHS, "uitvouwen"),
        ("[" * 5000 + "]" * 5000, "genest"),
        ("id: een\nversion: '1'\nid: twee\n", "twee keer"),
        ("x: " + "y" * (3 * 1024 * 1024), "groter dan"),
    ],
)
def test_a_hostile_instrument_file_gets_one_sentence_not_a_traceback(
    tmp_path: Path, text: str, fault: str
) -> None:
    path = write(tmp_path / "boos.yaml", text)
    result = run("instrument", "validate", path)
    assert result.exit_code == 1
    assert fault in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_an_endless_file_is_refused_as_instrument_and_as_responses() -> None:
    result = run("instrument", "validate", "/dev/zero")
    assert result.exit_code == 1 and "groter dan" in result.output
    result = run("score", "/dev/zero", "-i", DATA / "bfi-agree.yaml")
    assert result.exit_code == 1 and "geen gewoon bestand" in result.output


@pytest.mark.parametrize("cell", ["-nan", "NAN", "+nan", "inf", "\u0663", "\u0661\u0662"])
def test_nan_spellings_and_non_ascii_digits_are_errors_not_answers(
    tmp_path: Path, cell: str
) -> None:
    data = write(tmp_path / "answers.csv", f"nr,A1,A2,A3,A4,A5\nx,1,{cell},6,6,6\n")
    result = run("score", data, "-i", DATA / "bfi-agree.yaml", "--id-column", "nr")
    assert result.exit_code == 1
    assert "geen getal" in result.output and "A2" in result.output
