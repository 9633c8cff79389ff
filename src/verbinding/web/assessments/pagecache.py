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
from verbinding.web.assessments import instruments
from verbinding.web.assessments.models import SelfTest
from verbinding.web.assessments.report import report_data
from verbinding.web.frame import site_links


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
    cache.delete_many(keys)
