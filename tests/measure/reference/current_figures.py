"""Print the figures docs/measurement.md quotes for calibration, computed now.

    uv run python tests/measure/reference/current_figures.py

1. Ours against R psych (`calibration.json`, made by make_reference.R): per data set the
   largest absolute difference over n, mean, SD, alpha, omega, the percentiles, the
   item-rest correlations and the norm table. The tests require at most 1e-6.
2. The SD3 split-half check, exactly as `test_split_half_verdicts_are_stable_on_sd3` does
   it (same seed): verdict agreement and the largest percentile gap.
3. How many SD3 respondents get another verdict when the assumed figures are replaced by
   the calibrated ones (`verdict_changes`, as `verbinding calibrate` prints it).

Needs ../shared/data next to the repository (like the tests; they skip without it).
To check the R side too: `Rscript tests/measure/reference/make_reference.R | cmp -
tests/measure/reference/calibration.json`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for `tests.measure`

from tests.measure.test_calibrate import (  # noqa: E402
    PROVENANCE,
    SETS,
    load_set,
    split_half_sd3,
)

from verbinding.measure.calibrate import (  # noqa: E402
    calibrated_instrument,
    scale_statistics,
    verdict_changes,
)

REFERENCE = json.loads((HERE / "calibration.json").read_text(encoding="utf-8"))


def largest_gap_to_r(name: str) -> tuple[float, int]:
    """Largest absolute difference to R over every figure of every scale, and how many
    figures were compared."""
    inst, matrix = load_set(name)
    stats = scale_statistics(inst, matrix)
    gaps: list[float] = []
    for scale_id, ref in REFERENCE[name].items():
        got = stats[scale_id]
        gaps += [abs(got.n - ref["n"])]
        gaps += [abs(getattr(got, f) - ref[f]) for f in ("mean", "sd", "alpha", "omega")]
        gaps += [abs(got.percentiles[int(p)] - v) for p, v in ref["percentiles"].items()]
        gaps += [abs(got.item_rest[i] - v) for i, v in ref["item_rest"].items()]
        gaps += list(np.abs(np.array(got.table) - np.array(ref["table"])).ravel())
    return max(gaps), len(gaps)


def assumed_to_calibrated_sd3() -> tuple[int, int]:
    inst, matrix = load_set("sd3")
    new = calibrated_instrument(
        inst, scale_statistics(inst, matrix), version="2", provenance=PROVENANCE
    )
    moved = verdict_changes(inst, new, matrix)
    return moved.changed, moved.classified


def main() -> None:
    for name in sorted(SETS):
        gap, count = largest_gap_to_r(name)
        print(f"R psych vs ours, {name}: largest difference {gap:.2e} over {count} figures")
    agreement, gap, n = split_half_sd3()
    print(f"SD3 split-half (second half, n = {n}): verdict agreement {100 * agreement:.1f} %, "
          f"largest percentile gap {gap:.2f} points")
    changed, classified = assumed_to_calibrated_sd3()
    print(f"SD3 assumed -> calibrated figures: {changed} of {classified} verdicts change")


if __name__ == "__main__":
    main()
