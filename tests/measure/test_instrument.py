"""Instrument files: the format, its faults (file, line, field) and the built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from verbinding.measure import (
    InstrumentError,
    UnknownInstrumentError,
    builtin_instruments,
    get_instrument,
    load_instrument,
)
from verbinding.measure.instrument import BUILTIN_DIR

from .conftest import BFI_SCALES, DATA, write

MINIMAL = """\
id: mini
version: "1"
title: {nl: "Mini", en: "Mini"}
response_scale: {min: 1, max: 5}
missing_codes: [9]
scales:
  - id: een
    title: {nl: "Een", en: "One"}
    items: [I1, I2]
items:
  - id: I1
    text: {nl: "Ik vertrouw {doel}.", en: "I trust {doel}."}
  - id: I2
    text: {nl: "Ik twijfel aan {doel}.", en: "I doubt {doel}."}
    reverse: true
targets:
  - id: algemeen
    phrase: {nl: "andere mensen", en: "other people"}
    label: {nl: "In het algemeen", en: "In general"}
    about: {nl: "andere mensen", en: "other people"}
  - id: persoon
    phrase: {nl: "{naam}", en: "{naam}"}
    label: {nl: "Iemand", en: "Someone"}
    about: {nl: "{naam}", en: "{naam}"}
    optional: true
    named: true
"""


def faults_of(path: Path) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    return [str(f) for f in caught.value.faults]


@pytest.mark.parametrize("scale", BFI_SCALES)
def test_it_loads_the_bfi_fixture_instruments(scale: str) -> None:
    inst = load_instrument(DATA / f"bfi-{scale}.yaml")
    assert inst.scale_ids == (scale,)
    assert len(inst.items) == 5
    assert any(item.reverse for item in inst.items) or scale in {"neuroticism"}


def test_it_fills_the_target_phrase_and_a_name(tmp_path: Path) -> None:
    inst = load_instrument(write(tmp_path / "mini.yaml", MINIMAL))
    assert inst.item_text("I1", "nl", "algemeen") == "Ik vertrouw andere mensen."
    assert inst.item_text("I2", "en", "persoon", name="Eva") == "I doubt Eva."


def test_it_derives_a_content_hash_that_ignores_layout_but_not_content(tmp_path: Path) -> None:
    first = load_instrument(write(tmp_path / "a.yaml", MINIMAL))
    second = load_instrument(write(tmp_path / "b.yaml", "# a comment\n" + MINIMAL))
    third = load_instrument(write(tmp_path / "c.yaml", MINIMAL.replace("Ik vertrouw", "Ik geloof")))
    assert first.content_hash == second.content_hash
    assert first.content_hash != third.content_hash
    assert len(first.content_hash) == 12


def test_it_names_file_line_and_field_for_each_schema_fault(tmp_path: Path) -> None:
    bad = MINIMAL.replace('version: "1"', "version: 1").replace(
        "    reverse: true", "    reverse: misschien\n    colour: blue"
    )
    path = write(tmp_path / "bad.yaml", bad)
    faults = faults_of(path)
    assert f"{path}:2: version: moet tekst zijn" in faults[0]
    assert any(f.startswith(f"{path}:15: items[1].reverse: moet true of false") for f in faults)
    assert any(f.startswith(f"{path}:16: items[1].colour: onbekend veld") for f in faults)
    assert len(faults) == 3


def test_it_reports_every_cross_check_fault_once(tmp_path: Path) -> None:
    bad = (
        MINIMAL.replace("items: [I1, I2]", "items: [I1, I2, I3]")
        .replace("missing_codes: [9]", "missing_codes: [3]")
        .replace('phrase: {nl: "{naam}", en: "{naam}"}', 'phrase: {nl: "iemand", en: "someone"}')
    )
    path = write(tmp_path / "bad.yaml", bad)
    faults = faults_of(path)
    assert f"{path}:5: missing_codes[0]: ontbrekend-code 3 ligt binnen de schaal 1–5" in faults[0]
    assert any(f"{path}:9: scales[0].items[2]: item 'I3' bestaat niet" in f for f in faults)
    assert sum("named: true maar de frase bevat geen {naam}" in f for f in faults) == 2
    assert len(faults) == 4


def test_it_refuses_doel_without_targets_and_unscaled_items(tmp_path: Path) -> None:
    bad = MINIMAL.split("targets:")[0].replace("items: [I1, I2]", "items: [I1]")
    faults = faults_of(write(tmp_path / "bad.yaml", bad))
    assert sum("{doel} gebruikt maar de vragenlijst heeft geen targets" in f for f in faults) == 4
    assert any("items[1].id: item 'I2' hoort bij geen enkele schaal" in f for f in faults)


def test_it_requires_source_on_every_item_of_our_own_instruments(tmp_path: Path) -> None:
    faults = faults_of(write(tmp_path / "own.yaml", "own: true\n" + MINIMAL))
    assert [f.split(": ", 2)[1] for f in faults] == ["items[0].source", "items[1].source"]


def test_it_checks_the_quadrant_rule_and_its_reliability(tmp_path: Path) -> None:
    rule = "classification:\n  kind: quadrant\n  anxiety: een\n  avoidance: twee\n  cut: 7\n"
    faults = faults_of(write(tmp_path / "q.yaml", MINIMAL + rule))
    joined = "\n".join(faults)
    assert "classification.avoidance: schaal 'twee' bestaat niet" in joined
    assert "classification.cut: cut 7 ligt niet binnen de schaal 1–5" in joined
    assert "scales[0].reliability: schaal 'een' wordt geclassificeerd" in joined


def test_it_reports_broken_yaml_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.yaml", "id: x\nscales: [\n  - a: b\n")
    (fault,) = faults_of(path)
    assert fault.startswith(f"{path}:") and "geen geldige YAML" in fault


def test_it_reports_a_missing_file_and_an_unknown_id(tmp_path: Path) -> None:
    (fault,) = faults_of(tmp_path / "nope.yaml")
    assert "bestand niet gevonden" in fault
    with pytest.raises(UnknownInstrumentError, match="Onbekende vragenlijst 'geen-idee'"):
        get_instrument("geen-idee")


# --- the built-in instruments (written by the instrument helper) ----------------------

needs_builtins = pytest.mark.skipif(
    not (BUILTIN_DIR / "vier-stijlen.yaml").exists() or not (BUILTIN_DIR / "relatie.yaml").exists(),
    reason="built-in instrument files not landed yet",
)


@needs_builtins
def test_the_builtin_instruments_validate_and_trace_every_item_to_a_source() -> None:
    found = builtin_instruments()
    assert {"vier-stijlen", "relatie"} <= set(found)
    for inst in found.values():
        assert inst.own
        assert all(item.source for item in inst.items), inst.id
        assert {"nl", "en"} <= set(inst.languages)


@needs_builtins
def test_vier_stijlen_has_ten_items_and_reverse_keying_in_every_style() -> None:
    inst = get_instrument("vier-stijlen")
    assert inst.scale_ids == ("veilig", "vermijdend", "angstig", "chaotisch")
    assert inst.response_scale.min == 1 and inst.response_scale.max == 7
    for scale in inst.scales:
        assert len(scale.items) >= 10, scale.id
        assert any(inst.item(i).reverse for i in scale.items), scale.id
        assert any(not inst.item(i).reverse for i in scale.items), scale.id
        assert scale.reliability is not None
    assert inst.classification is not None and inst.classification.kind == "profile"
    assert inst.higher_is_better("veilig") and not inst.higher_is_better("chaotisch")


@needs_builtins
def test_relatie_is_short_per_target_and_has_the_quadrant_rule() -> None:
    inst = get_instrument("relatie")
    assert len(inst.items) <= 12
    assert {"angst", "vermijding", "desorganisatie"} <= set(inst.scale_ids)
    expected = {"algemeen", "moeder", "vader", "partner", "mannen", "vrouwen", "persoon"}
    assert {t.id for t in inst.targets} == expected
    assert inst.target("persoon").named
    assert inst.classification is not None and inst.classification.kind == "quadrant"
    for target in inst.targets:
        name = "Eva" if target.named else None
        for item in inst.items:
            text = inst.item_text(item.id, "nl", target.id, name=name)
            assert "{" not in text


def test_it_refuses_bad_target_definitions_with_their_lines(tmp_path: Path) -> None:
    bad = (
        MINIMAL.replace('    label: {nl: "In het algemeen", en: "In general"}\n', "")
        .replace('about: {nl: "{naam}", en: "{naam}"}', 'about: {nl: "iemand"}')
        .replace("    optional: true\n    named: true", "    named: true\n    not_applicable: ja")
    )
    path = write(tmp_path / "bad.yaml", bad)
    faults = faults_of(path)
    assert any(f.startswith(f"{path}:17: targets[0].label: verplicht veld") for f in faults)
    assert any(f.startswith(f"{path}:25: targets[1].not_applicable: moet true of") for f in faults)
    assert len(faults) == 2
    fixed = bad.replace("not_applicable: ja", "not_applicable: true").replace(
        '    phrase: {nl: "andere mensen", en: "other people"}\n',
        '    phrase: {nl: "andere mensen", en: "other people"}\n    label: {nl: "Algemeen"}\n',
    )
    path = write(tmp_path / "cross.yaml", fixed)
    faults = faults_of(path)
    assert f"{path}:19: targets[0].label: tekst ontbreekt in taal en" in faults[0]
    assert any(f.startswith(f"{path}:24: targets[1].about: tekst ontbreekt in taal en")
               for f in faults)
    assert any(f.startswith(f"{path}:24: targets[1].about: about bevat {{naam}}") for f in faults)
    assert any(f.startswith(f"{path}:26: targets[1].not_applicable: not_applicable kan alleen")
               for f in faults)
    assert len(faults) == 4


def test_it_refuses_targets_that_are_all_optional(tmp_path: Path) -> None:
    bad = MINIMAL.replace('    about: {nl: "andere mensen", en: "other people"}\n',
                          '    about: {nl: "andere mensen", en: "other people"}\n'
                          "    optional: true\n")
    faults = faults_of(write(tmp_path / "bad.yaml", bad))
    assert any("targets: minstens één target moet altijd gevraagd worden" in f for f in faults)


def test_it_gives_each_target_its_words_from_the_file() -> None:
    relation = get_instrument("relatie")
    assert [t.id for t in relation.targets if not t.optional] == ["algemeen"]
    assert relation.target_text("vader", "about", "nl") == "je vader"
    assert relation.target_text("vader", "label", "en") == "Father"
    assert relation.target_text("persoon", "label", "nl", name="Eva") == "Eva"
    assert relation.target_text("persoon", "choice", "nl") == "Eén persoon die je zelf kiest"
    assert [t.id for t in relation.targets if t.not_applicable] == ["moeder", "vader", "partner"]
