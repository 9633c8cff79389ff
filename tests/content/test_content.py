"""The article's material as data: complete, traceable, and in our own words."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from verbinding.content import STYLE_IDS, ContentError, Library, Section, load_library
from verbinding.content.loader import CONTENT_DIR

SECTION_FIELDS = ("summary", "arises", "experience", "relationships", "practice")
ARTICLE_NAME = "000_a629e2b8283595fd.txt"
# The article lives next to the repository (../shared/seed/); VERBINDING_ARTICLE overrides.
ARTICLE = Path(
    os.environ.get(
        "VERBINDING_ARTICLE",
        Path(__file__).resolve().parents[3] / "shared" / "seed" / ARTICLE_NAME,
    )
)
VERBATIM_RUN = 12


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library("nl")


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the Dutch content, so a test can break one file."""
    shutil.copytree(CONTENT_DIR / "nl", tmp_path / "nl")
    return tmp_path


def break_line(path: Path, old: str, new: str) -> int:
    """Replace the first line equal to `old` and return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines, start=1):
        if line.rstrip("\n") == old:
            lines[number - 1] = new + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"{old!r} not found in {path}")


def all_sections(lib: Library) -> Iterator[tuple[str, Section]]:
    yield from (
        (f"intro.{name}", getattr(lib.intro, name))
        for name in ("invitation", "why", "relationships")
    )
    for style in lib.styles.values():
        for name in (*SECTION_FIELDS, "story", "partner_guidance"):
            section = getattr(style, name)
            if section is not None:
                yield f"{style.id}.{name}", section


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def texts(value: Any, key: str = "") -> Iterator[str]:
    """Every piece of prose in a dumped model, leaving out ids and source references."""
    if isinstance(value, str):
        if key not in {"id", "source", "language", "mode"}:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from texts(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item, key)


def test_the_dutch_content_loads(lib: Library) -> None:
    assert lib.language == "nl"
    assert list(lib.styles) == list(STYLE_IDS)
    assert lib.intro.title
    assert 8 <= len(lib.intro.pause_prompts) <= 10


@pytest.mark.parametrize("style_id", STYLE_IDS)
def test_every_style_has_every_section_filled(lib: Library, style_id: str) -> None:
    style = lib.styles[style_id]
    assert style.name and style.short_name and style.tagline and style.signs_intro
    for name in SECTION_FIELDS:
        section: Section = getattr(style, name)
        assert section.title, name
        assert section.paragraphs or section.points, name
        assert all(text.strip() for text in [*section.paragraphs, *section.points]), name
    assert style.exercises and style.signs
    for exercise in style.exercises:
        assert exercise.title and exercise.summary
        assert 3 <= len(exercise.steps) <= 7, exercise.id


def test_the_style_specific_parts_exist(lib: Library) -> None:
    story = lib.styles["angstig"].story
    assert story is not None and "duif" in " ".join(story.paragraphs)
    guidance = lib.styles["chaotisch"].partner_guidance
    assert guidance is not None
    guidance_text = " ".join(guidance.paragraphs).lower()
    for topic in ("geprojecteerde identificatie", "tegenoverdracht", "steun"):
        assert topic in guidance_text
    assert 18 <= len(lib.daily_card.points) <= 21
    assert "wc" in lib.daily_card.intro


def test_the_chaotic_style_recommends_a_trauma_therapist(lib: Library) -> None:
    style = lib.styles["chaotisch"]
    assert "traumatherapeut" in " ".join(style.summary.paragraphs)
    assert "traumatherapeut" in " ".join(style.practice.paragraphs)


def test_the_special_exercise_modes_are_used(lib: Library) -> None:
    modes = {ex.id: ex.mode for _, (_, ex) in lib.exercises().items()}
    assert modes["ch-stop-oefening"] == "stop-guide"
    assert modes["vm-gevoelswoorden"] == "emotion-words"
    assert "timer" in modes.values()


def test_ids_are_unique_across_the_whole_library(lib: Library) -> None:
    ids = [ex.id for style in lib.styles.values() for ex in style.exercises]
    ids += [sign.id for style in lib.styles.values() for sign in style.signs]
    ids += [point.id for point in lib.daily_card.points]
    duplicates = {unit_id for unit_id in ids if ids.count(unit_id) > 1}
    assert not duplicates


def test_every_unit_names_its_source_in_the_article(lib: Library) -> None:
    sources = [section.source for _, section in all_sections(lib)]
    for style in lib.styles.values():
        sources += [ex.source for ex in style.exercises] + [s.source for s in style.signs]
    sources += [lib.daily_card.source] + [p.source for p in lib.daily_card.points]
    assert all(sources)
    assert all(s == "Inleiding" or s.startswith("§") for s in sources), sources


def test_a_broken_file_names_the_file_the_line_and_the_field(content_copy: Path) -> None:
    path = content_copy / "nl" / "vermijdend.yaml"
    line = break_line(path, "    duration_minutes: 15", "    duration_minutes: een kwartier")
    with pytest.raises(ContentError) as caught:
        load_library("nl", root=content_copy)
    message = str(caught.value)
    assert f"{path}:{line}" in message
    assert "exercises.0.duration_minutes" in message


def test_a_yaml_syntax_error_names_the_file_and_the_line(content_copy: Path) -> None:
    path = content_copy / "nl" / "intro.yaml"
    line = break_line(path, "title: Vier verbindingsstijlen", "title: [Vier verbindingsstijlen")
    with pytest.raises(ContentError) as caught:
        load_library("nl", root=content_copy)
    assert str(path) in str(caught.value)
    assert re.search(rf"{re.escape(str(path))}:\d+", str(caught.value))
    assert line >= 1


def test_a_file_with_the_wrong_language_is_refused(content_copy: Path) -> None:
    path = content_copy / "nl" / "angstig.yaml"
    line = break_line(path, "language: nl", "language: en")
    with pytest.raises(ContentError) as caught:
        load_library("nl", root=content_copy)
    message = str(caught.value)
    assert f"{path}:{line}" in message
    assert "'language'" in message


def test_a_missing_style_specific_part_is_refused(content_copy: Path) -> None:
    path = content_copy / "nl" / "angstig.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("story:"), text.index("arises:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError, match="story"):
        load_library("nl", root=content_copy)


@pytest.mark.skipif(not ARTICLE.is_file(), reason=f"article not found at {ARTICLE}")
def test_no_run_of_twelve_words_is_copied_from_the_article(lib: Library) -> None:
    article = words(ARTICLE.read_text(encoding="utf-8"))
    article_runs = {
        tuple(article[i : i + VERBATIM_RUN]) for i in range(len(article) - VERBATIM_RUN + 1)
    }
    dumps = [lib.intro.model_dump(), *(style.model_dump() for style in lib.styles.values())]
    copied = []
    for text in (t for dump in dumps for t in texts(dump)):
        tokens = words(text)
        for i in range(len(tokens) - VERBATIM_RUN + 1):
            if tuple(tokens[i : i + VERBATIM_RUN]) in article_runs:
                copied.append(" ".join(tokens[i : i + VERBATIM_RUN]))
    assert not copied, copied
