"""One word per thing, for the web pages and the PDF.

Each term is a gettext msgid (Dutch); the pages translate the same msgid in their
templates, and the PDF through `term`, so the page and the PDF never name one thing
twice. A test holds every page's use of these words to the glossary.
"""

from __future__ import annotations

from verbinding.i18n import gettext

TERMS: dict[str, str] = {
    # One of the four parts of the anxiety × avoidance plane (not "vlak": that is the
    # whole plane).
    "quadrant": "Kwadrant",
    # The desorganisatie scale of the relationship form: plain words, not the jargon.
    "confusion": "Verwarring",
    "relationship": "Relatie",
    "anxiety": "Angst",
    "avoidance": "Vermijding",
}
# The four styles by id, as a word inside a sentence or a table cell ("vlak veilig").
STYLE_WORDS: dict[str, str] = {
    "veilig": "veilig",
    "vermijdend": "vermijdend",
    "angstig": "angstig",
    "chaotisch": "chaotisch",
}


def term(name: str, language: str) -> str:
    """The word for `name` in `language` (the Dutch msgid when the language has none)."""
    return gettext(TERMS[name], language)
