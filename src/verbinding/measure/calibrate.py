"""Calibration: turn the answers of real respondents into a new instrument version.

Per scale, from the respondents who answered every item of it (listwise, so every
figure describes the same people): n, mean and SD of the scale score, Cronbach's alpha
with Feldt's 95 % interval, omega total, item–rest correlations, and norms (see
`norms`). The new version keeps every item, rule and text; each scale gets
`reliability` (alpha as the coefficient, the SD as the reference SD) and `norms`, both
saying where they come from. The engine reads those for every band and reliable-change
threshold, so a calibrated file changes what people are shown: `what_changes()` counts
how much.

Calibration refuses (`CalibrationRefused`, one sentence) when a scale has too few
complete respondents or when alpha's interval is wider than the limit: norms and error
bands from too little data would look more certain than they are.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import yaml
from numpy.typing import ArrayLike, NDArray
from pydantic import BaseModel, ConfigDict

from verbinding.i18n import catalogue_languages, gettext, gettext_noop
from verbinding.interpret import numbers
from verbinding.measure.defaults import DEFAULT_MAX_CI_WIDTH, DEFAULT_MIN_N
from verbinding.measure.distributions import z_two_sided
from verbinding.measure.instrument import Instrument, ProfileRule, QuadrantRule, parse_instrument
from verbinding.measure.norms import midrank_table, type7_percentiles
from verbinding.measure.profiles import classify_profiles, classify_quadrants
from verbinding.measure.reliability import analyse
from verbinding.measure.scoring import keyed_matrix, score_matrix

CHANGE_CONFIDENCE = 0.95  # reliable change is judged at 95 %, as in `change`


class CalibrationRefused(ValueError):
    """The data cannot carry a new version; the message is one sentence for a person."""


class ScaleCalibration(BaseModel):
    """The figures of one scale, from its complete respondents."""

    model_config = ConfigDict(frozen=True)

    n: int
    mean: float
    sd: float
    alpha: float | None
    alpha_ci: tuple[float | None, float | None]
    omega: float | None
    item_rest: dict[str, float | None]
    percentiles: dict[int, float]
    table: list[tuple[float, float]]


class Provenance(BaseModel):
    """What the person calibrating tells about the data, and the command they ran."""

    model_config = ConfigDict(frozen=True)

    population: str
    period: str
    command: str


def _without_missing(inst: Instrument, responses: ArrayLike) -> NDArray[np.float64]:
    matrix = np.asarray(responses, dtype=np.float64)
    if inst.missing_codes:
        matrix = np.where(np.isin(matrix, inst.missing_codes), np.nan, matrix)
    return matrix


def scale_statistics(inst: Instrument, responses: ArrayLike) -> dict[str, ScaleCalibration]:
    """Every figure calibration needs, per scale (see module docs)."""
    matrix = _without_missing(inst, responses)
    analysis = analyse(inst, matrix)
    keyed = keyed_matrix(inst, matrix)
    rs = inst.response_scale
    out: dict[str, ScaleCalibration] = {}
    for scale in inst.scales:
        block = keyed[:, [inst.item_ids.index(i) for i in scale.items]]
        sums = block[~np.isnan(block).any(axis=1)].sum(axis=1)
        k = len(scale.items)
        means = sums / k
        info = analysis.scales[scale.id]
        out[scale.id] = ScaleCalibration(
            n=int(sums.size),
            mean=float(means.mean()) if sums.size else math.nan,
            sd=float(means.std(ddof=1)) if sums.size > 1 else math.nan,
            alpha=info.alpha,
            alpha_ci=info.alpha_ci,
            omega=info.omega,
            item_rest={i: stats.item_rest_r for i, stats in info.items.items()},
            percentiles=type7_percentiles(means) if sums.size else {},
            table=midrank_table(sums, k, rs.min, rs.max) if sums.size else [],
        )
    return out


def check_calibration(
    stats: Mapping[str, ScaleCalibration],
    *,
    min_n: int = DEFAULT_MIN_N,
    max_ci_width: float = DEFAULT_MAX_CI_WIDTH,
) -> None:
    """Raise `CalibrationRefused` for the first scale the data cannot carry."""
    for scale_id, info in stats.items():
        if info.n < min_n:
            raise CalibrationRefused(
                f"Schaal '{scale_id}' heeft {info.n} respondenten die alle items "
                f"beantwoordden, en voor nieuwe normen zijn er minstens {min_n} nodig "
                "(too few complete respondents)."
            )
        low, high = info.alpha_ci
        if info.alpha is None or low is None or high is None or not 0.0 < info.alpha < 1.0:
            raise CalibrationRefused(
                f"Schaal '{scale_id}' heeft geen bruikbare alpha in deze gegevens, dus geen "
                "betrouwbaarheid om mee te rekenen (no usable alpha)."
            )
        if high - low > max_ci_width:
            raise CalibrationRefused(
                f"Het 95%-interval van alpha voor schaal '{scale_id}' is "
                f"{numbers.research_figure(high - low)} breed, breder dan de grens "
                f"{numbers.research_figure(max_ci_width)}; verzamel meer antwoorden "
                "(alpha's interval is too wide)."
            )


def _round(value: float) -> float:
    # Ten decimals keep the figures exact to far below 1e-6 without float noise in the file.
    return round(float(value), 10)


PROVENANCE = gettext_noop(
    "Cronbachs alpha (95 %-interval {low}–{high}) en SD van {n} respondenten die alle "
    "items beantwoordden; populatie: {population}; periode: {period}; gemaakt met: "
    "{command}"
)


def _reliability(info: ScaleCalibration, prov: Provenance) -> dict[str, Any]:
    low, high = info.alpha_ci
    return {
        "coefficient": _round(info.alpha or math.nan),
        "sd": _round(info.sd),
        # Written once in every language that has a catalogue (a gettext msgid below).
        "provenance": {
            language: gettext(PROVENANCE, language).format(
                low=numbers.number(low, language, 3), high=numbers.number(high, language, 3),
                n=numbers.count(info.n, language), population=prov.population,
                period=prov.period, command=prov.command,
            )
            for language in catalogue_languages()
        },
    }


def _norms(info: ScaleCalibration, prov: Provenance) -> dict[str, Any]:
    return {
        "mean": _round(info.mean),
        "sd": _round(info.sd),
        "percentiles": {p: _round(v) for p, v in info.percentiles.items()},
        "table": [[_round(s), _round(r)] for s, r in info.table],
        "provenance": {
            "n": info.n,
            "period": prov.period,
            "population": prov.population,
            "command": prov.command,
        },
    }


def plain_data(inst: Instrument) -> dict[str, Any]:
    """The definition as plain YAML-ready data (lists, not tuples; no empty fields)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return value

    result: dict[str, Any] = plain(inst.model_dump(mode="python", exclude_none=True))
    return result


def calibrated_instrument(
    inst: Instrument,
    stats: Mapping[str, ScaleCalibration],
    *,
    version: str,
    provenance: Provenance,
) -> Instrument:
    """The same instrument as a new version carrying the calibrated figures.

    Raises `InstrumentError` if the result is not a valid instrument (it goes through the
    same validation as any file).
    """
    data = plain_data(inst)
    data["version"] = version
    for scale in data["scales"]:
        info = stats[scale["id"]]
        scale["reliability"] = _reliability(info, provenance)
        scale["norms"] = _norms(info, provenance)
    return parse_instrument(data)


def instrument_yaml(inst: Instrument, comment: str = "") -> str:
    """The instrument as a YAML file that `load_instrument` reads back unchanged."""
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    body: str = yaml.safe_dump(
        plain_data(inst), sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return head + body


# --- what changes for people ------------------------------------------------------------


class ScaleChange(BaseModel):
    """Measurement error of one scale before and after: SEM and the reliable-change
    threshold (smallest difference between two occasions that counts, at 95 %)."""

    model_config = ConfigDict(frozen=True)

    old_sem: float | None
    new_sem: float | None
    old_threshold: float | None
    new_threshold: float | None


class VerdictChanges(BaseModel):
    """How many respondents get another verdict from the new version than from the old.

    `kind` is the classification (None: the instrument has none, nothing to compare).
    `changed` counts another dominant style or mixed set (profile) or another quadrant;
    `borderline_changed` counts a borderline flag that flips (quadrant only).
    """

    model_config = ConfigDict(frozen=True)

    kind: Literal["profile", "quadrant"] | None
    classified: int
    changed: int
    borderline_changed: int

    @property
    def agreement(self) -> float:
        """Share of classified respondents whose verdict stays the same."""
        return 1.0 - self.changed / self.classified if self.classified else math.nan


def _threshold(sem: float | None) -> float | None:
    return None if sem is None else z_two_sided(CHANGE_CONFIDENCE) * math.sqrt(2.0) * sem


def scale_changes(old: Instrument, new: Instrument) -> dict[str, ScaleChange]:
    out = {}
    for scale in new.scales:
        before = old.scale(scale.id).reliability
        after = scale.reliability
        old_sem = before.sem if before else None
        new_sem = after.sem if after else None
        out[scale.id] = ScaleChange(
            old_sem=old_sem,
            new_sem=new_sem,
            old_threshold=_threshold(old_sem),
            new_threshold=_threshold(new_sem),
        )
    return out


def verdict_changes(old: Instrument, new: Instrument, responses: ArrayLike) -> VerdictChanges:
    """Classify every respondent with both versions and count the differences."""
    matrix = _without_missing(old, responses)
    before, after = score_matrix(old, matrix), score_matrix(new, matrix)
    if isinstance(old.classification, ProfileRule):
        a, b = classify_profiles(old, before), classify_profiles(new, after)
        same = (a.dominant == b.dominant) & (a.within == b.within).all(axis=1)
        classified = a.complete
        return VerdictChanges(
            kind="profile",
            classified=int(classified.sum()),
            changed=int((classified & ~same).sum()),
            borderline_changed=0,
        )
    if isinstance(old.classification, QuadrantRule):
        qa, qb = classify_quadrants(old, before), classify_quadrants(new, after)
        classified = qa.quadrant >= 0
        return VerdictChanges(
            kind="quadrant",
            classified=int(classified.sum()),
            changed=int((classified & (qa.quadrant != qb.quadrant)).sum()),
            borderline_changed=int((classified & (qa.borderline != qb.borderline)).sum()),
        )
    return VerdictChanges(kind=None, classified=0, changed=0, borderline_changed=0)


def add_verdicts(a: VerdictChanges, b: VerdictChanges) -> VerdictChanges:
    """The counts of two parts of the respondents together (`verdict_changes` per batch)."""
    return VerdictChanges(
        kind=a.kind or b.kind,
        classified=a.classified + b.classified,
        changed=a.changed + b.changed,
        borderline_changed=a.borderline_changed + b.borderline_changed,
    )
