"""The shape of the article's material once it is paraphrased into data files.

Every unit records `source`: the section of the article it was written from, so a reader
(or a reviewer) can always go back to the passage.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

StyleId = Literal["veilig", "vermijdend", "angstig", "chaotisch"]
STYLE_IDS: tuple[StyleId, ...] = ("veilig", "vermijdend", "angstig", "chaotisch")

Slug = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
Text = Field(min_length=1)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Section(Strict):
    """A readable part: a title, paragraphs and/or a list of points."""

    title: str = Text
    paragraphs: list[str] = []
    points: list[str] = []
    source: str = Text

    @model_validator(mode="after")
    def _has_text(self) -> Section:
        if not self.paragraphs and not self.points:
            raise ValueError("een onderdeel heeft alinea's (paragraphs) of punten (points) nodig")
        if any(not text for text in [*self.paragraphs, *self.points]):
            raise ValueError("lege alinea of leeg punt")
        return self


class Exercise(Strict):
    id: str = Slug
    title: str = Text
    summary: str = Text
    steps: list[str] = Field(min_length=1)
    duration_minutes: int = Field(ge=1, le=180)
    # How the practice companion guides it: `timer` for a pause, `stop-guide` for the
    # partner exercise with a STOP button, `emotion-words` for the word picker, and
    # `referral` for a step taken in life (finding a therapist), not a session in the app.
    mode: Literal["plain", "timer", "stop-guide", "emotion-words", "referral"] = "plain"
    source: str = Text


class Sign(Strict):
    id: str = Slug
    text: str = Text
    source: str = Text


class CardPoint(Strict):
    id: str = Slug
    text: str = Text
    source: str = Text


class DailyCard(Strict):
    title: str = Text
    intro: str = Text
    points: list[CardPoint] = Field(min_length=5)
    source: str = Text


class Style(Strict):
    language: str = Field(pattern=r"^[a-z]{2}$")
    id: StyleId
    name: str = Text
    short_name: str = Text
    tagline: str = Text
    summary: Section
    arises: Section
    experience: Section
    relationships: Section
    practice: Section
    exercises: list[Exercise] = Field(min_length=1)
    signs_intro: str = Text
    signs: list[Sign] = Field(min_length=1)
    story: Section | None = None
    partner_guidance: Section | None = None
    daily_card: DailyCard | None = None

    @model_validator(mode="after")
    def _style_specific_parts(self) -> Style:
        required = {"angstig": "story", "chaotisch": "partner_guidance", "veilig": "daily_card"}
        field = required.get(self.id)
        if field and getattr(self, field) is None:
            raise ValueError(f"stijl '{self.id}' heeft het onderdeel '{field}' nodig")
        return self


class Intro(Strict):
    language: str = Field(pattern=r"^[a-z]{2}$")
    title: str = Text
    invitation: Section
    why: Section
    relationships: Section
    pause_prompts: list[str] = Field(min_length=3)


class EmotionGroup(Strict):
    """A family of felt emotions, with words from mild to strong."""

    id: str = Slug
    name: str = Text
    words: list[str] = Field(min_length=3)
    body: str = Text  # where people often notice it in the body: an invitation, not a rule


class EmotionWords(Strict):
    """Words for felt emotion (the article's practice for the avoidant style)."""

    language: str = Field(pattern=r"^[a-z]{2}$")
    intro: str = Text
    groups: list[EmotionGroup] = Field(min_length=4)
    source: str = Text
