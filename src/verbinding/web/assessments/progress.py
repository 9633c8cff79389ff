"""Retakes: how a person's scores changed between two self-tests.

Change is judged with the Jacobson–Truax reliable change index (95 %), from the
reliability of the instrument versions the two results were made with. A difference
smaller than measurement error allows is "no reliable change", however large it looks: we
never claim progress (or decline) that the questionnaire cannot tell apart from noise.

Two results made with two versions are compared on what the versions share
(`verbinding.measure.change.retake_basis`): the same items, wording, keys and answer
scale make the scores mean the same thing, and the change is judged with the figures of
the version calibrated on its own respondents. Where the scale changed, or no
reliability is known, the row says plainly that the two cannot be compared, and why.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext, gettext_lazy

from verbinding.i18n import text_in
from verbinding.interpret import STYLE_ORDER, numbers
from verbinding.measure.change import (
    ChangeVerdict,
    ReliableChange,
    RetakeBasis,
    RetakeReason,
    retake_change,
)
from verbinding.measure.instrument import Instrument
from verbinding.web.assessments import instruments, targets
from verbinding.web.assessments.models import Assessment, SelfTest
from verbinding.web.requests import UserRequest

RELATION_SCALES = ("angst", "vermijding", "desorganisatie")
SCALE_MIN, SCALE_MAX = 1.0, 7.0
# The verdict for people. `verbinding.measure` knows no Django; its Dutch words
# (`ChangeVerdict.nl`) are the source texts translated here.
VERDICT_TEXT = {
    ChangeVerdict.RELIABLY_BETTER: gettext_lazy("betrouwbaar verbeterd"),
    ChangeVerdict.RELIABLY_WORSE: gettext_lazy("betrouwbaar verslechterd"),
    ChangeVerdict.NO_RELIABLE_CHANGE: gettext_lazy("geen betrouwbare verandering"),
}
VERDICT_CLASS = {
    ChangeVerdict.RELIABLY_BETTER: "better",
    ChangeVerdict.RELIABLY_WORSE: "worse",
    ChangeVerdict.NO_RELIABLE_CHANGE: "same",
}
# Why two results on a scale cannot be compared; `verbinding.measure` gives the code.
REASON_TEXT = {
    RetakeReason.SCALE_MISSING: gettext_lazy(
        "Deze schaal staat niet in beide versies van de vragenlijst, dus deze twee scores "
        "zijn niet met elkaar te vergelijken."
    ),
    RetakeReason.SCALE_CHANGED: gettext_lazy(
        "De vragen van deze schaal zijn tussen de twee versies van de vragenlijst veranderd. "
        "De scores betekenen daardoor niet hetzelfde en zijn niet met elkaar te vergelijken."
    ),
    RetakeReason.NO_RELIABILITY: gettext_lazy(
        "Voor deze schaal is niet bekend hoe nauwkeurig ze meet, dus we kunnen niet zeggen "
        "of het verschil meer is dan meetfout."
    ),
}


def judge(
    before: tuple[Instrument, float], after: tuple[Instrument, float], scale_id: str
) -> ReliableChange | RetakeBasis:
    """The change on `scale_id` between two (version, score) pairs, or why it cannot be
    judged. The one rule for retakes: the person's progress page, the therapist's client
    page and the dashboard's signal all ask here."""
    return retake_change(before[0], after[0], scale_id, before[1], after[1])


@dataclass(frozen=True)
class ScaleChange:
    scale_id: str
    label: str
    before: float
    after: float
    before_band: tuple[float, float] | None
    after_band: tuple[float, float] | None
    change: ReliableChange | None  # None: not comparable, `reason` says why
    reason: RetakeReason | None = None

    @property
    def verdict(self) -> str:
        if self.change is None:
            return gettext("niet te vergelijken")
        return str(VERDICT_TEXT[self.change.verdict])

    @property
    def verdict_class(self) -> str:
        return "none" if self.change is None else VERDICT_CLASS[self.change.verdict]

    @property
    def reason_text(self) -> str:
        return str(REASON_TEXT[self.reason]) if self.reason else ""

    @property
    def difference_text(self) -> str:
        """Between the figures shown, so "2,3 → 1,0, verschil −1,3" adds up."""
        return numbers.difference(self.before, self.after, get_language())

    @property
    def svg(self) -> str:
        return change_svg(self)


@dataclass(frozen=True)
class Comparison:
    before: SelfTest
    after: SelfTest
    styles: list[ScaleChange]
    relations: list[tuple[str, list[ScaleChange]]]
    version_changed: bool

    @property
    def not_comparable(self) -> bool:
        """Some scale could not be compared (each such row says why)."""
        rows = [*self.styles, *(row for _, rows in self.relations for row in rows)]
        return any(row.change is None for row in rows)


def _by_part(selftest: SelfTest) -> dict[tuple[str, str, str], Assessment]:
    parts = {}
    for assessment in selftest.assessments.all():
        if hasattr(assessment, "result"):
            key = (assessment.instrument_id, assessment.target, assessment.target_name.lower())
            parts[key] = assessment
    return parts


def _band(stored: dict[str, Any]) -> tuple[float, float] | None:
    band = stored.get("ci90")
    return (float(band[0]), float(band[1])) if band and None not in band else None


def _scale_changes(
    before: Assessment, after: Assessment, scale_ids: tuple[str, ...]
) -> list[ScaleChange]:
    old_version, new_version = instruments.of_assessment(before), instruments.of_assessment(after)
    changes = []
    for scale_id in scale_ids:
        old = before.result.scores.get(scale_id, {})
        new = after.result.scores.get(scale_id, {})
        if old.get("score") is None or new.get("score") is None:
            continue  # a scale with too few answers on either occasion cannot be compared
        was, now = float(old["score"]), float(new["score"])
        judged = judge((old_version, was), (new_version, now), scale_id)
        named_by = new_version if scale_id in new_version.scale_ids else old_version
        titles = named_by.scale(scale_id).title if scale_id in named_by.scale_ids else {}
        label = text_in(titles, get_language(), scale_id)
        change = judged if isinstance(judged, ReliableChange) else None
        reason = judged.reason if isinstance(judged, RetakeBasis) else None
        changes.append(
            ScaleChange(scale_id, label, was, now, _band(old), _band(new), change, reason)
        )
    return changes


def compare(before: SelfTest, after: SelfTest) -> Comparison:
    """Scale-by-scale reliable change for every part the two self-tests share."""
    old, new = _by_part(before), _by_part(after)
    styles: list[ScaleChange] = []
    relations: list[tuple[int, str, list[ScaleChange]]] = []
    order = targets.target_order()
    changed = False
    for key, assessment in new.items():
        if key not in old:
            continue
        changed |= old[key].instrument_version != assessment.instrument_version
        instrument_id, target, _ = key
        if instrument_id == targets.STYLES_INSTRUMENT:
            styles = _scale_changes(old[key], assessment, STYLE_ORDER)
        else:
            label = targets.target_label(target, assessment.target_name)
            rows = _scale_changes(old[key], assessment, RELATION_SCALES)
            relations.append((order.get(target, len(order)), label, rows))
    relations.sort(key=lambda item: item[:2])
    return Comparison(
        before, after, styles, [(label, rows) for _, label, rows in relations], changed
    )


def _x(value: float, width: float = 300.0, pad: float = 10.0) -> float:
    return pad + (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * (width - 2 * pad)


def change_svg(row: ScaleChange) -> str:
    """A 1–7 line with the before band (grey) and the after band (coloured), dots for scores."""
    parts = [
        '<svg class="change-line" viewBox="0 0 300 36" role="img" aria-hidden="true" '
        'focusable="false">',
        f'<line x1="{_x(1):.1f}" y1="18" x2="{_x(7):.1f}" y2="18" class="axis"/>',
    ]
    parts += [
        f'<line x1="{_x(t):.1f}" y1="14" x2="{_x(t):.1f}" y2="22" class="tick"/>'
        for t in range(1, 8)
    ]
    for band, score, cls, y in (
        (row.before_band, row.before, "before", 11),
        (row.after_band, row.after, "after", 25),
    ):
        if band:
            parts.append(
                f'<rect x="{_x(band[0]):.1f}" y="{y - 4}" width="{_x(band[1]) - _x(band[0]):.1f}"'
                f' height="8" rx="4" class="band {cls}"/>'
            )
        parts.append(f'<circle cx="{_x(score):.1f}" cy="{y}" r="4.5" class="dot {cls}"/>')
    parts.append("</svg>")
    return "".join(parts)


def submitted_selftests(user: Any) -> list[SelfTest]:
    return list(SelfTest.objects.submitted_by(user).prefetch_related("assessments__result"))


def _submitted_at(selftest: SelfTest) -> dt.datetime:
    # Only submitted self-tests reach this page (submitted_selftests).
    return cast(dt.datetime, selftest.submitted_at)


def _pick(selftests: list[SelfTest], raw: str | None, default: SelfTest) -> SelfTest:
    """The chosen self-test from a query value; anything unknown falls back to `default`."""
    try:
        wanted = uuid.UUID(raw or "")
    except ValueError:
        return default
    return next((s for s in selftests if s.public_id == wanted), default)


def _score_text(scores: dict[str, Any], scale_id: str) -> str:
    value = scores.get(scale_id, {}).get("score")
    return numbers.score(value, get_language())


def history_rows(selftests: list[SelfTest]) -> list[dict[str, Any]]:
    rows = []
    for selftest in selftests:
        styles = _by_part(selftest).get((targets.STYLES_INSTRUMENT, "", ""))
        scores = styles.result.scores if styles else {}
        rows.append(
            {"selftest": selftest, "scores": [_score_text(scores, s) for s in STYLE_ORDER]}
        )
    return rows


@login_required
def progress(request: UserRequest) -> HttpResponse:
    selftests = submitted_selftests(request.user)
    context: dict[str, Any] = {"selftests": selftests, "history": history_rows(selftests)}
    if len(selftests) >= 2:
        after = _pick(selftests, request.GET.get("naar"), selftests[-1])
        earlier = [
            s for s in selftests if _submitted_at(s) < _submitted_at(after)
        ] or selftests[:1]
        before = _pick(earlier, request.GET.get("van"), earlier[-1])
        if before.pk != after.pk:
            context["comparison"] = compare(before, after)
    return render(request, "assessments/progress.html", context)
