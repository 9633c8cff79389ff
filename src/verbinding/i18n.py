"""One path for words in a language, with or without Django.

Dutch is the source language: code and templates say Dutch, and those Dutch sentences
are the msgids of the gettext catalogues (`**/locale/<language>/LC_MESSAGES/django.po`).
The web pages translate through Django; the PDF, the charts, the CLI and the pure
packages translate here, with Python's own `gettext` reading the very same compiled
catalogues. A language without a catalogue shows the msgid, which is the Dutch.

So adding a language touches no Python beyond the settings' `LANGUAGES`: a catalogue,
the content files (`content/<language>/`) and the instruments' text entries.
Numbers and dates of a language come from CLDR (`verbinding.interpret.numbers`).

Pure Python (no Django), so `verbinding.interpret` and `verbinding.measure` may use it.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TypeVar

# The language the code and the templates are written in; Django's LANGUAGE_CODE.
SOURCE_LANGUAGE = "nl"
_ROOT = Path(__file__).parent
DOMAIN = "django"
T = TypeVar("T")


def _locale_dirs() -> list[Path]:
    """The project-wide catalogue first (it wins, as in Django's LOCALE_PATHS), then each
    app's own."""
    project = _ROOT / "web" / "locale"
    apps = sorted(p for p in _ROOT.glob("**/locale") if p.is_dir() and p != project)
    return [project, *apps]


def _gettext_name(language: str) -> str:
    """'en-gb' -> 'en_GB', as gettext names its folders (Django's `to_locale`)."""
    lang, _, region = language.replace("_", "-").partition("-")
    return f"{lang.lower()}_{region.upper()}" if region else lang.lower()


@cache
def translator(language: str | None) -> _gettext.NullTranslations:
    """All catalogues of `language`, chained; the msgids (Dutch) when there is none."""
    found = _gettext.NullTranslations()
    if not language:
        return found
    chain: _gettext.NullTranslations | None = None
    for folder in _locale_dirs():
        catalogue = _gettext.translation(
            DOMAIN, folder, languages=[_gettext_name(language)], fallback=True
        )
        if type(catalogue) is _gettext.NullTranslations:
            continue
        if chain is None:
            chain = catalogue
        else:
            chain.add_fallback(catalogue)
    return chain or found


def gettext(message: str, language: str | None) -> str:
    """`message` (Dutch, a msgid) in `language`."""
    return translator(language).gettext(message)


def ngettext(singular: str, plural: str, n: int, language: str | None) -> str:
    return translator(language).ngettext(singular, plural, n)


def pgettext(context: str, message: str, language: str | None) -> str:
    return translator(language).pgettext(context, message)


def gettext_noop(message: str) -> str:
    """Marks a msgid that is translated later, with the language of the reader."""
    return message


def pick(values: Mapping[str, T] | None, language: str | None) -> T | None:
    """What data gives per language (an instrument's titles, items and answer labels, a
    calibration's provenance): `language`'s, else its base language's ('en' for
    'en-gb'), else the source language's, else the first; None when there is none."""
    if not values:
        return None
    base = (language or "").replace("_", "-").partition("-")[0]
    for code in (language, base, SOURCE_LANGUAGE):
        if code and values.get(code):
            return values[code]
    return next((value for value in values.values() if value), None)


def text_in(texts: Mapping[str, str] | None, language: str | None, fallback: str = "") -> str:
    """A text given per language (see `pick`), else `fallback`."""
    return pick(texts, language) or fallback


def catalogue_languages() -> list[str]:
    """The source language and every language that has a catalogue (as Django names
    them: 'en', 'en-gb'): for data written once in every language, like a
    calibration's provenance."""
    found = {
        mo.parents[1].name.replace("_", "-").lower()
        for folder in _locale_dirs()
        for mo in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    }
    return [SOURCE_LANGUAGE, *sorted(found - {SOURCE_LANGUAGE})]
