"""Calibration, norms and retakes across versions: the engine, checked against R psych."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from verbinding.measure import InstrumentError, load_instrument
from verbinding.measure.calibrate import (
    CalibrationRefused,
    Provenance,
    calibrated_instrument,
    check_calibration,
    instrument_yaml,
    scale_statistics,
    verdict_changes,
)
from verbinding.measure.change import RetakeReason, retake_basis, retake_change
from verbinding.measure.instrument import Instrument
from verbinding.measure.norms import percentile_of, percentiles_of
from verbinding.measure.profiles import classify_profiles, style_profile
from verbinding.measure.responses import read_responses
from verbinding.measure.scoring import score_matrix

from .conftest import DATA

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
REFERENCE = json.loads((Path(__file__).parent / "reference" / "calibration.json").read_text())
SETS = {
    "bfi": (DATA / "bfi.yaml", SHARED / "psych_bfi" / "bfi.csv", ","),
    "kims": (DATA / "kims.yaml", SHARED / "openpsychometrics_KIMS" / "data.csv", ","),
    "sd3": (DATA / "sd3.yaml", SHARED / "openpsychometrics_SD3" / "data.csv", "\t"),
}
PROVENANCE = Provenance(population="test", period="test", command="verbinding calibrate test")


def load_set(name: str) -> tuple[Instrument, np.ndarray]:
    yaml_file, csv_file, delimiter = SETS[name]
    if not csv_file.exists():
        pytest.skip(f"{csv_file} not available")
    inst = load_instrument(yaml_file)
    return inst, read_responses(csv_file, inst, delimiter=delimiter).matrix


@pytest.mark.parametrize("name", sorted(SETS))
def test_calibration_reproduces_r_psych_to_1e_6(name: str) -> None:
    inst, matrix = load_set(name)
    stats = scale_statistics(inst, matrix)
    for scale_id, ref in REFERENCE[name].items():
        got = stats[scale_id]
        assert got.n == ref["n"]
        for field in ("mean", "sd", "alpha", "omega"):
            assert getattr(got, field) == pytest.approx(ref[field], abs=1e-6), field
        for point, value in ref["percentiles"].items():
            assert got.percentiles[int(point)] == pytest.approx(value, abs=1e-6)
        for item, value in ref["item_rest"].items():
            assert got.item_rest[item] == pytest.approx(value, abs=1e-6)
        assert np.allclose(np.array(got.table), np.array(ref["table"]), atol=1e-6, rtol=0)


def test_calibrated_file_round_trips_and_feeds_the_bands(tmp_path: Path) -> None:
    inst, matrix = load_set("sd3")
    stats = scale_statistics(inst, matrix)
    new = calibrated_instrument(inst, stats, version="2", provenance=PROVENANCE)
    path = tmp_path / "sd3-2.yaml"
    path.write_text(instrument_yaml(new, "test"), encoding="utf-8")
    again = load_instrument(path)
    assert again.content_hash == new.content_hash
    assert again.item_ids == inst.item_ids and again.version == "2"
    rel = again.scale("mach").reliability
    assert rel is not None and rel.coefficient == pytest.approx(stats["mach"].alpha, abs=1e-9)
    norms = again.scale("mach").norms
    assert norms is not None and norms.provenance.n == stats["mach"].n
    # The band of a person's score is now built from the calibrated SEM, not the assumed one.
    profile = style_profile(again, score_matrix(again, matrix[:1]))
    assert profile.scales["mach"].sem == pytest.approx(rel.sem)
    assert profile.scales["mach"].sem != pytest.approx(inst.scale("mach").reliability.sem)  # type: ignore[union-attr]


def test_it_refuses_a_scale_with_fewer_than_200_complete_respondents() -> None:
    inst, matrix = load_set("sd3")
    stats = scale_statistics(inst, matrix[:150])
    with pytest.raises(CalibrationRefused, match="minstens 200"):
        check_calibration(stats)
    check_calibration(stats, min_n=100, max_ci_width=1.0)  # configurable


def test_it_refuses_when_alphas_interval_is_too_wide() -> None:
    inst, matrix = load_set("sd3")
    stats = scale_statistics(inst, matrix[:400])
    with pytest.raises(CalibrationRefused, match=r"breder dan de grens 0\.010"):
        check_calibration(stats, max_ci_width=0.01)


def test_verdict_changes_count_respondents_whose_profile_moves() -> None:
    inst, matrix = load_set("sd3")
    new = calibrated_instrument(
        inst, scale_statistics(inst, matrix), version="2", provenance=PROVENANCE
    )
    same = verdict_changes(inst, inst, matrix)
    assert same.kind == "profile" and same.changed == 0 and same.classified > 18_000
    moved = verdict_changes(inst, new, matrix)
    before = classify_profiles(inst, score_matrix(inst, matrix))
    after = classify_profiles(new, score_matrix(new, matrix))
    expected = int((before.complete & (before.dominant != after.dominant)).sum())
    assert moved.changed >= expected > 0


def split_half_sd3() -> tuple[float, float, int]:
    """Half B of SD3 (a fixed random split) classified by the version calibrated on half A
    and by its own: verdict agreement, the largest gap in Machiavellianism percentiles,
    and the size of half B. `reference/current_figures.py` prints it for the note."""
    inst, matrix = load_set("sd3")
    order = np.random.default_rng(7).permutation(matrix.shape[0])
    half_a, half_b = matrix[order[::2]], matrix[order[1::2]]
    from_a = calibrated_instrument(
        inst, scale_statistics(inst, half_a), version="a", provenance=PROVENANCE
    )
    from_b = calibrated_instrument(
        inst, scale_statistics(inst, half_b), version="b", provenance=PROVENANCE
    )
    agreement = verdict_changes(from_a, from_b, half_b).agreement
    scores = score_matrix(from_a, half_b).column("mach")
    gap = np.nanmax(
        np.abs(
            percentiles_of(from_a.scale("mach"), scores)
            - percentiles_of(from_b.scale("mach"), scores)
        )
    )
    return agreement, float(gap), len(half_b)


def test_split_half_verdicts_are_stable_on_sd3() -> None:
    agreement, gap, _ = split_half_sd3()
    print(f"split-half verdict agreement {agreement:.4f}, largest percentile gap {gap:.2f}")
    assert agreement > 0.98
    assert gap < 3.0


def test_percentile_of_interpolates_between_table_entries_and_clamps_at_the_ends() -> None:
    inst, matrix = load_set("bfi")
    new = calibrated_instrument(
        inst, scale_statistics(inst, matrix), version="2", provenance=PROVENANCE
    )
    scale = new.scale("agree")
    table = dict(scale.norms.table)  # type: ignore[union-attr]
    assert percentile_of(scale, 4.8) == pytest.approx(table[4.8])
    between = percentile_of(scale, 4.9)
    assert between == pytest.approx((table[4.8] + table[5.0]) / 2)
    assert percentile_of(scale, 0.5) == pytest.approx(table[1.0])
    assert percentile_of(scale, 9.0) == pytest.approx(table[6.0])
    assert percentile_of(scale, math.nan) is None
    assert percentile_of(inst.scale("agree"), 4.8) is None  # no norms, no percentile


def _calibrated_sd3() -> tuple[Instrument, Instrument]:
    inst, matrix = load_set("sd3")
    stats = scale_statistics(inst, matrix)
    return inst, calibrated_instrument(inst, stats, version="2", provenance=PROVENANCE)


def test_a_retake_across_versions_uses_the_calibrated_figures() -> None:
    old, new = _calibrated_sd3()
    basis = retake_basis(old, new, "mach")
    assert basis.comparable and basis.version == "2"
    assert basis.reliability == new.scale("mach").reliability
    change = retake_change(new, old, "mach", 3.0, 4.0)  # either order: the calibrated one
    assert not hasattr(change, "comparable")
    assert change.se == pytest.approx(new.scale("mach").reliability.sem)  # type: ignore[union-attr]


def test_a_retake_across_versions_with_other_items_cannot_be_compared() -> None:
    old, new = _calibrated_sd3()
    data = new.model_dump(mode="python", exclude_none=True)
    data["items"][0]["reverse"] = True  # M1 keyed the other way: another measure
    from verbinding.measure import parse_instrument

    changed = parse_instrument(data)
    basis = retake_basis(old, changed, "mach")
    assert not basis.comparable and basis.reason is RetakeReason.SCALE_CHANGED
    assert retake_basis(old, changed, "narc").comparable
    missing = retake_basis(old, new, "onbekend")
    assert not missing.comparable and missing.reason is RetakeReason.SCALE_MISSING


def test_a_retake_where_neither_version_has_reliability_cannot_be_judged() -> None:
    old, _ = _calibrated_sd3()
    data = old.model_dump(mode="python", exclude_none=True)
    data.pop("classification", None)  # a classified scale must carry reliability
    for scale in data["scales"]:
        scale.pop("reliability", None)
    from verbinding.measure import parse_instrument

    bare = parse_instrument(data)
    basis = retake_basis(bare, bare, "mach")
    assert not basis.comparable and basis.reason is RetakeReason.NO_RELIABILITY
    assert retake_change(bare, bare, "mach", 3.0, 4.0) == basis


def test_norms_block_is_validated_like_the_rest(tmp_path: Path) -> None:
    _, new = _calibrated_sd3()
    text = instrument_yaml(new).replace("5: 2.2222222222", "5: 4.9", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    fault = caught.value.faults[0]
    assert fault.line is not None and "norms" in fault.field
    assert "percentielen moeten oplopen" in fault.message
