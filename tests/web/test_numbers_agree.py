"""Every surface shows a stored score the same way: result page, progress page, the
therapist's client page and the PDF; the person's own export and the JSON API keep the
stored figure in full and say how it was rounded; e-mails and the pages write a moment
the same way (property tests over generated results and moments)."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.utils import timezone
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from clinic_personas import share
from verbinding.interpret import STYLE_ORDER, numbers
from verbinding.measure.instrument import get_instrument, version_label
from verbinding.web.assessments import renderers, targets
from verbinding.web.assessments.models import Assessment, Result, SelfTest, hash_token, new_token

# Scores with two decimals, so that many end in 5: where half-to-even and half away from
# zero part ways (2,25 -> 2,2 or 2,3).
SCORES = st.integers(100, 700).map(lambda n: n / 100)
STYLES = st.fixed_dictionaries({s: SCORES for s in STYLE_ORDER})
RELATION = st.fixed_dictionaries({s: SCORES for s in ("angst", "vermijding", "desorganisatie")})
# A one-decimal Dutch figure standing on its own ("2,3", "−1,3"), not part of "0,80".
FIGURE = re.compile(r"(?<![\d,])\d,\d(?![\d,])")


def _stored(values: dict[str, float]) -> dict[str, dict]:
    return {
        scale: {"score": v, "ci90": [max(1.0, round(v - 0.81, 4)), min(7.0, round(v + 0.81, 4))],
                "n_answered": 12, "n_items": 12}
        for scale, v in values.items()
    }


def _part(selftest: SelfTest, position: int, instrument_id: str, target: str,
          values: dict[str, float], profile: dict) -> None:
    assessment = Assessment.objects.create(
        selftest=selftest, position=position, instrument_id=instrument_id, target=target,
        instrument_version=version_label(get_instrument(instrument_id)),
        submitted_at=selftest.submitted_at,
    )
    Result.objects.create(assessment=assessment, scores=_stored(values), profile=profile,
                          instrument_version=assessment.instrument_version,
                          scoring_version="1.0")


def _selftest(owner, styles: dict[str, float], relation: dict[str, float], days_ago: int,
              token: str = ""):
    selftest = SelfTest.objects.create(
        token_hash=hash_token(token or new_token()), owner=owner,
        submitted_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    _part(selftest, 0, targets.STYLES_INSTRUMENT, "", styles,
          {"kind": "profile", "dominant": None, "mixed": list(STYLE_ORDER), "complete": True,
           "acquiescence_flag": False})
    _part(selftest, 1, targets.RELATION_INSTRUMENT, "algemeen", relation,
          {"kind": "quadrant", "quadrant": "veilig", "borderline": True, "cut": 4.0})
    renderers.store_report(selftest)
    return selftest


def _figures(text: str) -> set[str]:
    """The figures people read: text only (no markup such as an SVG's dash pattern)."""
    return set(FIGURE.findall(re.sub(r"<[^>]+>", " ", text)))


def _allowed(*tests: tuple[dict[str, float], dict[str, float]]) -> set[str]:
    """Every figure these results may show: scores, band ends, differences, and the
    fixed figures of the pages (the cut 4,0, high from 5,0, the instrument's provenance
    note: SDs "van ongeveer 1,0 tot 1,2")."""
    shown = {"4,0", "5,0", "1,0", "1,2"}
    for styles, relation in tests:
        for values in (styles, relation):
            for scale in _stored(values).values():
                shown |= {numbers.score(x, "nl") for x in (scale["score"], *scale["ci90"])}
    (before, before_rel), (after, after_rel) = tests
    for old, new in ((before, after), (before_rel, after_rel)):
        for scale in old:
            shown.add(numbers.difference(old[scale], new[scale], "nl").lstrip("+−"))
    return shown


@settings(max_examples=4, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@example(  # the figures: 2,25 and 6,25 sit exactly on the half
    before={"veilig": 3.0, "vermijdend": 2.25, "angstig": 2.25, "chaotisch": 1.5},
    before_rel={"angst": 6.25, "vermijding": 2.0, "desorganisatie": 1.15},
    after={"veilig": 4.0, "vermijdend": 2.25, "angstig": 1.04, "chaotisch": 1.45},
    after_rel={"angst": 6.25, "vermijding": 2.05, "desorganisatie": 1.25},
)
@given(before=STYLES, before_rel=RELATION, after=STYLES, after_rel=RELATION)
def test_every_surface_shows_a_score_the_same_way(
    client_a, tineke_client, user_a, tineke, before, before_rel, after, after_rel
):
    sharing = share(user_a, tineke)
    first = _selftest(user_a, before, before_rel, 60)
    second = _selftest(user_a, after, after_rel, 30)
    token = new_token()
    anonymous = _selftest(None, after, after_rel, 30, token)  # the API serves these
    try:
        surfaces = {
            "result": client_a.get(f"/zelftest/{second.public_id}/uitslag/").content.decode(),
            "progress": client_a.get("/mijn/voortgang/").content.decode(),
            "therapist": tineke_client.get(
                f"/praktijk/clienten/{sharing.public_id}/").content.decode(),
        }
        pdf = client_a.get(f"/zelftest/{second.public_id}/uitslag.pdf").content
        surfaces["pdf"] = " ".join(
            (p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages)
        allowed = _allowed((before, before_rel), (after, after_rel))
        for name, text in surfaces.items():
            assert _figures(text) <= allowed, (name, _figures(text) - allowed)
            for style in STYLE_ORDER:
                assert numbers.score(after[style], "nl") in text, (name, style)
        for name in ("progress", "therapist"):
            for style in STYLE_ORDER:
                assert numbers.score(before[style], "nl") in surfaces[name]
                assert numbers.difference(before[style], after[style], "nl") in surfaces[name]

        # Machine-readable: the person's export and the API give the stored figure in
        # full (2.25, not 2.3 or 2.2), and the export says how the pages rounded it.
        export = client_a.get("/account/mijn-gegevens.json").json()
        assert export["about_figures"] == numbers.machine_note("nl")
        assert "2.25 wordt 2,3" in export["about_figures"]
        exported = [row["scores"] for row in export["tables"]["assessments.result"]]
        assessment = anonymous.assessments.get(position=0)
        api = client_a.get(f"/api/v1/assessments/{assessment.public_id}/result",
                           HTTP_AUTHORIZATION=f"Bearer {token}").json()["scores"]
        for style in STYLE_ORDER:
            for values in (before, after):
                assert any(s.get(style, {}).get("score") == values[style] for s in exported)
            assert api[style]["score"] == after[style]
            # ... and rounded the documented way, it is the figure every page shows.
            shown = numbers.score(api[style]["score"], "nl")
            assert all(shown in text for text in surfaces.values()), style
    finally:
        SelfTest.objects.filter(pk__in=[first.pk, second.pk, anonymous.pk]).delete()
        sharing.delete()


MOMENTS = st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2028, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0, tzinfo=dt.UTC))


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(moment=MOMENTS, language=st.sampled_from(["nl", "en"]))
def test_a_reminder_mail_and_the_reminders_page_write_a_moment_the_same_way(
    client_a, user_a, moment, language
):
    from django.utils import translation

    from verbinding.web.reminders.models import DeliveryKind, DeliveryStatus, ReminderDelivery
    from verbinding.web.reminders.services import reminder_mail

    local = timezone.localtime(moment)
    with translation.override(language):
        _subject, body = reminder_mail(DeliveryKind.CARD, moment, user_a)
    time = numbers.time_of_day(local, language)
    assert time in body and re.findall(r"\b\d\d:\d\d\b", body) == [time]

    delivery = ReminderDelivery.objects.create(
        user=user_a, moment=moment, kind=DeliveryKind.CARD, status=DeliveryStatus.SENT)
    try:
        client_a.cookies["taal"] = language
        page = client_a.get("/herinneringen/").content.decode()
        shown = numbers.when(local, language, "short_weekday_day_month", with_time=True)
        assert shown in page and time in page
    finally:
        delivery.delete()
        del client_a.cookies["taal"]
