"""Fixtures for the measurement engine tests: reference data and instrument files."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from verbinding.measure import Instrument, load_instrument

DATA = Path(__file__).parent / "data"
# shared/ sits next to the repository (in CI too); the reference data lives there.
BFI_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "psych_bfi" / "bfi.csv"
BFI_SCALES = ("agree", "conscientious", "extraversion", "neuroticism", "openness")


@pytest.fixture(scope="session")
def bfi_instrument() -> Instrument:
    return load_instrument(DATA / "bfi.yaml")


@pytest.fixture(scope="session")
def bfi_matrix(bfi_instrument: Instrument) -> np.ndarray:
    if not BFI_CSV.exists():
        pytest.skip("psych bfi data not available")
    with BFI_CSV.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return np.array(
        [
            [np.nan if r[i] in ("", "NA") else float(r[i]) for i in bfi_instrument.item_ids]
            for r in rows
        ]
    )


@pytest.fixture(autouse=True)
def own_cache_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`instrument list` keeps a cache in the user's cache folder: not the real one here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
