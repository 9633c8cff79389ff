"""`analyse --factors` against R psych on the same real data (figures made by
`reference/factors_reference.R`, kept in `reference/factors.json`, so CI needs no R).

What the issue asked of SD3 ("recovers the three scales") is not in the data: R psych's
own parallel analysis keeps three or four components depending on its random draws (the
fourth eigenvalue, 1.054, sits within 0.01 of the random mean), and with three factors
eight of the 27 items load highest outside their scale in R as here. The test holds the
engine to R's figures instead, on bfi and SD3 alike.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.measure.test_calibrate import load_set

from verbinding.measure.factors import explore_factors

REFERENCE = json.loads((Path(__file__).parent / "reference" / "factors.json").read_text())


@pytest.mark.parametrize("name", ["bfi", "sd3"])
def test_factor_structure_matches_r_psych(name: str) -> None:
    expected = REFERENCE[name]
    inst, matrix = load_set(name)
    found = explore_factors(inst, matrix)
    assert found.n == expected["n"]
    assert np.allclose(found.eigenvalues[:6], expected["eigenvalues"], atol=1e-9)
    # Our draws (fixed seed) land where R's do for most seeds.
    assert found.n_factors in expected["components"]
    for k, at_home in expected["at_home"].items():
        assert explore_factors(inst, matrix, n_factors=int(k)).at_home() == at_home


def test_parallel_analysis_on_sd3_is_a_close_call() -> None:
    inst, matrix = load_set("sd3")
    found = explore_factors(inst, matrix)
    assert set(REFERENCE["sd3"]["components"]) == {3, 4}
    assert abs(found.eigenvalues[3] - found.random_eigenvalues[3]) < 0.01
