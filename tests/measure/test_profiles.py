"""Style profiles (dominant or mixed, acquiescence) and the anxiety × avoidance quadrant."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from verbinding.measure import (
    QuadrantResult,
    StyleProfile,
    classify,
    load_instrument,
    quadrant,
    score_answers,
    score_matrix,
    style_profile,
)
from verbinding.measure.instrument import Instrument

from .conftest import write

STYLES = ("veilig", "vermijdend", "angstig", "chaotisch")
PREFIX = {"veilig": "VL", "vermijdend": "VM", "angstig": "AN", "chaotisch": "CH"}


def profile_instrument(tmp_path: Path) -> Instrument:
    """Four styles of four items (one reverse-keyed each), SEM 1.0 * sqrt(.75) = 0.5."""
    lines = [
        "id: proef",
        'version: "1"',
        "title: {nl: Proef}",
        "response_scale: {min: 1, max: 7}",
        "classification: {kind: profile, confidence: 0.90}",
        "scales:",
    ]
    items = []
    for style in STYLES:
        ids = [f"{PREFIX[style]}{n}" for n in range(1, 5)]
        lines += [
            f"  - id: {style}",
            f"    title: {{nl: {style}}}",
            f"    items: [{', '.join(ids)}]",
            "    reliability: {coefficient: 0.75, sd: 1.0, provenance: {nl: test}}",
        ]
        items += [(i, n == 0) for n, i in enumerate(ids)]
    lines.append("items:")
    for item_id, reverse in items:
        lines += [f"  - id: {item_id}", f"    text: {{nl: '{item_id}'}}", f"    reverse: {reverse}"]
    return load_instrument(write(tmp_path / "proef.yaml", "\n".join(lines) + "\n"))


def levels(values: tuple[float, ...]) -> dict[str, float]:
    return dict(zip(STYLES, values, strict=True))


def answers_for(inst: Instrument, levels: dict[str, float]) -> dict[str, float | int | None]:
    """Answers that put every style exactly at the given keyed level."""
    answers: dict[str, float | int | None] = {}
    for scale in inst.scales:
        for item_id in scale.items:
            level = levels[scale.id]
            answers[item_id] = 8 - level if inst.item(item_id).reverse else level
    return answers


def test_it_names_a_dominant_style_only_beyond_the_90_percent_threshold(tmp_path: Path) -> None:
    inst = profile_instrument(tmp_path)
    # threshold = 1.2816 * sqrt(0.5² + 0.5²) = 0.906
    clear = style_profile(inst, score_answers(inst, answers_for(inst, levels((6, 5, 3, 2)))))
    assert clear.dominant == "veilig" and clear.mixed == []
    answers = answers_for(inst, dict(zip(STYLES, (6, 4, 5, 2), strict=True)))
    answers["AN4"] = 6  # angstig 5.25: 0.75 below veilig, inside the threshold
    close = style_profile(inst, score_answers(inst, answers))
    assert close.dominant is None
    assert close.mixed == ["veilig", "angstig"]
    assert close.scales["veilig"].sem == pytest.approx(0.5)
    assert close.scales["veilig"].band == pytest.approx((6 - 1.644854 * 0.5, 6.822427), abs=1e-5)


def test_someone_who_agrees_with_everything_gets_no_confident_style(tmp_path: Path) -> None:
    inst = profile_instrument(tmp_path)
    result = score_answers(inst, {item: 7 for item in inst.item_ids})
    profile = style_profile(inst, result)
    assert profile.acquiescence == pytest.approx(1.0)
    assert profile.acquiescence_flag and profile.dominant is None
    # a clear profile whose answers follow the content is not flagged
    clear = style_profile(inst, score_answers(inst, answers_for(inst, levels((7, 1, 1, 1)))))
    assert clear.acquiescence == pytest.approx(0.0) and not clear.acquiescence_flag


def test_a_lopsided_acquiescer_would_win_without_the_flag(tmp_path: Path) -> None:
    inst = profile_instrument(tmp_path)
    # Agrees with everything except the reversed veilig item: veilig 7, the others 5.5,
    # a gap of 1.5 that would pass the 0.906 threshold on its own.
    answers = {item: 7 for item in inst.item_ids}
    answers["VL1"] = 1
    profile = style_profile(inst, score_answers(inst, answers))
    assert profile.scales["veilig"].score == 7.0
    assert profile.acquiescence_flag and profile.dominant is None


def test_an_incomplete_profile_has_no_verdict(tmp_path: Path) -> None:
    inst = profile_instrument(tmp_path)
    answers = answers_for(inst, levels((7, 1, 1, 1)))
    answers["VL2"] = answers["VL3"] = None
    profile = style_profile(inst, score_answers(inst, answers))
    assert not profile.complete and profile.dominant is None and profile.mixed == []
    assert profile.scales["veilig"].score is None and profile.scales["veilig"].band is None


def test_profiles_serialise_to_json(tmp_path: Path) -> None:
    inst = profile_instrument(tmp_path)
    profile = classify(inst, score_answers(inst, answers_for(inst, levels((6, 5, 3, 2)))))
    assert isinstance(profile, StyleProfile)
    assert StyleProfile.model_validate_json(profile.model_dump_json()) == profile


QUADRANT_YAML = """\
id: rel
version: "1"
title: {nl: Rel}
response_scale: {min: 1, max: 7}
classification:
  kind: quadrant
  anxiety: angst
  avoidance: vermijding
  disorganisation: desorganisatie
scales:
  - id: angst
    title: {nl: A}
    items: [A1, A2]
    reliability: {coefficient: 0.75, sd: 1.0, provenance: {nl: t}}
  - id: vermijding
    title: {nl: V}
    items: [V1, V2]
    reliability: {coefficient: 0.75, sd: 1.0, provenance: {nl: t}}
  - {id: desorganisatie, title: {nl: D}, items: [D1, D2]}
items:
  - {id: A1, text: {nl: a}}
  - {id: A2, text: {nl: a}, reverse: true}
  - {id: V1, text: {nl: v}}
  - {id: V2, text: {nl: v}}
  - {id: D1, text: {nl: d}}
  - {id: D2, text: {nl: d}}
"""


@pytest.mark.parametrize(
    ("anxiety", "avoidance", "expected"),
    [(2, 2, "veilig"), (2, 6, "vermijdend"), (6, 2, "angstig"), (6, 6, "chaotisch")],
)
def test_it_places_anxiety_and_avoidance_in_their_quadrant(
    tmp_path: Path, anxiety: int, avoidance: int, expected: str
) -> None:
    inst = load_instrument(write(tmp_path / "rel.yaml", QUADRANT_YAML))
    answers = {"A1": anxiety, "A2": 8 - anxiety, "V1": avoidance, "V2": avoidance, "D1": 3, "D2": 4}
    result = quadrant(inst, score_answers(inst, answers))
    assert result.quadrant == expected
    assert result.cut == 4.0  # midpoint of 1–7 by default
    assert result.anxiety_distance == anxiety - 4 and result.avoidance_distance == avoidance - 4
    assert not result.borderline
    assert result.disorganisation is not None and result.disorganisation.score == 3.5


def test_it_flags_a_point_whose_band_contains_the_cut_as_borderline(tmp_path: Path) -> None:
    inst = load_instrument(write(tmp_path / "rel.yaml", QUADRANT_YAML))
    # band half-width = 1.645 * 0.5 = 0.82: 4.5 is within reach of the cut, 5 is not
    near = classify(
        inst, score_answers(inst, {"A1": 5, "A2": 4, "V1": 6, "V2": 6, "D1": 1, "D2": 1})
    )
    far = classify(
        inst, score_answers(inst, {"A1": 5, "A2": 3, "V1": 6, "V2": 6, "D1": 1, "D2": 1})
    )
    assert isinstance(near, QuadrantResult) and isinstance(far, QuadrantResult)
    assert near.quadrant == "chaotisch" and near.borderline
    assert far.quadrant == "chaotisch" and not far.borderline


def test_vectorised_quadrants_agree_with_the_single_result(tmp_path: Path) -> None:
    from verbinding.measure import classify_quadrants

    inst = load_instrument(write(tmp_path / "rel.yaml", QUADRANT_YAML))
    rng = np.random.default_rng(2)
    matrix = rng.integers(1, 8, size=(200, 6)).astype(float)
    result = score_matrix(inst, matrix)
    arrays = classify_quadrants(inst, result)
    for row in range(200):
        single = quadrant(inst, result, row)
        assert (
            single.quadrant
            == ("veilig", "vermijdend", "angstig", "chaotisch")[arrays.quadrant[row]]
        )
        assert single.borderline == arrays.borderline[row]


def _simulation_module() -> ModuleType:
    path = Path(__file__).parents[2] / "bench" / "simulate_profiles.py"
    spec = importlib.util.spec_from_file_location("simulate_profiles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_simulated_respondents_recover_their_style_and_flat_ones_are_mixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from verbinding.measure.instrument import BUILTIN_DIR

    path = BUILTIN_DIR / "vier-stijlen.yaml"
    if not path.exists():
        pytest.skip("vier-stijlen not landed yet")
    sim = _simulation_module().simulate(load_instrument(path), n_per_kind=1000)
    with capsys.disabled():
        print("\n" + sim.confusion())
    assert sim.clear_recovery() >= 0.90
    assert sim.rate("flat", "mixed") >= 0.90
    assert sim.rate("acquiescent", "mixed") == 1.0
