"""Loading and checking the content files of one language.

Files live in `content/<language>/`: `intro.yaml`, `emotion_words.yaml` and one file per
style. A fault stops
the app at start-up with the file, the line and the reason, because a half-loaded text
would show people an incomplete picture of a style.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from verbinding.content.models import (
    STYLE_IDS,
    DailyCard,
    EmotionWords,
    Exercise,
    Intro,
    Sign,
    Style,
)
from verbinding.i18n import SOURCE_LANGUAGE
from verbinding.yamlfile import YamlReadError, line_for, load_yaml_with_lines

CONTENT_DIR = Path(__file__).parent
DEFAULT_LANGUAGE = SOURCE_LANGUAGE
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """One or more content files are broken; `faults` holds one line per fault."""

    def __init__(self, faults: list[str]) -> None:
        self.faults = faults
        super().__init__("Fout in de inhoud:\n" + "\n".join(f"  {f}" for f in faults))


@dataclass(frozen=True)
class Library:
    """All content of one language, in reading order."""

    language: str
    intro: Intro
    styles: dict[str, Style]
    emotion_words: EmotionWords

    def style(self, style_id: str) -> Style | None:
        return self.styles.get(style_id)

    @property
    def daily_card(self) -> DailyCard:
        card = self.styles["veilig"].daily_card
        assert card is not None  # guaranteed by Style validation
        return card

    def exercises(self) -> dict[str, tuple[Style, Exercise]]:
        return {ex.id: (style, ex) for style in self.styles.values() for ex in style.exercises}

    def exercise(self, exercise_id: str) -> tuple[Style, Exercise] | None:
        return self.exercises().get(exercise_id)

    def signs(self) -> dict[str, tuple[Style, Sign]]:
        return {sign.id: (style, sign) for style in self.styles.values() for sign in style.signs}


def _parse(path: Path, model: type[M], language: str, faults: list[str]) -> M | None:
    try:
        data, lines = load_yaml_with_lines(path)
    except YamlReadError as exc:
        faults.append(str(exc))
        return None
    if not isinstance(data, dict):
        faults.append(f"{path}: het bestand moet een YAML-mapping zijn")
        return None
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            field = ".".join(str(part) for part in loc) or "(bestand)"
            line = line_for(lines, loc)
            faults.append(f"{path}:{line} veld '{field}': {error['msg']}")
        return None
    file_language = getattr(parsed, "language", None)
    if file_language != language:
        faults.append(f"{path}:{lines.get(('language',))} veld 'language': "
                      f"'{file_language}' hoort niet in de map '{language}'")
        return None
    return parsed


def _check_unique_ids(styles: dict[str, Style], faults: list[str]) -> None:
    seen: dict[str, str] = {}
    for style in styles.values():
        ids = [("oefening", ex.id) for ex in style.exercises]
        ids += [("teken", sign.id) for sign in style.signs]
        if style.daily_card:
            ids += [("kaartpunt", p.id) for p in style.daily_card.points]
        for kind, unit_id in ids:
            key = f"{kind}:{unit_id}"
            if key in seen:
                faults.append(f"{kind} '{unit_id}' komt voor in '{seen[key]}' en '{style.id}'")
            seen[key] = style.id


def load_library(language: str = DEFAULT_LANGUAGE, root: Path = CONTENT_DIR) -> Library:
    """Read and validate every content file of `language`; raise ContentError on faults."""
    folder = root / language
    faults: list[str] = []
    if not folder.is_dir():
        raise ContentError([f"{folder}: map met inhoud voor taal '{language}' ontbreekt"])
    intro = _parse(folder / "intro.yaml", Intro, language, faults)
    emotion_words = _parse(folder / "emotion_words.yaml", EmotionWords, language, faults)
    styles: dict[str, Any] = {}
    for style_id in STYLE_IDS:
        path = folder / f"{style_id}.yaml"
        style = _parse(path, Style, language, faults)
        if style is not None and style.id != style_id:
            faults.append(f"{path}: veld 'id' is '{style.id}', verwacht '{style_id}'")
        styles[style_id] = style
    if not faults:
        _check_unique_ids(styles, faults)
    if faults or intro is None or emotion_words is None:
        raise ContentError(faults)
    return Library(language=language, intro=intro, styles=styles, emotion_words=emotion_words)


@cache
def languages() -> tuple[str, ...]:
    """The languages that have content: one folder each under content/."""
    return tuple(sorted(p.name for p in CONTENT_DIR.iterdir()
                        if p.is_dir() and (p / "intro.yaml").is_file()))


def _no_language() -> str | None:
    return None


_language_source: Callable[[], str | None] = _no_language


def follow_language(source: Callable[[], str | None]) -> None:
    """Let `library()` without a language use `source()` (the web app passes the active
    request language); this module itself knows nothing of requests."""
    global _language_source
    _language_source = source


def library(language: str | None = None) -> Library:
    """The validated content of `language` (default: the active language, else Dutch)."""
    chosen = language or _language_source() or DEFAULT_LANGUAGE
    return _library(chosen if chosen in languages() else DEFAULT_LANGUAGE)


@cache
def _library(language: str) -> Library:
    """Loaded once per process and language."""
    return load_library(language)
