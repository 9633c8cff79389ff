"""What a submitted self-test means, in words and numbers, for the page and the PDF.

Nothing here computes scores: it reads the stored, immutable results and turns them into
the renderers' input (`verbinding.reports.data`). The page and the PDF use the same
`ReportData`, so they can never disagree.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from verbinding import interpret
from verbinding.content import library
from verbinding.interpret import numbers
from verbinding.measure.distributions import z_two_sided
from verbinding.measure.instrument import UnknownInstrumentError, shipped_instrument
from verbinding.reports.data import (
    RelationPoint,
    ReportData,
    ScoreBand,
    StyleHighlight,
    StyleProfileView,
)
from verbinding.web.assessments import plan, scoring, services
from verbinding.web.assessments.models import Answer, Assessment, SelfTest, SelfTestReport
from verbinding.web.reading.context import site_links

EXERCISES_PER_STYLE = 3


def part_labels(selftest: SelfTest) -> list[str]:
    labels = []
    for a in selftest.assessments.all():
        if a.instrument_id == plan.STYLES_INSTRUMENT:
            labels.append(gettext("De vier stijlen"))
        else:
            labels.append(plan.target_label(a.target, a.target_name))
    return labels


def answers_by_key(selftest: SelfTest) -> dict[str, int]:
    rows = Answer.objects.filter(assessment__selftest=selftest).values_list(
        "assessment__position", "item_id", "value"
    )
    return {f"a{position}-{item}": value for position, item, value in rows}


def split_key(key: str) -> tuple[int, str]:
    """A form key `a<position>-<item>` as (position, item); a tampered key is an InputError."""
    head, _, item_id = key.partition("-")
    if not head.startswith("a") or not head[1:].isdigit() or not item_id:
        raise services.InputError(gettext("Onbekende vraag. Laad de pagina opnieuw."))
    return int(head[1:]), item_id


def assessment_for_key(selftest: SelfTest, key: str) -> tuple[Assessment, str]:
    """The part and item a form key names; a tampered key is an InputError."""
    position, item_id = split_key(key)
    assessment = selftest.assessments.filter(position=position).first()
    if assessment is None:
        raise services.InputError(gettext("Onbekende vraag. Laad de pagina opnieuw."))
    return assessment, item_id


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
    styles = next((a for a in assessments if a.instrument_id == plan.STYLES_INSTRUMENT), None)
    has_norms, note = _norms_note(assessments)
    bands = _profile_view(styles).scores if styles else []
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
    return titles.get(language) or titles.get("nl", scale_id)


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


def _profile_view(assessment: Assessment, language: str | None = None) -> StyleProfileView:
    """The kept profile in `language` (default: the language it was taken in)."""
    language = language or assessment.language
    stored = assessment.result
    instrument = services.instrument_of(assessment)
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


def _relation_point(assessment: Assessment, language: str | None = None) -> RelationPoint:
    stored = assessment.result
    instrument = services.instrument_of(assessment)
    language = language or assessment.language

    def band(scale_id: str) -> ScoreBand:
        return _band(scale_id, _scale_title(instrument, scale_id, language),
                     stored.scores[scale_id])

    return RelationPoint(
        target_id=assessment.target,
        label=plan.target_label(assessment.target, assessment.target_name),
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
        position: plan.target_about(point.target_id, name)
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
        assessments, key=lambda a: (a.instrument_id != plan.STYLES_INSTRUMENT, a.position)
    )
    return interpret.combine([a.result.reading(a.position) for a in ordered])


def _reliability_note(language: str, assessments: list[Assessment]) -> str:
    """Which reliability the bands use, and where it comes from (in the active language):
    the figures of the instrument versions these results were made with."""
    made_with = {a.instrument_id: services.instrument_of(a) for a in assessments}
    styles = made_with.get(plan.STYLES_INSTRUMENT) or services.current(plan.STYLES_INSTRUMENT)
    relation = (
        made_with.get(plan.RELATION_INSTRUMENT) or services.current(plan.RELATION_INSTRUMENT)
    )
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
            provenance = rel.provenance.get(language) or rel.provenance.get("nl")
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
    styles = next((a for a in assessments if a.instrument_id == plan.STYLES_INSTRUMENT), None)
    profile = _profile_view(styles) if styles else None
    relation_parts = [a for a in assessments if a.instrument_id == plan.RELATION_INSTRUMENT]
    relations = [_relation_point(a) for a in relation_parts]
    reading = reading_of(assessments)
    cut = next((a.result.profile.get("cut") for a in assessments
                if a.instrument_id == plan.RELATION_INSTRUMENT), 4.0)
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
            % {"who": plan.target_about(target)}
            for target in selftest.skipped_targets
        ],
        norms_note=norms_note,
        has_norms=has_norms,
    )


def store_report(selftest: SelfTest) -> SelfTestReport:
    """Render the charts once, when the result is made; pages reuse the stored SVG."""
    from verbinding.reports import charts

    data = report_data(selftest)
    profile, relations = data.profile, data.relations
    return SelfTestReport.objects.create(
        selftest=selftest,
        profile_svg=charts.profile_chart_svg(profile, data.language) if profile else "",
        profile_alt=charts.profile_chart_alt(profile, data.language) if profile else "",
        plane_svg=(
            charts.plane_chart_svg(relations, data.cut, data.language) if relations else ""
        ),
        plane_alt=charts.plane_chart_alt(relations, data.language) if relations else "",
    )


def result_charts(
    selftest: SelfTest, language: str | None = None, with_plane: bool = True
) -> dict[str, str]:
    """The result's charts for a page in `language` (default: the self-test's own):
    `profile` and `plane` as HTML holding a wide and a phone drawing (the stylesheet
    shows one), and `profile_alt`.

    The wide drawings in the self-test's language are the ones stored at submit; the
    phone drawings, and every drawing in another language (for "Mijn overzicht" in the
    reader's language), are drawn here once per process and kept, as results never
    change. `forget_page` drops them with the page.
    """
    from verbinding.reports import charts
    from verbinding.reports.timecharts import both_sizes

    language = language or selftest.language
    key = _charts_key(selftest, language, with_plane)
    found = cache.get(key)
    if found is not None:
        return dict(found)
    stored = selftest.report
    own = language == selftest.language
    with translation.override(language):
        assessments = list(selftest.assessments.select_related("result"))
        styles = next((a for a in assessments if a.instrument_id == plan.STYLES_INSTRUMENT),
                      None)
        profile = _profile_view(styles, language) if styles else None
        relations = [_relation_point(a, language) for a in assessments
                     if a.instrument_id == plan.RELATION_INSTRUMENT] if with_plane else []
    cut = float(next((a.result.profile.get("cut") for a in assessments
                      if a.instrument_id == plan.RELATION_INSTRUMENT), None) or 4.0)
    drawn = {"profile": "", "profile_alt": "", "plane": ""}
    if profile is not None:
        wide = stored.profile_svg if own else charts.profile_chart_svg(profile, language)
        phone = charts.profile_chart_svg(profile, language, charts.PHONE)
        drawn["profile"] = both_sizes(wide, phone)
        drawn["profile_alt"] = (
            stored.profile_alt if own else charts.profile_chart_alt(profile, language)
        )
    if relations:
        wide = stored.plane_svg if own else charts.plane_chart_svg(relations, cut, language)
        phone = charts.plane_chart_svg(relations, cut, language, charts.PHONE)
        drawn["plane"] = both_sizes(wide, phone)
    cache.set(key, drawn, PAGE_CACHE_SECONDS)
    return drawn


def _charts_key(selftest: SelfTest, language: str, with_plane: bool) -> str:
    return f"result-charts:{selftest.public_id}:{language}:{int(with_plane)}"


def page_context(selftest: SelfTest) -> dict[str, Any]:
    data = report_data(selftest)
    content = library(selftest.language)
    highlights = []
    for h in data.highlights:
        style = content.styles[h.style_id]
        exercises = [ex for ex in style.exercises if ex.id in h.exercise_ids]
        highlights.append({"style": style, "reason": h.reason, "exercises": exercises})
    return {
        "selftest": selftest,
        "data": data,
        "report": selftest.report,
        "charts": result_charts(selftest),
        "highlights": highlights,
        "style_names": {s.id: s.short_name for s in content.styles.values()},
        "high": data.high,
        "versions": _version_names(data.instrument_versions, selftest.language),
    }


def _version_names(versions: dict[str, str], language: str) -> list[tuple[str, str]]:
    """(name, version) per questionnaire: its id in Dutch (as always), its title else."""
    if language == "nl":
        return list(versions.items())
    names = []
    for instrument_id, version in versions.items():
        try:
            name = shipped_instrument(instrument_id).title.get(language) or instrument_id
        except UnknownInstrumentError:
            name = instrument_id
        names.append((name, version))
    return names


PAGE_CACHE_SECONDS = 15 * 60


# The cached page holds these markers where per-person parts go: the account menu and
# the "keep" box (private link, claim button with its CSRF token). A visitor without an
# account gets them pre-rendered too, with only their private link filled in per request.
SLOTS = ("account_nav", "keep")
RESUME_PLACEHOLDER = "\x00resume-url\x00"


def _slot(name: str) -> str:
    return f"\x00{name}\x00"


def _page_keys(selftest: SelfTest, language: str | None = None) -> tuple[str, str]:
    """Cache keys of the page in `language` (the active one): the menu and footer follow
    the reader's language, the result itself the language it was taken in."""
    key = f"result-page:{selftest.public_id}:{language or get_language()}"
    return key, key + ":anonymous"


def render_slots(selftest: SelfTest, resume_url: str, **context: Any) -> dict[str, str]:
    """The per-person parts. `context` gives `user` (and `csrf_token` where a form shows)."""
    context.update(
        selftest=selftest,
        resume_url=resume_url,
        result_path=reverse("assessments:result", args=[selftest.public_id]),
    )
    return {
        "account_nav": render_to_string("_account_nav.html", context),
        "keep": render_to_string("assessments/_keep.html", context),
    }


def _fill(page: bytes, slots: dict[str, str]) -> bytes:
    for name in SLOTS:
        page = page.replace(_slot(name).encode(), slots.get(name, "").encode())
    return page


def _render_pages(selftest: SelfTest) -> tuple[bytes, bytes]:
    """The page with slot markers, and the same page filled for a visitor without account.

    The result itself is in the language the self-test was taken in; the menu, footer
    and the per-person slots follow the reader's language."""
    with translation.override(selftest.language):
        body = render_to_string("assessments/_result_body.html", page_context(selftest))
    markers = {f"{name}_slot": mark_safe(_slot(name)) for name in SLOTS}
    # No request here: give the menu its links, and the language switch this page's path
    # to come back to.
    path = reverse("assessments:result", args=[selftest.public_id])
    marked = render_to_string("assessments/result.html", {
        "selftest": selftest, "body": mark_safe(body), **markers,
        "links": site_links(), "request": SimpleNamespace(path=path),
    })
    anonymous = render_slots(selftest, RESUME_PLACEHOLDER, user=AnonymousUser())
    return marked.encode(), _fill(marked.encode(), anonymous)


def result_page(
    selftest: SelfTest, resume_url: str, slots: dict[str, str] | None = None
) -> bytes:
    """The whole result page (UTF-8), rendered once per process and reused: results
    never change.

    Only the caller's ownership check, the private link and, for someone logged in, the
    `slots` (from `render_slots`) are new each time. The cache is local to each worker and
    short-lived; a deleted self-test is 404 before this is reached, and deleting also
    drops the entry. It holds bytes: they are stored, fetched and filled in several
    times faster than text with accented letters, which would be encoded each time.
    """
    # Two entries, so a request unpickles only the variant it shows.
    marked_key, anonymous_key = _page_keys(selftest)
    page = cache.get(anonymous_key if slots is None else marked_key)
    if page is None:
        marked, anonymous = _render_pages(selftest)
        cache.set_many({marked_key: marked, anonymous_key: anonymous}, PAGE_CACHE_SECONDS)
        page = anonymous if slots is None else marked
    if slots is None:
        return page.replace(RESUME_PLACEHOLDER.encode(), escape(resume_url).encode())
    return _fill(page, slots)


def forget_page(selftest: SelfTest) -> None:
    keys = [key for code, _ in settings.LANGUAGES for key in _page_keys(selftest, code)]
    keys += [_charts_key(selftest, code, plane) for code, _ in settings.LANGUAGES
             for plane in (True, False)]
    cache.delete_many(keys)


def render_pdf(selftest: SelfTest) -> tuple[str, str, bytes]:
    from verbinding.reports.pdf import render_report

    stored = selftest.report
    return render_report(
        report_data(selftest), profile_svg=stored.profile_svg, plane_svg=stored.plane_svg
    )
