"""The order in which the article's parts are read, one step at a time.

A step is one section of text (or the list of exercises, the signs, the daily card).
The paced reader walks these steps with a pause between them; the full style page shows
the same steps at once, so both always agree on what a style contains.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext

from verbinding.content import Library, Section, Style

PARTS_IN_ORDER = ("inleiding", "veilig", "vermijdend", "angstig", "chaotisch")


@dataclass(frozen=True)
class Step:
    kind: str  # "section", "exercises", "signs", "card"
    title: str
    section: Section | None = None
    style: Style | None = None
    anchor: str = ""


def _style_steps(style: Style) -> list[Step]:
    def section(name: str, value: Section | None) -> list[Step]:
        if value is None:
            return []
        return [Step("section", value.title, section=value, style=style, anchor=name)]

    steps = section("samenvatting", style.summary)
    # The article opens the anxious style with the pigeon story: it makes the rest easier.
    steps += section("duivenproef", style.story)
    steps += section("ontstaan", style.arises)
    steps += section("ervaring", style.experience)
    steps += section("relaties", style.relationships)
    steps += section("oefenen", style.practice)
    steps.append(Step("exercises", gettext("Oefeningen"), style=style, anchor="oefeningen"))
    signs = gettext("Tekenen dat het beter gaat")
    steps.append(Step("signs", signs, style=style, anchor="tekenen"))
    steps += section("voor-partners", style.partner_guidance)
    if style.daily_card is not None:
        steps.append(Step("card", style.daily_card.title, style=style, anchor="dagkaart"))
    return steps


def steps_for(library: Library, part: str) -> list[Step] | None:
    """All steps of a part (`inleiding` or a style id), or None for an unknown part."""
    if part == "inleiding":
        intro = library.intro
        return [
            Step("section", s.title, section=s, anchor=name)
            for name, s in (
                ("uitnodiging", intro.invitation),
                ("waarom", intro.why),
                ("per-relatie", intro.relationships),
            )
        ]
    style = library.style(part)
    return _style_steps(style) if style else None


def next_part(part: str) -> str | None:
    index = PARTS_IN_ORDER.index(part)
    return PARTS_IN_ORDER[index + 1] if index + 1 < len(PARTS_IN_ORDER) else None


def part_title(library: Library, part: str) -> str:
    if part == "inleiding":
        return library.intro.title
    style = library.style(part)
    return style.name if style else part


def pause_prompt(library: Library, part: str, step: int) -> str:
    """A different prompt at each pause, stable for the same place in the text."""
    prompts = library.intro.pause_prompts
    return prompts[(PARTS_IN_ORDER.index(part) * 3 + step) % len(prompts)]
