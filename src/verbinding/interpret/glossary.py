"""One word per thing, for the web pages and the PDF, in Dutch and English.

The pages translate their Dutch words through gettext; a test holds the English
translations to the words here, so the page and the PDF never name one thing twice.
"""

from __future__ import annotations

TERMS: dict[str, dict[str, str]] = {
    # One of the four parts of the anxiety × avoidance plane (not "vlak": that is the
    # whole plane).
    "quadrant": {"nl": "Kwadrant", "en": "Quadrant"},
    # The desorganisatie scale of the relationship form: plain words, not the jargon.
    "confusion": {"nl": "Verwarring", "en": "Confusion"},
    "relationship": {"nl": "Relatie", "en": "Relationship"},
    "anxiety": {"nl": "Angst", "en": "Anxiety"},
    "avoidance": {"nl": "Vermijding", "en": "Avoidance"},
}


def term(name: str, language: str) -> str:
    """The word for `name` in `language` (Dutch when the language has none)."""
    words = TERMS[name]
    return words.get(language[:2], words["nl"])
