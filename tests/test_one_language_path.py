"""One i18n path: a third language touches no Python beyond the settings' list.

Interface words go through gettext (the Dutch msgid is the fallback), content and
instruments are data per language, and figures and dates come from CLDR by language
code. So no Python may name a language (branch on "en", key a dict by "nl"), and a
language the site offers without any catalogue must work, in Dutch words with its own
figures.
"""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from pypdf import PdfReader

from verbinding import i18n
from verbinding.interpret import numbers
from verbinding.reports.words import words_for
from web.selftest_helpers import answer_all, start

SRC = Path(__file__).resolve().parents[1] / "src" / "verbinding"
# Where a language code may stand: the settings' list, the migrations (history), and the
# one name of the source language.
EXEMPT = {SRC / "web" / "settings.py"}
CODES = {code.split("-")[0] for code, _ in settings.LANGUAGES} | {
    code for code, _ in settings.LANGUAGES}
# Swiss German: no catalogue, content or instrument text anywhere, and CLDR marks that
# differ from Dutch (a decimal point) and month names of its own ('März').
THIRD = "de-ch"
WITH_THIRD = [*settings.LANGUAGES, (THIRD, "Deutsch (Schweiz)")]


def _python_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if p not in EXEMPT and "migrations" not in p.parts]


def _is_source_language_name(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    return (
        isinstance(parent, ast.Assign)
        and [getattr(t, "id", None) for t in parent.targets] == ["SOURCE_LANGUAGE"]
    )


def language_literals(source: str) -> list[tuple[int, str]]:
    """(line, code) of every string literal that is a language code of the site."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and node.value.lower() in CODES and not _is_source_language_name(node, parents)
    ]


def test_the_scan_sees_a_branch_on_a_language() -> None:
    # The scanner itself must catch the forms that used to be in the code.
    assert sorted(language_literals('x = "en" if lang == "en" else "nl"')) == [
        (1, "en"), (1, "en"), (1, "nl")]
    assert language_literals('W = {"nl": 1}\nlang.startswith("en")') == [(1, "nl"), (2, "en")]
    assert language_literals('SOURCE_LANGUAGE = "nl"') == []


def test_no_python_names_a_language() -> None:
    found = {
        f"{path.relative_to(SRC)}:{line}: {code!r}"
        for path in _python_files()
        for line, code in language_literals(path.read_text(encoding="utf-8"))
    }
    assert not found, sorted(found)


def test_no_template_or_script_branches_on_a_language() -> None:
    codes = "|".join(CODES)
    branch = re.compile(r"""LANGUAGE_CODE\s*(==|!=)|(==|!=)\s*["'](""" + codes + r""")["']""")
    found = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for path in [*SRC.rglob("*.html"), *SRC.rglob("*.js")]
        for match in branch.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_templates_write_dates_and_figures_only_through_interpret_numbers() -> None:
    # Django's own filters have their own month names, formats and rounding (widthratio
    # rounds half to even); the builtins `when`, `figure`, `percent_figure` … do not.
    local = re.compile(r"\|(date|time|floatformat)\b|widthratio \S+ 1 100")
    found = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for path in [*SRC.rglob("*.html"), *SRC.rglob("*.txt")]
        for match in local.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def _leaves(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list | tuple):
        return [leaf for item in value for leaf in _leaves(item)]
    return []


def test_every_msgid_outside_the_templates_has_its_english_line() -> None:
    """The words of the pure packages are msgids that makemessages does not find (they
    live outside the apps): this holds each to its line in the English catalogue."""
    from verbinding import research
    from verbinding.interpret import glossary
    from verbinding.measure import calibrate
    from verbinding.reports import charts, timecharts, words

    catalogue = {
        (entry.msgctxt, entry.msgid)
        for po in SRC.glob("**/locale/en/LC_MESSAGES/django.po")
        for entry in polib.pofile(str(po)).translated_entries() if not entry.obsolete
    }
    msgids = [
        *_leaves(words._WORDS), *_leaves(charts._WORDS), *_leaves(timecharts._WORDS),
        *_leaves(glossary.TERMS), *_leaves(glossary.STYLE_WORDS),
        *[meaning for meaning, _kind in research.DESCRIBED.values()],
        calibrate.PROVENANCE, numbers.MACHINE_NOTE,
    ]
    missing = [m for m in msgids if (None, m) not in catalogue]
    assert not missing, missing
    assert ("percentage", "{number} %") in catalogue
    # Python's gettext (the PDF, the CLI) and Django's read the same English.
    from django.utils import translation

    with translation.override("en"):
        differ = [m for m in msgids if translation.gettext(m) != i18n.gettext(m, "en")]
    assert not differ, differ


def test_a_language_without_a_catalogue_reads_the_dutch_msgids() -> None:
    assert i18n.translator("de").gettext("Jouw uitslag") == "Jouw uitslag"
    assert i18n.gettext("Jouw uitslag", "en") == "Your result"
    assert {**words_for("de"), "lang": "nl"} == words_for("nl")
    assert i18n.text_in({"nl": "Vier", "en": "Four"}, "de") == "Vier"
    assert i18n.text_in({"nl": "Vier", "en": "Four"}, "en-gb") == "Four"


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 3, 6, 10, tzinfo=dt.UTC), tick=False)
def test_a_third_language_in_the_settings_alone_works_on_the_page_and_the_pdf(db) -> None:
    """Swiss German added to LANGUAGES, with no catalogue, no content and no instrument
    texts: the self-test, its result page and its PDF work in the Dutch words, with its
    own CLDR figures ('4.0') and dates ('6 März 2026'), and the switch offers it."""
    with override_settings(LANGUAGES=WITH_THIRD):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = THIRD
        selftest = start(client)
        assert selftest.language == THIRD
        answer_all(client, selftest)
        response = client.post(f"/zelftest/{selftest.public_id}/afronden/")
        assert response.status_code in (200, 302), response.status_code
        selftest.refresh_from_db()
        assert selftest.submitted_at is not None

        page = client.get(f"/zelftest/{selftest.public_id}/uitslag/")
        assert page.status_code == 200
        html = page.content.decode()
        assert f'lang="{THIRD}"' in html and "Jouw uitslag" in html
        day = numbers.long_date(timezone.localdate(), THIRD)
        assert day == "6 März 2026" and day in html, "no date of the language"
        # Everyone answered 4: every score is 4,0 in Dutch and 4.0 here.
        assert numbers.score(4.0, THIRD) == "4.0" and "4.0" in html and "4,0" not in html
        assert 'hreflang="en"' in html and 'hreflang="nl"' in html  # the switch offers the rest

        pdf = client.get(f"/zelftest/{selftest.public_id}/uitslag.pdf")
        assert pdf.status_code == 200
        text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Jouw uitslag" in text and "6 März 2026" in text
        assert "4.0" in text and "4,0" not in text
        assert "Zelfkennis, geen diagnose." in text
