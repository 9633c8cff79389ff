"""The consented, de-identified research export (`verbinding research export`).

One row per part (assessment) of a self-test whose owner chose to contribute, in the CSV
form `verbinding score` and `analyse` read: item columns by id, plus a few describing
columns. Never in it: names (the named person is only "persoon"), free text, exact times
(only year-month), or anything that leads back to an account or a private link; the
`respondent` number is made up per export, only to tie the parts of one sitting together.

Rare combinations could still single someone out, so before writing, every person whose
language × relationship set × age band × gender is shared by fewer than `K` people loses
age band and gender; whoever is still in a group smaller than `K` after that is left out.
Exported consents are marked: from then on they can no longer be withdrawn.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from verbinding.csvcells import safe_row
from verbinding.i18n import SOURCE_LANGUAGE, gettext, text_in

K = 5  # the smallest group anyone in the export may belong to
DESCRIBING = ("respondent", "target", "relationships", "instrument_version", "language",
              "year_month", "age_band", "gender")


@dataclass(frozen=True)
class Person:
    """One consented self-test: what may describe it, and its parts' answers."""

    consent_id: int
    language: str
    relationships: str
    year_month: str
    age_band: str
    gender: str
    parts: list[dict[str, Any]] = field(default_factory=list)  # target, version, answers

    def group(self) -> tuple[str, str, str, str]:
        return (self.language, self.relationships, self.age_band, self.gender)


@dataclass(frozen=True)
class Protected:
    people: list[Person]
    coarsened: int  # people whose age band and gender were blanked
    left_out: int  # people in a group too small even then


def protect(people: list[Person], k: int = K) -> Protected:
    """Blank age band and gender of people in groups under `k`; then leave out whoever is
    still in a group under `k`. Pure: tested without a database."""
    sizes = Counter(p.group() for p in people)
    blanked: set[int] = set()
    kept: list[Person] = []
    for person in people:
        if sizes[person.group()] < k and (person.age_band or person.gender):
            person = replace(person, age_band="", gender="")
            blanked.add(person.consent_id)
        kept.append(person)
    final = Counter(p.group() for p in kept)
    safe = [p for p in kept if final[p.group()] >= k]
    coarsened = sum(1 for p in safe if p.consent_id in blanked)
    return Protected(safe, coarsened, len(kept) - len(safe))


# --------------------------------------------------------------------- from the database


def consented_people(instrument_id: str, since: date | None = None) -> list[Person]:
    """Every consented, submitted self-test with at least one part of `instrument_id`."""
    from verbinding.web.assessments.models import ResearchConsent

    consents = ResearchConsent.objects.filter(selftest__submitted_at__isnull=False)
    if since is not None:
        consents = consents.filter(selftest__submitted_at__date__gte=since)
    consents = consents.select_related("selftest").prefetch_related(
        "selftest__assessments__answers"
    )
    people = []
    for consent in consents.order_by("id"):
        person = _person(consent, instrument_id)
        if person.parts:
            people.append(person)
    return people


def _person(consent: Any, instrument_id: str) -> Person:
    selftest = consent.selftest
    parts = [a for a in selftest.assessments.all() if a.submitted_at is not None]
    targets = sorted({a.target for a in parts if a.target})
    return Person(
        consent_id=consent.pk,
        language=selftest.language,
        relationships="+".join(targets),
        year_month=selftest.submitted_at.strftime("%Y-%m"),  # never the day or the hour
        age_band=consent.age_band,
        gender=consent.gender,
        parts=[
            # Only the target's id: a named person is "persoon", never their name.
            {"target": a.target, "version": a.instrument_version,
             "answers": {ans.item_id: ans.value for ans in a.answers.all()}}
            for a in parts if a.instrument_id == instrument_id
        ],
    )


def mark_exported(people: list[Person]) -> None:
    """From now on these consents cannot be withdrawn: the answers are out."""
    from django.utils import timezone

    from verbinding.web.assessments.models import ResearchConsent

    ResearchConsent.objects.filter(
        pk__in=[p.consent_id for p in people], exported_at__isnull=True
    ).update(exported_at=timezone.now())


# --------------------------------------------------------------------- the files


def rows(people: list[Person], item_ids: list[str]) -> list[dict[str, Any]]:
    """One row per part; people in a random order, numbered from 1, so neither the order
    nor the number says when someone took part."""
    shuffled = list(people)
    secrets.SystemRandom().shuffle(shuffled)
    out = []
    for number, person in enumerate(shuffled, start=1):
        for part in person.parts:
            row: dict[str, Any] = {
                "respondent": number, "target": part["target"],
                "relationships": person.relationships,
                "instrument_version": part["version"], "language": person.language,
                "year_month": person.year_month, "age_band": person.age_band,
                "gender": person.gender,
            }
            row.update({item: part["answers"].get(item, "") for item in item_ids})
            out.append(row)
    return out


def to_csv(table: list[dict[str, Any]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(safe_row(columns))
    for row in table:
        writer.writerow(safe_row(row[c] for c in columns))
    return buffer.getvalue().encode("utf-8")


# The described columns: their meaning (a gettext msgid) and type.
DESCRIBED = {
    "respondent": ("Volgnummer per export; verbindt de delen van één zelftest", "integer"),
    "target": ("Relatie waarover dit deel gaat ('persoon' = iemand die de persoon koos)",
               "string"),
    "relationships": ("Alle relaties in de zelftest, gescheiden door +", "string"),
    "instrument_version": ("Versie van de vragenlijst", "string"),
    "language": ("Taal van de zelftest (een taalcode, zoals nl)", "string"),
    "year_month": ("Jaar en maand van afronden (JJJJ-MM)", "string"),
    "age_band": ("Leeftijdsgroep; leeg = niet gegeven of weggelaten voor anonimiteit",
                 "string"),
    "gender": ("Gender (vrouw, man, anders); leeg = niet gegeven of weggelaten", "string"),
}


def codebook(
    instrument: Any, columns: list[str], languages: Sequence[str] = (SOURCE_LANGUAGE,)
) -> dict[str, Any]:
    """Every column: its meaning (`label_<language>` for each of `languages`, the source
    language first), type and, where coded, its values."""
    scale = instrument.response_scale
    value_labels = {
        str(k): v for k, v in ((scale.labels or {}).get(SOURCE_LANGUAGE) or {}).items()
    }
    languages = list(dict.fromkeys([SOURCE_LANGUAGE, *languages]))
    book: dict[str, Any] = {
        "instrument": {"id": instrument.id, "version": instrument.version},
        "k_anonymity": K,
        "columns": {},
    }
    for column in columns:
        if column in DESCRIBED:
            meaning, kind = DESCRIBED[column]
            book["columns"][column] = {
                **{f"label_{lang}": gettext(meaning, lang) for lang in languages},
                "type": kind,
            }
            continue
        item = instrument.item(column)
        book["columns"][column] = {
            **{f"label_{lang}": text_in(item.text, lang, column) for lang in languages},
            "type": "integer", "min": scale.min, "max": scale.max, "reverse": item.reverse,
            "values": value_labels, "missing": "empty cell",
        }
    return book


def codebook_json(book: dict[str, Any]) -> bytes:
    return json.dumps(book, ensure_ascii=False, indent=2).encode("utf-8")


def to_sav(table: list[dict[str, Any]], columns: list[str], book: dict[str, Any]) -> bytes:
    """An SPSS file with variable labels and the answer scale's value labels."""
    import tempfile
    from pathlib import Path

    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame([[row[c] for c in columns] for row in table], columns=columns)
    for column, info in book["columns"].items():
        if info["type"] == "integer":
            frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce")
    labels: list[str | None] = [
        str(book["columns"][c][f"label_{SOURCE_LANGUAGE}"])[:255] for c in columns
    ]
    value_labels = {
        c: {float(k): v for k, v in info["values"].items()}
        for c, info in book["columns"].items() if info.get("values")
    }
    # pyreadstat writes to a path: a private temporary folder, read back and removed.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sav"
        pyreadstat.write_sav(frame, str(path), column_labels=labels,
                             variable_value_labels=value_labels)
        return path.read_bytes()
