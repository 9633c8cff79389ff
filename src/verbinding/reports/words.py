"""The fixed words of the printed report and card, as gettext msgids.

The article's material (styles, exercises, signs, the card's points) comes from
`verbinding.content`; this module only holds the headings and explanations around it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from verbinding.i18n import SOURCE_LANGUAGE, gettext
from verbinding.interpret import numbers
from verbinding.interpret.glossary import STYLE_WORDS, TERMS

# The product's name is a name: it is not translated.
BRAND = "Verbindingsstijlen"


def long_date(moment: date, language: str = SOURCE_LANGUAGE) -> str:
    """'29 november 2026' in Dutch, '29 November 2026' in English (day first in both)."""
    return numbers.long_date(moment, language)


# Every string is a msgid (Dutch); `words_for` translates them for the reader.
_WORDS: dict[str, Any] = {
    "report_file": "verbindingsstijlen-uitslag-{date}.pdf",
    "card_file": "verbindingsstijlen-dagkaart-{size}.pdf",
    "report_title": "Jouw uitslag",
    "date_line": "Ingevuld op {date}",
    "page": "pagina",
    "of": "van",
    "not_diagnosis_short": "zelfkennis, geen diagnose",
    "not_diagnosis_title": "Zelfkennis, geen diagnose.",
    "not_diagnosis": (
        "Deze uitslag laat zien hoe je de vragen vandaag hebt beantwoord. Hij kan je helpen "
        "jezelf beter te leren kennen. Hij zegt niet wat er met je ‘mis’ is, en hij vervangt "
        "geen gesprek met een huisarts, psycholoog of therapeut. Neem er rustig de tijd voor, "
        "en merk op wat het lezen met je doet."
    ),
    "profile_title": "Je profiel over de vier stijlen",
    "profile_columns": ["Stijl", "Score", "90 %-band", "Beantwoord"],
    "answered": "{n} van {total}",
    "profile_note": (
        "Scores zijn gemiddelden op een schaal van 1 (past niet bij mij) tot 7 (past sterk "
        "bij mij). Iedereen heeft iets van elke stijl; het gaat om de verhouding."
    ),
    "acquiescence": (
        "Je was het met bijna alle zinnen eens, ook met zinnen die elkaar tegenspreken. "
        "Dat maakt de scores minder zeker. Misschien helpt het om de vragen op een rustig "
        "moment nog eens in te vullen."
    ),
    "plane_title": "Je relaties: angst en vermijding",
    "plane_intro": [
        "Met je moeder kun je anders verbonden zijn dan met je vader, en met mannen anders "
        "dan met vrouwen. Daarom staat hier elke relatie die je hebt ingevuld als een eigen "
        "punt. Naar rechts: meer vermijding (afstand houden). Naar boven: meer angst (bang "
        "om de ander kwijt te raken).",
    ],
    "plane_columns": [
        TERMS[t] for t in ("relationship", "anxiety", "avoidance", "quadrant", "confusion")
    ],
    "borderline_mark": "grens",
    "borderline_note": (
        "het punt ligt dicht bij een grens tussen twee kwadranten; binnen de "
        "meetonzekerheid kan het ook in het kwadrant ernaast liggen."
    ),
    "quadrants": STYLE_WORDS,
    "care_title": "Zorg goed voor jezelf",
    "care_paragraphs": [
        "Je uitslag laat zien dat de chaotische manier van verbinden bij jou een rol speelt. "
        "Die ontstaat vaak door ervaringen die vroeger te veel waren. Dat zegt niets over "
        "wie je bent; het zegt iets over wat je hebt moeten dragen.",
        "Het artikel raadt aan om hier regelmatig mee te werken samen met een getrainde "
        "traumatherapeut. Je hoeft dit niet alleen te doen, en je mag je eigen tempo "
        "houden.",
    ],
    "care_help": [
        ["Je huisarts", "kan met je meedenken en je verwijzen naar een traumatherapeut."],
        ["113 Zelfmoordpreventie:", "denk je aan zelfmoord? Bel 0800-0113 (gratis, dag en "
         "nacht) of chat via 113.nl."],
        ["112:", "bij direct gevaar voor jou of iemand anders."],
    ],
    "highlight_eyebrow": "Wat dit voor jou betekent",
    "practise_title": "Wat je kunt oefenen",
    "signs_title": "Tekenen dat het beter gaat",
    "minutes": "ongeveer {n} min.",
    "about_title": "Over deze meting",
    "about_bands": [
        "Geen vragenlijst meet precies. Daarom staat bij elke score een 90 %-band: het "
        "gebied waarin je ‘ware’ score met 90 % zekerheid ligt. Een smalle band betekent een "
        "zekere meting, een brede band een minder zekere. Eén stijl noemen we de sterkste "
        "als het verschil met elke andere stijl groter is dan de meetfout van zo’n "
        "verschil. Daarom kunnen de banden elkaar wat overlappen terwijl één stijl toch de "
        "sterkste is. Is het verschil kleiner, dan noemen we de uitslag gemengd.",
        "Je antwoorden kunnen veranderen als jij verandert. Vul de vragen later gerust nog "
        "eens in en vergelijk.",
    ],
    "reliability_title": "Betrouwbaarheid",
    "versions_title": "Versies",
    "instrument": "Vragenlijst {name}",
    "scoring_version": "Berekening",
    "interpretation_version": "Duiding",
    "newer_interpretation": (
        "Sinds deze uitslag lezen we scores op een iets andere manier. Hier staat hoe je "
        "uitslag toen is gelezen."
    ),
    "card_foot": "Lees dit rustig, een paar keer per dag.",
}

def _translated(value: Any, language: str) -> Any:
    if isinstance(value, str):
        return gettext(value, language)
    if isinstance(value, dict):
        return {key: _translated(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_translated(item, language) for item in value]
    return value


def words_for(language: str) -> dict[str, Any]:
    """The words in `language`, through the gettext catalogue (the Dutch msgids when the
    language has no catalogue yet)."""
    return {**_translated(_WORDS, language), "lang": language, "brand": BRAND}
