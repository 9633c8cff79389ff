"""The article's material as validated data: `library()` is the entry point."""

from __future__ import annotations

from verbinding.content.loader import ContentError, Library, library, load_library
from verbinding.content.models import STYLE_IDS, Exercise, Section, Sign, Style, StyleId

__all__ = [
    "STYLE_IDS",
    "ContentError",
    "Exercise",
    "Library",
    "Section",
    "Sign",
    "Style",
    "StyleId",
    "library",
    "load_library",
]
