"""Benchmark of the measurement engine, all figures from one run.

1. Score AND profile 1,000,000 respondents × 48 items (vier-stijlen, answers 1–7 as
   float32, 1 % missing). Targets: ≤ 1 s, and ≤ 10× a bare `np.nanmean` over the same
   matrix.
2. Cronbach's alpha (listwise) for the four scales on the same first 100,000 rows,
   against `pingouin.cronbach_alpha` on the same data. Target: ≥ 20× faster.
3. Peak memory. Target: ≤ 1 GB (whole process, ru_maxrss), with the engine's own extra
   allocations during step 1 from tracemalloc.

Run: `uv run python bench/bench_measure.py` (best of 5 repetitions per timing).
"""

from __future__ import annotations

import os
import resource
import time
import tracemalloc
from collections.abc import Callable

import numpy as np

from verbinding.measure import classify_profiles, cronbach_alpha, get_instrument, score_matrix
from verbinding.measure.scoring import keyed_matrix

N_RESPONDENTS = 1_000_000
N_ALPHA = 100_000
REPEAT = 5


def best_of(fn: Callable[[], object], repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def make_matrix(n: int, k: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    matrix = rng.integers(1, 8, size=(n, k), dtype=np.int8).astype(np.float32)
    matrix[rng.random((n, k), dtype=np.float32) < 0.01] = np.nan
    return matrix


def main() -> None:
    inst = get_instrument("vier-stijlen")
    k = len(inst.items)
    print(f"cores available: {os.cpu_count()}, instrument {inst.id} ({k} items)")
    matrix = make_matrix(N_RESPONDENTS, k)
    print(f"matrix: {N_RESPONDENTS:,} × {k} float32, {matrix.nbytes / 1e6:.0f} MB, 1 % missing")

    def score_and_profile() -> None:
        classify_profiles(inst, score_matrix(inst, matrix))

    score_and_profile()  # warm up
    t_engine = best_of(score_and_profile)
    t_score = best_of(lambda: score_matrix(inst, matrix))
    t_nanmean = best_of(lambda: np.nanmean(matrix, axis=1))
    tracemalloc.start()
    score_and_profile()
    _, engine_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print("\n1. scoring + profiling")
    print(f"   score + profile      {t_engine:8.3f} s   (target ≤ 1 s)")
    print(f"     of which scoring   {t_score:8.3f} s")
    print(f"   bare np.nanmean      {t_nanmean:8.3f} s")
    print(f"   ratio engine/nanmean {t_engine / t_nanmean:8.2f} ×   (target ≤ 10 ×)")

    import pandas as pd
    import pingouin as pg

    keyed = keyed_matrix(inst, matrix[:N_ALPHA])
    blocks = [keyed[:, [inst.item_ids.index(i) for i in s.items]] for s in inst.scales]
    frames = [pd.DataFrame(b, columns=s.items) for b, s in zip(blocks, inst.scales, strict=True)]
    ours = [cronbach_alpha(b).alpha for b in blocks]
    theirs = [float(pg.cronbach_alpha(f, nan_policy="listwise")[0]) for f in frames]
    assert np.allclose(ours, theirs, atol=1e-10), (ours, theirs)
    t_ours = best_of(lambda: [cronbach_alpha(b) for b in blocks])
    t_pg = best_of(lambda: [pg.cronbach_alpha(f, nan_policy="listwise") for f in frames])
    print(f"\n2. alpha, 4 scales × {N_ALPHA:,} rows, listwise (same values to 1e-10)")
    print(f"   verbinding           {t_ours * 1000:8.2f} ms")
    print(f"   pingouin             {t_pg * 1000:8.2f} ms")
    print(f"   speed-up             {t_pg / t_ours:8.1f} ×   (target ≥ 20 ×)")

    ours_pw = [cronbach_alpha(b, pairwise=True).alpha for b in blocks]
    theirs_pw = [float(pg.cronbach_alpha(f)[0]) for f in frames]  # pingouin's default
    assert np.allclose(ours_pw, theirs_pw, atol=1e-10), (ours_pw, theirs_pw)
    t_ours_pw = best_of(lambda: [cronbach_alpha(b, pairwise=True) for b in blocks])
    t_pg_pw = best_of(lambda: [pg.cronbach_alpha(f) for f in frames])
    print("   pairwise (pingouin's default), same values to 1e-10:")
    print(f"   verbinding           {t_ours_pw * 1000:8.2f} ms")
    print(f"   pingouin             {t_pg_pw * 1000:8.2f} ms")
    print(f"   speed-up             {t_pg_pw / t_ours_pw:8.1f} ×")

    load = os.getloadavg()[0]
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print("\n3. memory")
    print(f"   engine extra allocations during step 1 {engine_peak / 1e6:8.0f} MB")
    print(f"   peak resident set, whole process       {peak_rss:8.0f} MB   (target ≤ 1024 MB)")
    print(f"\nload average at the end: {load:.2f} (timings are only comparable on an idle machine)")


if __name__ == "__main__":
    main()
