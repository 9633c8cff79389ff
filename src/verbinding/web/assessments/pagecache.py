"""The result page: rendered once per process and language, kept as bytes, with
markers where the per-person parts (account menu, "keep" box, private link) go.
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
from django.utils.translation import get_language

from verbinding.content import library
from verbinding.i18n import text_in
from verbinding.measure.instrument import UnknownInstrumentError
from verbinding.web.assessments import instruments, report, targets
from verbinding.web.assessments.models import SelfTest
from verbinding.web.assessments.report import report_data
from verbinding.web.frame import site_links


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
        styles = next((a for a in assessments if a.instrument_id == targets.STYLES_INSTRUMENT),
                      None)
        profile = report.profile_view(styles, language) if styles else None
        relations = [report.relation_point(a, language) for a in assessments
                     if a.instrument_id == targets.RELATION_INSTRUMENT] if with_plane else []
    cut = float(next((a.result.profile.get("cut") for a in assessments
                      if a.instrument_id == targets.RELATION_INSTRUMENT), None) or 4.0)
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
    """(name, version) per questionnaire: its title in the result's language."""
    names = []
    for instrument_id, version in versions.items():
        try:
            made_with = instruments.made_with(instrument_id, version)
            name = text_in(made_with.title, language, instrument_id)
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
    page: bytes | None = cache.get(anonymous_key if slots is None else marked_key)
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
