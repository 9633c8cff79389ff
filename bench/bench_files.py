"""Research-scale files (issue #16): the `verbinding` command against the usual tools.

Every command runs as a child process, start-up included, exactly as a researcher would
type it; the runs of ours and theirs are interleaved so that a busy moment of the machine
hits both alike, and each figure is the median of --repeat runs. Per run: wall time, peak
resident set of the command (ru_maxrss; a launcher of about 8 MB starts it, see LAUNCHER)
and input megabytes (10^6 bytes) per second.

1. `verbinding score big.csv --instrument vier-stijlen -o out.csv` on a generated
   --rows × 48 file (answers 1–7, 0.5 % empty cells, fixed seed) against a ten-line pandas
   script (read_csv, reverse keys, row means per scale with the same minimum of answered
   items, to_csv). Targets: ours ≤ 0.5 × pandas' wall time; the same scale scores.
2. `verbinding analyse big.csv --instrument vier-stijlen --json` against pandas +
   pingouin.cronbach_alpha per scale (listwise, after reverse keying). Targets: ours ≤ 0.5 ×;
   the same alphas to 1e-6.
3. A real file: the openpsychometrics Short Dark Triad (../shared/data, converted here to a
   comma-separated file with empty cells for its missing code 0) with the SD3 instrument of
   the tests, against R psych's alpha() run by Rscript. Targets: ours ≤ 0.3 × R's wall time;
   the same alphas to 1e-6. Skipped (and said) when Rscript or the data is missing. Beside
   it, the start-up floor (`python -c "import numpy, typer, verbinding.measure.instrument"`):
   the issue's 0.3 × lies at that floor, so ours is also held to a proposed ≤ 0.4 × R.
4. --big: the same as 1 and 2 on a 20,000,000 × 48 file (about 2 GB, ours only).
   Targets: peak memory ≤ 1 GB per command, ≥ 100 MB/s of CSV.

Generated answer files are kept (and reused) between runs only with --keep. Exit code 0
even when a target fails, unless --strict.

Run: `uv run python bench/bench_files.py [--rows 1000000] [--repeat 3] [--big] [--keep]`
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from verbinding.measure import get_instrument, load_instrument
from verbinding.measure.instrument import Instrument

ROOT = Path(__file__).resolve().parents[1]
SD3_DATA = ROOT.parent / "shared" / "data" / "openpsychometrics_SD3" / "data.csv"
SD3_INSTRUMENT = ROOT / "tests" / "measure" / "data" / "sd3.yaml"
VERBINDING = str(Path(sys.executable).with_name("verbinding"))
SEED = 16
MISSING_RATE = 0.005
CHUNK_ROWS = 250_000
BIG_ROWS = 20_000_000
BIG_BYTES_PER_ROW = 96 + 80  # the answers and the score output per respondent, about
MB = 1e6  # input throughput in megabytes of 10^6 bytes
SPEED_TARGET = 0.5  # ours / pandas
R_TARGET = 0.3  # ours / R (the issue's)
# What this target meets on 2 CPUs: the libraries the command has to load (numpy, typer,
# the pydantic instrument models) alone take about 0.3 × R's whole run; the bench measures
# that floor beside it and holds the command to the proposed target below as well.
R_PROPOSED = 0.4
FLOOR_IMPORTS = "import numpy, typer, verbinding.measure.instrument"
MEMORY_TARGET_MB = 1024.0  # peak resident set, MiB
THROUGHPUT_TARGET = 100.0  # MB/s of CSV
VALUE_TOLERANCE = 1e-6


# --- the input files ----------------------------------------------------------------


def generate(path: Path, inst: Instrument, rows: int, seed: int = SEED) -> None:
    """Write `rows` respondents of `inst` as CSV: one latent trait per scale plus noise,
    reverse items mirrored, MISSING_RATE empty cells. Written to a temporary name first,
    so that a file under the final name is always complete."""
    item_scale = {item: j for j, scale in enumerate(inst.scales) for item in scale.items}
    columns = np.array([item_scale[item] for item in inst.item_ids])
    reverse = np.array([item.reverse for item in inst.items])
    low, high = inst.response_scale.min, inst.response_scale.max
    k = len(inst.item_ids)
    rng = np.random.default_rng(seed)
    temp = path.with_suffix(".partial")
    with temp.open("wb") as out:
        out.write((",".join(inst.item_ids) + "\n").encode())
        for start in range(0, rows, CHUNK_ROWS):
            n = min(CHUNK_ROWS, rows - start)
            latent = rng.normal(0.0, 1.0, size=(n, len(inst.scales)))[:, columns]
            noise = rng.normal(0.0, 1.5, size=(n, k))
            values = np.clip(np.rint((low + high) / 2 + latent + noise), low, high)
            values[:, reverse] = low + high - values[:, reverse]
            cells = np.empty((n, 2 * k), dtype=np.uint8)
            cells[:, 0::2] = values.astype(np.uint8) + ord("0")
            cells[:, 1::2] = ord(",")
            cells[:, -1] = ord("\n")
            digits = cells[:, 0::2]
            digits[rng.random((n, k)) < MISSING_RATE] = 0  # dropped below: an empty cell
            flat = cells.ravel()
            out.write(flat[flat != 0].tobytes())
    temp.replace(path)


def answers_file(directory: Path, inst: Instrument, rows: int) -> Path:
    path = directory / f"answers-{rows}x{len(inst.item_ids)}-seed{SEED}.csv"
    if not path.exists():
        start = time.perf_counter()
        generate(path, inst, rows)
        print(f"generated {path} ({path.stat().st_size / MB:,.0f} MB) in "
              f"{time.perf_counter() - start:.1f} s")
    return path


def convert_sd3(source: Path, target: Path, inst: Instrument) -> None:
    """The SD3 file is tab-separated with 0 for 'not answered': write its item columns
    comma-separated with empty cells instead, the plain format both tools read."""
    codes = {str(int(c)) for c in inst.missing_codes}
    with source.open(newline="", encoding="utf-8") as src, target.open(
        "w", newline="", encoding="utf-8"
    ) as out:
        reader = csv.DictReader(src, delimiter="\t")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(inst.item_ids)
        for row in reader:
            writer.writerow("" if row[i] in codes else row[i] for i in inst.item_ids)


# --- the other tools' scripts -------------------------------------------------------


def _spec(inst: Instrument) -> tuple[list[str], list[tuple[str, list[str]]], float, float]:
    reverse = [item.id for item in inst.items if item.reverse]
    scales = [(scale.id, list(scale.items)) for scale in inst.scales]
    return reverse, scales, inst.response_scale.min, inst.response_scale.max


def pandas_score_script(inst: Instrument) -> str:
    reverse, scales, low, high = _spec(inst)
    # the instrument's rule: a score needs ceil(min_answered × k) answered items
    need = {s.id: max(1, math.ceil(inst.min_answered * len(s.items) - 1e-9)) for s in inst.scales}
    return f"""import sys
import pandas as pd
REVERSE, LOW, HIGH = {reverse!r}, {low!r}, {high!r}
SCALES, NEED = {scales!r}, {need!r}
df = pd.read_csv(sys.argv[1])
df[REVERSE] = LOW + HIGH - df[REVERSE]
out = pd.DataFrame({{s: df[items].mean(axis=1).where(df[items].notna().sum(axis=1) >= NEED[s])
                    for s, items in SCALES}})
out.to_csv(sys.argv[2], index=False)
"""


def pingouin_alpha_script(inst: Instrument) -> str:
    reverse, scales, low, high = _spec(inst)
    return f"""import json, sys
import pandas as pd
import pingouin as pg
REVERSE, LOW, HIGH, SCALES = {reverse!r}, {low!r}, {high!r}, {scales!r}
df = pd.read_csv(sys.argv[1])
df[REVERSE] = LOW + HIGH - df[REVERSE]
alphas = {{s: float(pg.cronbach_alpha(df[items], nan_policy="listwise")[0]) for s, items in SCALES}}
print(json.dumps(alphas))
"""


def r_alpha_script(inst: Instrument) -> str:
    reverse, scales, low, high = _spec(inst)

    def vector(names: list[str]) -> str:
        return "c(" + ", ".join(f'"{n}"' for n in names) + ")"

    lists = ", ".join(f"{s} = {vector(items)}" for s, items in scales)
    return f"""suppressMessages(library(psych))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1], check.names = FALSE)
reversed <- {vector(reverse)}
scales <- list({lists})
alphas <- sapply(names(scales), function(s) {{
  x <- na.omit(d[, scales[[s]], drop = FALSE])
  for (item in intersect(reversed, names(x))) x[[item]] <- {low!r} + {high!r} - x[[item]]
  psych::alpha(x, check.keys = FALSE, warnings = FALSE)$total$raw_alpha
}})
cat("{{", paste(sprintf('"%s": %.17g', names(alphas), alphas), collapse = ", "), "}}\\n")
"""


# --- running and measuring ----------------------------------------------------------


@dataclass
class Runs:
    """The runs of one command: wall seconds and peak resident set (MiB) of each."""

    label: str
    command: list[str]
    input_bytes: int
    stdout: Path | None = None
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)
    failure: str | None = None

    @property
    def tool(self) -> str:
        return self.label.split(": ", 1)[-1]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peak_mib) if self.peak_mib else float("nan")

    @property
    def throughput(self) -> float:
        return self.input_bytes / MB / self.median if self.seconds else float("nan")


def bench_env() -> dict[str, str]:
    # As on an installed system: bytecode written once and used (see bench_cli.py).
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# A child forked from this process would carry this process's own peak memory in its
# ru_maxrss (Linux records the old address space's high-water mark at exec), so every
# command is started by a small launcher instead: it spawns the command, waits for it and
# writes its wall time, peak resident set (kB) and exit code to the file named first.
LAUNCHER = """import os, sys, time
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{wall} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_once(runs: Runs, env: dict[str, str], work: Path) -> None:
    if runs.failure:
        return
    log, report = work / "stderr.log", work / "launcher.txt"
    report.unlink(missing_ok=True)
    out = runs.stdout.open("wb") if runs.stdout else subprocess.DEVNULL
    try:
        with log.open("wb") as err:
            subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, str(report),
                            *runs.command], stdout=out, stderr=err, env=env, check=False)
    finally:
        if runs.stdout:
            out.close()  # type: ignore[union-attr]
    wall, max_kb, code = report.read_text().split() if report.exists() else ("", "", "")
    if code != "0":
        tail = " / ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
        runs.failure = f"exit code {code}: {tail}" if code else f"did not start: {tail}"
        return
    runs.seconds.append(float(wall))
    runs.peak_mib.append(int(max_kb) / 1024)  # kB on Linux


def measure(groups: list[list[Runs]], repeat: int, env: dict[str, str], work: Path) -> None:
    """Run every command of every group `repeat` times, interleaved within a group."""
    for group in groups:
        for _ in range(repeat):
            for runs in group:
                run_once(runs, env, work)


def warm_up(inst: Instrument, work: Path, env: dict[str, str], scripts: dict[str, Path]) -> None:
    """Write the bytecode of both stacks (not counted) on a tiny file."""
    tiny = answers_file(work, inst, 200)
    for command in (
        [VERBINDING, "score", str(tiny), "--instrument", inst.id, "-o", str(work / "w.csv")],
        [VERBINDING, "analyse", str(tiny), "--instrument", inst.id, "--json"],
        *([sys.executable, str(script), str(tiny), str(work / "w2.csv")]
          for script in scripts.values()),
    ):
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)


def read_into_cache(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


# --- comparing values ---------------------------------------------------------------


def compare_scores(ours: Path, theirs: Path, scale_ids: list[str]) -> tuple[bool, str]:
    import pandas as pd

    a = pd.read_csv(ours, usecols=scale_ids)[scale_ids].to_numpy(dtype=np.float64)
    b = pd.read_csv(theirs, usecols=scale_ids)[scale_ids].to_numpy(dtype=np.float64)
    if a.shape != b.shape:
        return False, f"shapes differ: {a.shape} vs {b.shape}"
    same_nan = bool(np.array_equal(np.isnan(a), np.isnan(b)))
    both = ~np.isnan(a) & ~np.isnan(b)
    diff = float(np.max(np.abs(a[both] - b[both]))) if both.any() else 0.0
    ok = same_nan and diff <= VALUE_TOLERANCE
    return ok, (f"{a.shape[0]:,} rows × {a.shape[1]} scales, max |difference| {diff:.1e}, "
                f"{int(np.isnan(a).sum())} empty scores, same empty cells: {same_nan}")


def compare_alphas(ours: dict[str, float], theirs: dict[str, float]) -> tuple[bool, str]:
    if set(ours) != set(theirs):
        return False, f"scales differ: {sorted(ours)} vs {sorted(theirs)}"
    diff = max(abs(ours[s] - theirs[s]) for s in ours)
    shown = ", ".join(f"{s} {ours[s]:.6f}/{theirs[s]:.6f}" for s in ours)
    return diff <= VALUE_TOLERANCE, f"max |difference| {diff:.1e} ({shown})"


def our_alphas(path: Path | None) -> dict[str, float]:
    if path is None or not path.exists() or not path.stat().st_size:
        return {}
    scales = json.loads(path.read_text())["scales"]
    return {s: float(info["alpha"]) for s, info in scales.items()}


def their_alphas(path: Path | None) -> dict[str, float]:
    if path is None or not path.exists() or not path.stat().st_size:
        return {}
    return {s: float(a) for s, a in json.loads(path.read_text()).items()}


# --- reporting ----------------------------------------------------------------------


class Verdicts:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failed = False

    def add(self, ok: bool, text: str) -> None:
        self.failed |= not ok
        self.lines.append(f"{'PASS' if ok else 'FAIL'}  {text}")

    def ratio(self, name: str, ours: Runs, theirs: Runs, target: float) -> None:
        if ours.failure or theirs.failure:
            self.add(False, f"{name}: a command failed ({ours.failure or theirs.failure})")
            return
        ratio = ours.median / theirs.median
        self.add(ratio <= target, f"{name}: verbinding {ours.median:.2f} s / {theirs.tool} "
                 f"{theirs.median:.2f} s = {ratio:.2f} × (target ≤ {target} ×)")

    def big(self, runs: Runs) -> None:
        if runs.failure:
            self.add(False, f"{runs.label}: {runs.failure}")
            return
        self.add(runs.peak <= MEMORY_TARGET_MB, f"{runs.label}: peak memory {runs.peak:,.0f} MiB "
                 f"(target ≤ {MEMORY_TARGET_MB:.0f} MiB)")
        self.add(runs.throughput >= THROUGHPUT_TARGET, f"{runs.label}: {runs.throughput:,.1f} "
                 f"MB/s of CSV (target ≥ {THROUGHPUT_TARGET:.0f} MB/s)")


def print_table(all_runs: list[Runs]) -> None:
    print(f"\n{'measurement':42} {'median s':>9} {'runs':>5} {'peak MiB':>9} {'MB/s':>8}")
    for runs in all_runs:
        if runs.failure:
            print(f"{runs.label:42} FAILED: {runs.failure}")
            continue
        print(f"{runs.label:42} {runs.median:9.2f} {len(runs.seconds):5d} "
              f"{runs.peak:9.0f} {runs.throughput:8.1f}")


def shown(command: list[str], stdout: Path | None) -> str:
    text = " ".join(command)
    return f"{text} > {stdout}" if stdout else text


# --- the parts ----------------------------------------------------------------------


def have(*modules: str) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in modules)


def file_runs(inst: Instrument, data: Path, work: Path, tag: str,
              scripts: dict[str, Path]) -> tuple[list[Runs], list[Runs]]:
    """Score and analyse runs of ours (and of pandas/pingouin when scripts are given)."""
    size = data.stat().st_size
    score = [Runs(f"{tag} score: verbinding", [VERBINDING, "score", str(data), "--instrument",
                                              inst.id, "-o", str(work / f"ours-{tag}.csv")], size)]
    analyse = [Runs(f"{tag} analyse: verbinding", [VERBINDING, "analyse", str(data),
                                                  "--instrument", inst.id, "--json"], size,
                    stdout=work / f"ours-{tag}.json")]
    if "score" in scripts:
        score.append(Runs(f"{tag} score: pandas", [sys.executable, str(scripts["score"]),
                                                   str(data), str(work / f"pandas-{tag}.csv")],
                          size))
    if "alpha" in scripts:
        analyse.append(Runs(f"{tag} analyse: pandas + pingouin",
                            [sys.executable, str(scripts["alpha"]), str(data)], size,
                            stdout=work / f"pingouin-{tag}.json"))
    return score, analyse


def sd3_runs(work: Path) -> tuple[list[Runs], str]:
    if shutil.which("Rscript") is None:
        return [], "SKIPPED  SD3 vs R psych: no Rscript here (apt-get install r-cran-psych)"
    if not SD3_DATA.exists():
        return [], f"SKIPPED  SD3 vs R psych: {SD3_DATA} is not there"
    version = subprocess.run(
        ["Rscript", "-e", 'cat(R.version.string, "/ psych", '
         'tryCatch(as.character(packageVersion("psych")), error = function(e) "missing"))'],
        capture_output=True, text=True, check=False).stdout.strip()
    if version.endswith("missing"):
        return [], "SKIPPED  SD3 vs R psych: R has no psych (apt-get install r-cran-psych)"
    inst = load_instrument(SD3_INSTRUMENT)
    data = work / "sd3.csv"
    convert_sd3(SD3_DATA, data, inst)
    script = work / "psych_alpha.R"
    script.write_text(r_alpha_script(inst))
    size = data.stat().st_size
    runs = [
        Runs("SD3 analyse: verbinding", [VERBINDING, "analyse", str(data), "--instrument",
                                         str(SD3_INSTRUMENT), "--json"], size,
             stdout=work / "ours-sd3.json"),
        Runs("SD3 alpha: R psych", ["Rscript", str(script), str(data)], size,
             stdout=work / "r-sd3.json"),
    ]
    rows = sum(1 for _ in data.open()) - 1
    return runs, f"SD3: {data} ({rows:,} respondents, {len(inst.item_ids)} items); {version}"


def value_checks(verdicts: Verdicts, score: list[Runs], analyse: list[Runs],
                 inst: Instrument, what: str) -> None:
    if len(score) == 2 and not (score[0].failure or score[1].failure):
        ok, text = compare_scores(Path(score[0].command[-1]), Path(score[1].command[-1]),
                                  list(inst.scale_ids))
        verdicts.add(ok, f"{what} score: same scale scores as pandas to {VALUE_TOLERANCE} — {text}")
    if len(analyse) == 2 and not (analyse[0].failure or analyse[1].failure):
        ok, text = compare_alphas(our_alphas(analyse[0].stdout), their_alphas(analyse[1].stdout))
        verdicts.add(ok, f"{what} analyse: same alphas as {analyse[1].tool} "
                     f"to {VALUE_TOLERANCE} — {text}")


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--big", action="store_true",
                        help=f"also {BIG_ROWS:,} rows (about 2 GB): memory and throughput")
    parser.add_argument("--big-rows", type=int, default=BIG_ROWS, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) generated files")
    parser.add_argument("--strict", action="store_true", help="exit code 1 when a target fails")
    parser.add_argument("--dir", type=Path,
                        default=Path(tempfile.gettempdir()),
                        help="generated files and outputs go to DIR/verbinding-bench-files")
    return parser.parse_args(argv)


def floor_runs(sd3: list[Runs]) -> list[Runs]:
    """The imports every `verbinding analyse` needs, as a command of their own."""
    if not sd3:
        return []
    return [Runs("start-up floor: imports only", [sys.executable, "-c", FLOOR_IMPORTS], 0)]


def judge(score: list[Runs], analyse: list[Runs], sd3: list[Runs], big: list[Runs],
          inst: Instrument, rows: str, floor: list[Runs] | None = None) -> Verdicts:
    verdicts = Verdicts()
    value_checks(verdicts, score, analyse, inst, rows)
    if len(score) == 2:
        verdicts.ratio(f"{rows} score", score[0], score[1], SPEED_TARGET)
    if len(analyse) == 2:
        verdicts.ratio(f"{rows} analyse", analyse[0], analyse[1], SPEED_TARGET)
    if sd3:
        value_checks(verdicts, [], sd3, load_instrument(SD3_INSTRUMENT), "SD3")
        verdicts.ratio("SD3 analyse", sd3[0], sd3[1], R_TARGET)
        verdicts.ratio("SD3 analyse (proposed target)", sd3[0], sd3[1], R_PROPOSED)
        if floor and not (floor[0].failure or sd3[1].failure):
            verdicts.lines.append(
                f"INFO  start-up floor ({FLOOR_IMPORTS}): {floor[0].median:.2f} s = "
                f"{floor[0].median / sd3[1].median:.2f} × R psych's whole run"
            )
    for runs in big:
        verdicts.big(runs)
    return verdicts


def write_scripts(inst: Instrument, work: Path) -> dict[str, Path]:
    scripts: dict[str, Path] = {}
    if have("pandas"):
        scripts["score"] = work / "pandas_score.py"
        scripts["score"].write_text(pandas_score_script(inst))
    if have("pandas", "pingouin"):
        scripts["alpha"] = work / "pingouin_alpha.py"
        scripts["alpha"].write_text(pingouin_alpha_script(inst))
    return scripts


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    work: Path = args.dir / "verbinding-bench-files"
    work.mkdir(parents=True, exist_ok=True)
    need = args.big_rows * BIG_BYTES_PER_ROW if args.big else 0
    if shutil.disk_usage(work).free < need:
        print(f"--big needs about {need / 1e9:.1f} GB free in {work} "
              "(the answers file and the scores written from it)")
        return 1
    env = bench_env()
    inst = get_instrument("vier-stijlen")
    rows = f"{args.rows:,}"
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start; "
          f"files in {work}")
    scripts = write_scripts(inst, work)
    notes = [] if len(scripts) == 2 else ["SKIPPED  pandas/pingouin rows: not installed"]
    data = answers_file(work, inst, args.rows)
    score, analyse = file_runs(inst, data, work, rows, scripts)
    sd3, note = sd3_runs(work)
    floor = floor_runs(sd3)
    notes.append(note)
    big: list[Runs] = []
    if args.big:
        big_data = answers_file(work, inst, args.big_rows)
        big = [r[0] for r in file_runs(inst, big_data, work, f"{args.big_rows:,}", {})]

    print("\ncommands (each run as a child process):")
    for runs in [*score, *analyse, *sd3, *floor, *big]:
        print("  " + shown(runs.command, runs.stdout))
    for script in [*scripts.values(), *([Path(sd3[1].command[1])] if sd3 else [])]:
        print(f"\n--- {script} ---\n{script.read_text().rstrip()}")

    warm_up(inst, work, env, scripts)
    read_into_cache(data)
    measure([score, analyse, [*sd3, *floor]], args.repeat, env, work)
    if big:
        read_into_cache(Path(big[0].command[2]))
        measure([[big[0]], [big[1]]], 1, env, work)

    print_table([*score, *analyse, *sd3, *floor, *big])
    verdicts = judge(score, analyse, sd3, big, inst, rows, floor)
    print()
    for line in [*notes, *verdicts.lines]:
        print(line)
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f} "
          "(ratios side by side hold up on a busy machine better than the seconds do)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:  # only the generated answer files are worth keeping
        for path in work.iterdir():
            if not path.name.startswith("answers-"):
                path.unlink()
    return 1 if args.strict and verdicts.failed else 0

if __name__ == "__main__":
    sys.exit(main())
