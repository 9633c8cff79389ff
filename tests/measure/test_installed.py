"""Installed instrument versions (what `verbinding calibrate` writes): which one is used."""

from __future__ import annotations

from pathlib import Path

import yaml

from verbinding.measure.instrument import (
    current_instrument,
    instrument_version,
    shipped_instrument,
    version_label,
)


def _install(directory: Path, version: str, reliability: float) -> None:
    """A copy of the built-in `vier-stijlen` as another version, with other figures."""
    builtin = shipped_instrument("vier-stijlen")
    data = yaml.safe_load(Path(str(builtin.path)).read_text(encoding="utf-8"))
    data["version"] = version
    for scale in data["scales"]:
        scale["reliability"]["coefficient"] = reliability
    directory.mkdir(exist_ok=True)
    (directory / f"vier-stijlen-{version}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )


def test_an_installed_newer_version_wins_for_new_selftests_and_old_ones_keep_theirs(
    tmp_path: Path,
) -> None:
    builtin = shipped_instrument("vier-stijlen")
    assert current_instrument("vier-stijlen", tmp_path / "absent") is builtin
    _install(tmp_path, "1-gekalibreerd-2", 0.81)
    _install(tmp_path, "1-gekalibreerd-10", 0.83)  # 10 > 2: numbers compare as numbers
    newest = current_instrument("vier-stijlen", tmp_path)
    assert newest.version == "1-gekalibreerd-10"
    assert newest.scales[0].reliability is not None
    assert newest.scales[0].reliability.coefficient == 0.83
    # A self-test begun with the built-in keeps it; one with an older install keeps that.
    assert instrument_version("vier-stijlen", version_label(builtin), tmp_path) is builtin
    two = next(
        p for p in tmp_path.iterdir() if p.name == "vier-stijlen-1-gekalibreerd-2.yaml"
    )
    from verbinding.measure.instrument import load_instrument

    label = version_label(load_instrument(two))
    assert instrument_version("vier-stijlen", label, tmp_path).version == "1-gekalibreerd-2"
    # A label no file carries any more: the current version, so the result still renders.
    assert instrument_version("vier-stijlen", "0+gone", tmp_path).version == newest.version
