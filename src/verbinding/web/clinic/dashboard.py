"""The therapist's list of clients: small profiles, last activity and signals.

Built for a full caseload: one page of clients costs a fixed number of queries, however
many clients and results there are (the page's own query with the activity dates as
subqueries, then the results of just that page's clients).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from verbinding import interpret
from verbinding.interpret import STYLE_ORDER, glossary, numbers
from verbinding.measure.change import ChangeVerdict, ReliableChange
from verbinding.web.assessments import instruments, progress, targets
from verbinding.web.assessments.models import Result, SelfTest
from verbinding.web.clinic.models import Sharing
from verbinding.web.journal.models import DiaryEntry, Interaction, SignRating
from verbinding.web.practice.models import PracticeSession

PER_PAGE = 25
QUIET_DAYS = 14
# The style names in the mini profile's text alternative.
STYLE_WORDS = {style: gettext_lazy(word) for style, word in glossary.STYLE_WORDS.items()}

# Each kind of activity, the sharing choice that lets the therapist see it, and the
# newest moment of it for a client.
_ACTIVITY = {
    "last_selftest": ("profiles", SelfTest.objects.filter(
        owner=OuterRef("client"), submitted_at__isnull=False).order_by("-submitted_at")
        .values("submitted_at")),
    "last_practice": ("practice", PracticeSession.objects.filter(
        user=OuterRef("client")).order_by("-started_at").values("started_at")),
    "last_reaction": ("reactions", Interaction.objects.filter(
        user=OuterRef("client")).order_by("-occurred_at").values("occurred_at")),
    "last_signs": ("signs", SignRating.objects.filter(
        user=OuterRef("client")).order_by("-updated_at").values("updated_at")),
    "last_diary": ("diary", DiaryEntry.objects.filter(
        user=OuterRef("client")).order_by("-created_at").values("created_at")),
}


@dataclass
class ClientRow:
    sharing: Sharing
    last_activity: dt.datetime | None
    styles: dict[str, float | None] = field(default_factory=dict)
    signals: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.sharing.client.greeting_name)

    @property
    def mini_svg(self) -> str:
        """Four small bars on a 1–7 scale; the scores are also in its text alternative."""
        parts = [
            '<svg class="mini-profile" viewBox="0 0 120 44" width="120" height="44" '
            f'role="img" aria-label="{escape(self.mini_text)}">'
        ]
        for i, style in enumerate(STYLE_ORDER):
            score = self.styles.get(style)
            y = 2 + i * 10.5
            parts.append(f'<rect x="0" y="{y:.1f}" width="120" height="8" rx="2" class="track"/>')
            if score is not None:
                width = max(2.0, (score - 1) / 6 * 120)
                parts.append(
                    f'<rect x="0" y="{y:.1f}" width="{width:.1f}" height="8" rx="2" '
                    f'class="bar {style}"/>'
                )
        parts.append("</svg>")
        return "".join(parts)

    @property
    def mini_text(self) -> str:
        return ", ".join(
            f"{STYLE_WORDS.get(style, style)} {numbers.score(score, get_language())}"
            for style, score in ((s, self.styles.get(s)) for s in STYLE_ORDER)
        )


def client_order(therapist: Any, search: str = "") -> list[int]:
    """The ids of the therapist's active sharings that match `search`, by name then e-mail.

    Names are encrypted at rest, so SQL can neither search nor sort them: one query reads
    the therapist's own clients' names and addresses (decrypted on load) and Python does
    both. For a caseload of 1,000 that is some tens of milliseconds of decrypting;
    bench/bench_dashboard.py keeps the page under its 150 ms target."""
    rows = Sharing.objects.active().filter(therapist=therapist).values_list(
        "pk", "client__display_name", "client__email"
    )
    needle = search.strip().casefold()
    found = [(name.casefold(), email, pk) for pk, name, email in rows
             if needle in name.casefold() or needle in email.casefold()]
    return [pk for _name, _email, pk in sorted(found)]


def sharings_in_order(ids: list[int]) -> list[Sharing]:
    """The sharings `ids` (one page), in that order, with their last activity dates."""
    annotations = {name: Subquery(query[:1]) for name, (_what, query) in _ACTIVITY.items()}
    found = Sharing.objects.filter(pk__in=ids).select_related("client").annotate(**annotations)
    by_id = {sharing.pk: sharing for sharing in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def _last_activity(sharing: Sharing) -> dt.datetime | None:
    moments = [
        getattr(sharing, name)
        for name, (what, _query) in _ACTIVITY.items()
        if sharing.shares(what) and getattr(sharing, name) is not None
    ]
    return max(moments, default=None)


def _results_by_client(client_ids: list[int]) -> dict[int, list[Mapping[str, Any]]]:
    """Each client's submitted results, oldest self-test first, as plain values."""
    rows = (
        Result.objects.filter(
            assessment__selftest__owner_id__in=client_ids,
            assessment__selftest__submitted_at__isnull=False,
        )
        # Named people differ from test to test: no line through them.
        .exclude(assessment__target__in=targets.named_targets())
        .order_by("assessment__selftest__submitted_at", "assessment__selftest_id")
        .values(
            "scores",
            "interpretation",
            "interpretation_version",
            owner=F("assessment__selftest__owner_id"),
            selftest=F("assessment__selftest_id"),
            instrument=F("assessment__instrument_id"),
            version=F("instrument_version"),
            target=F("assessment__target"),
        )
    )
    found: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        found[row["owner"]].append(row)
    return found


def _score(row: Mapping[str, Any] | None, scale_id: str) -> float | None:
    if row is None:
        return None
    value = row["scores"].get(scale_id, {}).get("score")
    return None if value is None else float(value)


def _reliably_worse(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Whether a scale got reliably worse, by the same rule as the client page (each
    result judged with the version it was made with; not comparable is not worse)."""
    was = instruments.made_with(before["instrument"], before["version"])
    now = instruments.made_with(after["instrument"], after["version"])
    styles = after["instrument"] == targets.STYLES_INSTRUMENT
    scales = STYLE_ORDER if styles else progress.RELATION_SCALES
    for scale_id in scales:
        old, new = _score(before, scale_id), _score(after, scale_id)
        if old is None or new is None:
            continue
        judged = progress.judge((was, old), (now, new), scale_id)
        if isinstance(judged, ReliableChange) and judged.verdict is ChangeVerdict.RELIABLY_WORSE:
            return True
    return False


def _profile_signals(row: ClientRow, results: list[Mapping[str, Any]]) -> None:
    by_test: dict[int, dict[tuple[str, str], Mapping[str, Any]]] = defaultdict(dict)
    for result in results:
        by_test[result["selftest"]][(result["instrument"], result["target"])] = result
    tests = list(by_test.values())  # oldest first (the query's order)
    if not tests:
        return
    latest = tests[-1]
    styles = latest.get((targets.STYLES_INSTRUMENT, ""))
    row.styles = {style: _score(styles, style) for style in STYLE_ORDER}
    if len(tests) >= 2 and any(
        key in tests[-2] and _reliably_worse(tests[-2][key], result)
        for key, result in latest.items()
    ):
        row.signals.append(_("betrouwbaar slechter bij herhaling"))
    # The care rule as each result kept it (verbinding.interpret), not decided again here.
    if any(
        interpret.from_json(r["interpretation"], r["interpretation_version"]).care
        for r in latest.values()
    ):
        row.signals.append(_("chaotisch of verwarring hoog"))


def dashboard_page(
    therapist: Any, search: str, page_number: str | None
) -> tuple[Page[Any], list[ClientRow]]:
    # The page holds the sharings' ids first, then (below) the sharings themselves.
    page: Page[Any] = Paginator(client_order(therapist, search), PER_PAGE).get_page(page_number)
    sharings = sharings_in_order(list(page.object_list))
    page.object_list = sharings
    with_profiles = [s.client_id for s in sharings if s.share_profiles]
    results = _results_by_client(with_profiles) if with_profiles else {}
    quiet_since = timezone.now() - dt.timedelta(days=QUIET_DAYS)
    rows = []
    for sharing in sharings:
        row = ClientRow(sharing, _last_activity(sharing))
        if (row.last_activity or sharing.created_at) < quiet_since:
            row.signals.append(
                ngettext("%(days)d dag niets gedaan", "%(days)d dagen niets gedaan", QUIET_DAYS)
                % {"days": QUIET_DAYS}
            )
        if sharing.share_profiles:
            _profile_signals(row, results.get(sharing.client_id, []))
        rows.append(row)
    return page, rows
