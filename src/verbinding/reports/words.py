"""The fixed words of the printed report and card, per language.

The article's material (styles, exercises, signs, the card's points) comes from
`verbinding.content`; this module only holds the headings and explanations around it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from verbinding.interpret import numbers
from verbinding.interpret.glossary import term


def long_date(moment: date, language: str = "nl") -> str:
    """'29 november 2026' in Dutch, '29 November 2026' in English (day first in both)."""
    return numbers.long_date(moment, language)


_NL: dict[str, Any] = {
    "lang": "nl",
    "brand": "Verbindingsstijlen",
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
        term(t, "nl") for t in ("relationship", "anxiety", "avoidance", "quadrant", "confusion")
    ],
    "borderline_mark": "grens",
    "borderline_note": (
        "het punt ligt dicht bij een grens tussen twee kwadranten; binnen de "
        "meetonzekerheid kan het ook in het kwadrant ernaast liggen."
    ),
    "quadrants": {
        "veilig": "veilig",
        "vermijdend": "vermijdend",
        "angstig": "angstig",
        "chaotisch": "chaotisch",
    },
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
    # Names of the questionnaires by id; an id without a name here is shown as it is.
    "instrument_names": {},
    "scoring_version": "Berekening",
    "interpretation_version": "Duiding",
    "newer_interpretation": (
        "Sinds deze uitslag lezen we scores op een iets andere manier. Hier staat hoe je "
        "uitslag toen is gelezen."
    ),
    "card_foot": "Lees dit rustig, een paar keer per dag.",
}

_EN: dict[str, Any] = {
    "lang": "en",
    "brand": "Verbindingsstijlen",
    "report_file": "connection-styles-result-{date}.pdf",
    "card_file": "connection-styles-daily-card-{size}.pdf",
    "report_title": "Your result",
    "date_line": "Completed on {date}",
    "page": "page",
    "of": "of",
    "not_diagnosis_short": "self-knowledge, not a diagnosis",
    "not_diagnosis_title": "Self-knowledge, not a diagnosis.",
    "not_diagnosis": (
        "This result shows how you answered the questions today. It can help you get to "
        "know yourself better. It does not say what is ‘wrong’ with you, and it does not "
        "replace a conversation with a GP (huisarts), psychologist or therapist. Take your "
        "time with it, and notice what reading it does to you."
    ),
    "profile_title": "Your profile across the four styles",
    "profile_columns": ["Style", "Score", "90% band", "Answered"],
    "answered": "{n} of {total}",
    "profile_note": (
        "Scores are averages on a scale from 1 (does not fit me) to 7 (fits me strongly). "
        "Everyone has something of each style; what matters is the balance between them."
    ),
    "acquiescence": (
        "You agreed with almost every sentence, even with sentences that contradict each "
        "other. That makes the scores less certain. It may help to answer the questions "
        "again at a calm moment."
    ),
    "plane_title": "Your relationships: anxiety and avoidance",
    "plane_intro": [
        "You can be connected to your mother differently than to your father, and to men "
        "differently than to women. That is why each relationship you filled in appears "
        "here as a point of its own. To the right: more avoidance (keeping your distance). "
        "Upwards: more anxiety (fear of losing the other person).",
    ],
    "plane_columns": [
        term(t, "en") for t in ("relationship", "anxiety", "avoidance", "quadrant", "confusion")
    ],
    "borderline_mark": "border",
    "borderline_note": (
        "the point lies close to a border between two quadrants; within the margin of "
        "measurement it could also lie in the quadrant next to it."
    ),
    "quadrants": {
        "veilig": "secure",
        "vermijdend": "avoidant",
        "angstig": "anxious",
        "chaotisch": "chaotic",
    },
    "care_title": "Take good care of yourself",
    "care_paragraphs": [
        "Your result shows that the chaotic way of connecting plays a part for you. It "
        "often grows out of experiences that were too much, long ago. That says nothing "
        "about who you are; it says something about what you have had to carry.",
        "The article advises working on this regularly with a trained trauma therapist. "
        "You don’t have to do this alone, and you may go at your own pace.",
    ],
    "care_help": [
        ["Your GP (huisarts)", "can think along with you and refer you to a trauma "
         "therapist."],
        ["113 Zelfmoordpreventie:", "are you thinking about suicide? Call 0800-0113 (free, "
         "day and night) or chat via 113.nl."],
        ["112:", "if you or someone else is in immediate danger."],
    ],
    "highlight_eyebrow": "What this means for you",
    "practise_title": "What you can practise",
    "signs_title": "Signs that things are getting better",
    "minutes": "about {n} min.",
    "about_title": "About this measurement",
    "about_bands": [
        "No questionnaire measures exactly. That is why each score comes with a 90% band: "
        "the range in which your ‘true’ score lies with 90% certainty. A narrow band means "
        "a more certain measurement, a wide band a less certain one. We call one style the "
        "strongest when its difference from every other style is larger than the "
        "measurement error of such a difference. That is why the bands may overlap a "
        "little while one style is still the strongest. If the difference is smaller, we "
        "call the result mixed.",
        "Your answers can change as you change. Feel free to answer the questions again "
        "later and compare.",
    ],
    "reliability_title": "Reliability",
    "versions_title": "Versions",
    "instrument": "{name} questionnaire",
    "instrument_names": {"vier-stijlen": "Four styles", "relatie": "Relationship"},
    "scoring_version": "Scoring",
    "interpretation_version": "Interpretation",
    "newer_interpretation": (
        "Since this result, we read scores in a slightly different way. This shows how "
        "your result was read at the time."
    ),
    "card_foot": "Read this calmly, a few times a day.",
}

_WORDS = {"nl": _NL, "en": _EN}


def words_for(language: str) -> dict[str, Any]:
    """The words of one language; Dutch when the language has none yet."""
    return _WORDS.get(language, _NL)
