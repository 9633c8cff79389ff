"""Installing other versions of a built-in questionnaire, as a practice would.

`calibrated` goes through the real calibration code on made-up answers, so the file has
reliability and norms like one `verbinding calibrate` writes; `edited` changes figures or
wording by hand, for the cases calibration never makes (another question text).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from verbinding.measure.calibrate import (
    Provenance,
    calibrated_instrument,
    instrument_yaml,
    plain_data,
    scale_statistics,
)
from verbinding.measure.instrument import Instrument, parse_instrument, shipped_instrument

PROVENANCE = Provenance(population="testdeelnemers", period="2027", command="test")


def install(directory: Path, instrument: Instrument) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{instrument.id}-{instrument.version}.yaml"
    path.write_text(instrument_yaml(instrument), encoding="utf-8")
    return path


def edited(
    instrument_id: str, version: str, *, reliability: float | None = None,
    item_texts: dict[str, str] | None = None,
) -> Instrument:
    """The built-in with another version label and, optionally, another reliability for
    every scale or other Dutch wording for some items."""
    data: dict[str, Any] = plain_data(shipped_instrument(instrument_id))
    data["version"] = version
    for scale in data["scales"]:
        if reliability is not None and scale.get("reliability"):
            scale["reliability"]["coefficient"] = reliability
    for item in data["items"]:
        if item["id"] in (item_texts or {}):
            item["text"]["nl"] = (item_texts or {})[item["id"]]
    return parse_instrument(data)


def calibrated(instrument_id: str, version: str, people: int = 60, seed: int = 3) -> Instrument:
    """The built-in calibrated on `people` made-up respondents whose answers hang together
    per scale (a leaning per scale plus noise), through the real calibration code."""
    builtin = shipped_instrument(instrument_id)
    rng = np.random.default_rng(seed)
    low, high = builtin.response_scale.min, builtin.response_scale.max
    matrix = np.empty((people, len(builtin.items)))
    scale_of = {item: s.id for s in builtin.scales for item in s.items}
    for row in range(people):
        lean = {s.id: rng.uniform(-2.5, 2.5) for s in builtin.scales}
        for column, item in enumerate(builtin.items):
            value = np.clip(np.rint(4 + lean[scale_of[item.id]] + rng.uniform(-1, 1)), low, high)
            matrix[row, column] = high + low - value if item.reverse else value
    stats = scale_statistics(builtin, matrix)
    return calibrated_instrument(builtin, stats, version=version, provenance=PROVENANCE)
