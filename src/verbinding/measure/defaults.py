"""Defaults of calibration and the structure check, in a module of their own so that the
command line can show them in its help without loading the engine."""

from __future__ import annotations

# Calibration refuses a scale with fewer complete respondents than this...
DEFAULT_MIN_N = 200
# ...or whose alpha has a 95 % interval wider than this.
DEFAULT_MAX_CI_WIDTH = 0.10
# A loading below this does not count as an item belonging to a factor.
WEAK_LOADING = 0.30
