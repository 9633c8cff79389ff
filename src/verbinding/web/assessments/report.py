"""What a submitted self-test means, in words and numbers, for the page and the PDF.

Nothing here computes scores: it reads the stored, immutable results and turns them into
the renderers' input (`verbinding.reports.data`). The page (`pagecache`) and the PDF
(`renderers`) use the same `ReportData`, so they can never disagree.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import get_language, gettext

from verbinding import interpret
from verbinding.content import library
from verbinding.i18n import text_in
from verbinding.interpret import numbers
from verbinding.measure.distributions import z_two_sided
from verbinding.reports.data import (
    RelationPoint,
    ReportData,
    ScoreBand,
    StyleHighlight,
    StyleProfileView,
)
from verbinding.web.assessments import instruments, scoring, targets
from verbinding.web.assessments.models import Assessment, SelfTest

EXERCISES_PER_STYLE = 3


def _band(scale_id: str, title: str, stored: dict[str, Any]) -> ScoreBand:
    ci = stored.get("ci90") or [None, None]
    return ScoreBand(
        scale_id, title, stored.get("score"), ci[0], ci[1],
        int(stored.get("n_answered", 0)), int(stored.get("n_items", 0)),
        norm_text(stored),
    )


def norm_text(stored: dict[str, Any]) -> str:
    """The kept percentile as words ("hoger dan ongeveer 8 op de 10 mensen …"), in the
    active language; "" for a result made without norms (the words are made now, the
    figures were kept at submit, so a later instrument version never changes them)."""
    tenths = interpret.out_of_ten(stored.get("percentile"))
    origin = stored.get("norms")
    if tenths is None or not origin:
        return ""
    return gettext(
        "hoger dan ongeveer %(tenths)d op de 10 mensen die deze vragenlijst invulden "
        "(n = %(n)s, %(period)s)"
    ) % {"tenths": tenths, "n": numbers.count(int(origin["n"]), get_language()),
         "period": origin["period"]}


def norms_of(selftest: SelfTest) -> dict[str, Any]:
    """The style profile's percentiles and their origin in the active language (the
    therapist's client page shows the same figures as the person's own result page)."""
    assessments = [a for a in selftest.assessments.all() if hasattr(a, "result")]
    styles = next((a for a in assessments if a.instrument_id == targets.STYLES_INSTRUMENT), None)
    has_norms, note = _norms_note(assessments)
    bands = profile_view(styles).scores if styles else []
    return {"has_norms": has_norms, "norms_note": note, "bands": bands}


def _norms_note(assessments: list[Assessment]) -> tuple[bool, list[str]]:
    """Where the norms of these results come from, or that the figures are provisional."""
    groups = {
        (o["n"], o["period"], o["population"])
        for a in assessments
        for o in (v.get("norms") for v in a.result.scores.values())
        if o
    }
    if not groups:
        return False, [gettext(
            "Deze vragenlijst heeft nog geen normen: we weten nog niet hoe andere mensen "
            "haar invullen. Je scores zijn daarom voorlopig; vergelijk ze vooral met je "
            "eigen latere uitslagen."
        )]
    language = get_language()
    return True, [
        gettext(
            "De vergelijking met andere mensen komt uit de antwoorden van %(n)s mensen "
            "(%(population)s), verzameld in %(period)s. Een percentage zegt hoeveel van hen "
            "lager scoorden dan jij; het is een schatting, geen oordeel."
        ) % {"n": numbers.count(int(n), language), "population": population, "period": period}
        for n, period, population in sorted(groups)
    ]


def _scale_title(instrument: Any, scale_id: str, language: str) -> str:
    """The scale's title in the result's language (it names the rows of the charts)."""
    titles = instrument.scale(scale_id).title
    return text_in(titles, language, scale_id)


def _style_name(style_id: str, language: str) -> str:
    style = library(language).style(style_id)
    return style.short_name.lower() if style else style_id


def _verdict(verdict: interpret.Verdict | None, language: str) -> str:
    """The kept verdict in one or two sentences, in `language` (the self-test's)."""
    with translation.override(language):
        return _verdict_text(verdict, language) if verdict else ""


def _verdict_text(verdict: interpret.Verdict, language: str) -> str:
    if verdict.kind == "all_alike":
        return gettext(
            "Je hebt bij bijna alle zinnen hetzelfde soort antwoord gekozen, ook bij zinnen "
            "die elkaar tegenspreken. Daardoor kunnen we geen stijl aanwijzen die er echt "
            "uitspringt. Kijk vooral naar de afzonderlijke scores, of doe de test later nog eens."
        )
    if verdict.kind == "dominant":
        # The rule is a difference test (verbinding.measure.profiles), not "the bands do not
        # overlap": the words say what the rule tests, and that the bars may still overlap.
        return gettext(
            "Bij jou springt de %(style)se stijl eruit: die score ligt zoveel hoger dan elk "
            "van de andere dat het verschil niet door meetfout alleen te verklaren is. De "
            "balkjes rond de scores kunnen elkaar daarbij nog wat overlappen; wij kijken naar "
            "het verschil zelf."
        ) % {"style": _style_name(verdict.styles[0], language)}
    if verdict.kind == "all_close":
        return gettext("Je scores liggen dicht bij elkaar: er springt geen stijl duidelijk uit.")
    if verdict.kind == "none":
        return gettext("Er zijn te weinig vragen beantwoord om iets over je stijlen te zeggen.")
    mixed = [_style_name(s, language) for s in verdict.styles]
    if len(mixed) > 1:
        # Translators: the end of a list of style names: "veilig, angstig en chaotisch".
        listed = gettext("%(first)s en %(last)s") % {
            "first": ", ".join(mixed[:-1]), "last": mixed[-1]
        }
    else:
        listed = "".join(mixed)
    return gettext(
        "Je profiel is gemengd: %(styles)s liggen zo dicht bij elkaar dat de meting niet kan "
        "zeggen welke sterker is. Dat komt vaak voor: de meeste mensen herkennen meer dan "
        "één stijl."
    ) % {"styles": listed}


def profile_view(assessment: Assessment, language: str | None = None) -> StyleProfileView:
    """The kept profile in `language` (default: the language it was taken in)."""
    language = language or assessment.language
    stored = assessment.result
    instrument = instruments.of_assessment(assessment)
    bands = [
        _band(s, _scale_title(instrument, s, language), stored.scores[s])
        for s in interpret.STYLE_ORDER
    ]
    profile = stored.profile
    return StyleProfileView(
        scores=bands,
        dominant=profile.get("dominant"),
        mixed=list(profile.get("mixed", [])),
        verdict=_verdict(stored.reading().verdict, language),
        acquiescence=bool(profile.get("acquiescence_flag")),
    )


def relation_point(assessment: Assessment, language: str | None = None) -> RelationPoint:
    stored = assessment.result
    instrument = instruments.of_assessment(assessment)
    language = language or assessment.language

    def band(scale_id: str) -> ScoreBand:
        return _band(scale_id, _scale_title(instrument, scale_id, language),
                     stored.scores[scale_id])

    return RelationPoint(
        target_id=assessment.target,
        label=targets.target_label(assessment.target, assessment.target_name),
        anxiety=band("angst"),
        avoidance=band("vermijding"),
        disorganisation=band("desorganisatie"),
        quadrant=stored.profile.get("quadrant"),
        borderline=bool(stored.profile.get("borderline")),
    )


def _reason(highlight: interpret.Highlight, who: dict[int, str]) -> str:
    """Why a style is highlighted, in the active language, from its kept reason."""
    if highlight.reason == "dominant":
        return gettext("Deze stijl springt in je profiel het duidelijkst uit.")
    if highlight.reason == "mixed":
        return gettext("Deze stijl hoort bij de hoogste scores in je gemengde profiel.")
    if highlight.reason == "above_middle":
        return gettext("Je score op deze stijl ligt duidelijk boven het midden.")
    if highlight.reason == "relation":
        return gettext("In je antwoorden over %(who)s zie je dit patroon terug.") % {
            "who": who.get(highlight.position, "")
        }
    return gettext(
        "Je profiel leunt naar veilig verbinden: iets om te koesteren en te versterken."
    )


def _highlights(
    reading: interpret.Reading, relations: list[RelationPoint], positions: list[int],
    names: list[str], language: str,
) -> list[StyleHighlight]:
    """The styles to read more about, each with why (in the active language)."""
    # Who "in je antwoorden over …" is about: "je moeder", "je oudste zus", "Anna".
    who = {
        position: targets.target_about(point.target_id, name)
        for position, point, name in zip(positions, relations, names, strict=True)
    }
    content = library(language)
    return [
        StyleHighlight(
            h.style,
            _reason(h, who),
            [ex.id for ex in content.styles[h.style].exercises[:EXERCISES_PER_STYLE]],
        )
        for h in reading.highlights
    ]


def reading_of(assessments: list[Assessment]) -> interpret.Reading:
    """The self-test's reading, combined from the readings its results keep (the style
    profile first, then the relationships in their order)."""
    ordered = sorted(
        assessments, key=lambda a: (a.instrument_id != targets.STYLES_INSTRUMENT, a.position)
    )
    return interpret.combine([a.result.reading(a.position) for a in ordered])


def _reliability_note(language: str, assessments: list[Assessment]) -> str:
    """Which reliability the bands use, and where it comes from (in the active language):
    the figures of the instrument versions these results were made with."""
    made_with = {a.instrument_id: instruments.of_assessment(a) for a in assessments}
    styles_id, relation_id = targets.STYLES_INSTRUMENT, targets.RELATION_INSTRUMENT
    styles = made_with.get(styles_id) or instruments.current(styles_id)
    relation = made_with.get(relation_id) or instruments.current(relation_id)
    z = z_two_sided(scoring.BAND_CONFIDENCE)
    parts = []
    for instrument in (styles, relation):
        rel = instrument.scales[0].reliability
        if rel is None:
            continue
        figures = {
            "coefficient": numbers.number(rel.coefficient, language),
            "sd": numbers.number(rel.sd, language),
            "sem": numbers.number(rel.sem, language),
            "half": numbers.number(z * rel.sem, language),
        }
        if instrument is styles:
            parts.append(gettext(
                "Voor de vier stijlen rekenen we met een betrouwbaarheid van %(coefficient)s "
                "en een spreiding (SD) van %(sd)s; de meetfout (SEM) is dan "
                "%(sem)s punt en de band loopt %(half)s punt naar "
                "beide kanten van je score."
            ) % figures)
            provenance = text_in(rel.provenance, language)
            if provenance:
                # Files calibrated before it ended in a full stop still read as a sentence.
                parts.append(provenance if provenance.rstrip().endswith(".") else provenance + ".")
        else:
            parts.append(gettext(
                "Voor de relatievragen rekenen we met een betrouwbaarheid van %(coefficient)s "
                "en een spreiding (SD) van %(sd)s; de meetfout (SEM) is dan "
                "%(sem)s punt en de band loopt %(half)s punt naar "
                "beide kanten van je score."
            ) % figures)
    return " ".join(parts)


def report_data(selftest: SelfTest) -> ReportData:
    """Everything the page and the PDF show, in the language the self-test was taken in."""
    with translation.override(selftest.language):
        return _report_data(selftest)


def _report_data(selftest: SelfTest) -> ReportData:
    assessments = list(selftest.assessments.select_related("result"))
    styles = next((a for a in assessments if a.instrument_id == targets.STYLES_INSTRUMENT), None)
    profile = profile_view(styles) if styles else None
    relation_parts = [a for a in assessments if a.instrument_id == targets.RELATION_INSTRUMENT]
    relations = [relation_point(a) for a in relation_parts]
    reading = reading_of(assessments)
    cut = next((a.result.profile.get("cut") for a in assessments
                if a.instrument_id == targets.RELATION_INSTRUMENT), 4.0)
    versions = {}
    for a in assessments:
        versions[a.instrument_id] = a.result.instrument_version
    has_norms, norms_note = _norms_note(assessments)
    return ReportData(
        created=(selftest.submitted_at or selftest.created_at).replace(microsecond=0),
        language=selftest.language,
        profile=profile,
        relations=relations,
        cut=float(cut or 4.0),
        highlights=_highlights(
            reading, relations, [a.position for a in relation_parts],
            [a.target_name for a in relation_parts], selftest.language,
        ),
        care_box=reading.care,
        reliability_note=_reliability_note(selftest.language, assessments),
        instrument_versions=versions,
        scoring_version=assessments[0].result.scoring_version,
        interpretation_version=reading.version,
        newer_interpretation=reading.newer_exists,
        high=reading.high,
        skipped=[
            gettext("Over %(who)s heb je niets ingevuld: niet van toepassing.")
            % {"who": targets.target_about(target)}
            for target in selftest.skipped_targets
        ],
        norms_note=norms_note,
        has_norms=has_norms,
    )


