"""`verbinding calibrate` and `verbinding analyse --factors`, end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from verbinding.cli import app
from verbinding.measure import load_instrument
from verbinding.measure.factors import explore_factors

from .conftest import DATA
from .test_calibrate import REFERENCE, SETS, load_set

runner = CliRunner()


def run(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args], terminal_width=200)


def _calibrate(name: str, out: Path, *extra: str) -> Result:
    yaml_file, csv_file, delimiter = SETS[name]
    if not csv_file.exists():
        pytest.skip(f"{csv_file} not available")
    separator = "tab" if delimiter == "\t" else ","
    return run(
        "calibrate",
        csv_file,
        "--instrument",
        yaml_file,
        "-o",
        out,
        "--delimiter",
        separator,
        "--population",
        "online, zelfgekozen",
        "--period",
        "2012",
        *extra,
    )


@pytest.mark.parametrize("name", sorted(SETS))
def test_calibrate_writes_a_new_version_with_r_psych_figures(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}-2.yaml"
    result = _calibrate(name, out, "--new-version", "2")
    assert result.exit_code == 0, result.output
    new = load_instrument(out)
    old = load_instrument(SETS[name][0])
    assert new.version == "2" and new.item_ids == old.item_ids
    for scale_id, ref in REFERENCE[name].items():
        scale = new.scale(scale_id)
        assert scale.reliability is not None and scale.norms is not None
        assert scale.reliability.coefficient == pytest.approx(ref["alpha"], abs=1e-6)
        assert scale.norms.sd == pytest.approx(ref["sd"], abs=1e-6)
        assert scale.norms.percentiles[50] == pytest.approx(ref["percentiles"]["50"], abs=1e-6)
        prov = scale.norms.provenance
        assert (prov.n, prov.population, prov.period) == (ref["n"], "online, zelfgekozen", "2012")
        assert prov.command.startswith("verbinding calibrate ") and "/" not in prov.command
    assert "SEM oud" in result.stdout and "drempel nieuw" in result.stdout


def test_calibrate_says_how_many_verdicts_change(tmp_path: Path) -> None:
    result = _calibrate("sd3", tmp_path / "sd3-2.yaml")
    assert result.exit_code == 0, result.output
    assert "een andere uitslag (dominant/gemengd)" in result.stdout


def test_calibrate_refuses_too_few_respondents_in_one_sentence(tmp_path: Path) -> None:
    out = tmp_path / "kims-2.yaml"
    result = _calibrate("kims", out, "--min-n", "600")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "minstens 600" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_calibrate_refuses_a_too_wide_alpha_interval(tmp_path: Path) -> None:
    result = _calibrate("kims", tmp_path / "kims-2.yaml", "--max-ci-width", "0.01")
    assert result.exit_code == 1 and "breder dan de grens" in result.stderr


def test_calibrate_will_not_overwrite_its_own_instrument(tmp_path: Path) -> None:
    source = tmp_path / "sd3.yaml"
    source.write_text((DATA / "sd3.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = source.read_text(encoding="utf-8")
    csv_file = SETS["sd3"][1]
    if not csv_file.exists():
        pytest.skip("SD3 not available")
    result = run("calibrate", csv_file, "-i", source, "-o", source, "--delimiter", "tab")
    assert result.exit_code == 1 and "nieuw bestand" in result.stderr
    assert source.read_text(encoding="utf-8") == before


def test_an_unknown_delimiter_is_one_sentence(tmp_path: Path) -> None:
    result = run("analyse", DATA / "bfi.yaml", "-i", DATA / "bfi.yaml", "--delimiter", "|")
    assert result.exit_code == 1 and "scheidingsteken" in result.stderr


def test_analyse_factors_recovers_the_big_five_on_bfi() -> None:
    inst, matrix = load_set("bfi")
    report = explore_factors(inst, matrix)
    assert report.n_factors == 5
    assert sorted(s for s in report.factor_scales if s) == sorted(inst.scale_ids)
    assert report.at_home() >= 22


def test_analyse_factors_finds_the_three_dark_triad_scales_and_flags_the_rest() -> None:
    inst, matrix = load_set("sd3")
    report = explore_factors(inst, matrix)
    # Each scale gets a factor of its own; narcissism is clean. Parallel analysis keeps a
    # fourth factor, and six Machiavellianism items load highest outside their own
    # factor — which is what the flags are for (docs/measurement.md).
    assert set(inst.scale_ids) <= set(report.factor_scales)
    narc = [i for i, info in report.items.items() if info.scale == "narc"]
    assert sum("wrong_scale" not in report.items[i].flags for i in narc) >= 7
    assert report.at_home() >= 15
    flagged = [i for i, info in report.items.items() if info.flags]
    assert flagged  # the structure check points at items, it does not hide them


def test_analyse_factors_through_the_cli_as_json() -> None:
    yaml_file, csv_file, _ = SETS["bfi"]
    if not csv_file.exists():
        pytest.skip("bfi not available")
    result = run("analyse", csv_file, "-i", yaml_file, "--factors", "--json")
    assert result.exit_code == 0, result.output
    factors = json.loads(result.stdout)["factors"]
    assert factors["n_factors"] == 5 and len(factors["items"]) == 25
    text = run("analyse", csv_file, "-i", yaml_file, "--factors")
    assert "25 van 25 items laden het hoogst" in text.stdout
