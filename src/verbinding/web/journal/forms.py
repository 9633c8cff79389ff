"""The diary form: one Django form, shown in a few calm groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from verbinding.content import library
from verbinding.web.journal.models import INTENSITY_MAX, DiaryEntry

MAX_OWN_WORDS = 10
MAX_WORD_LENGTH = 40
MAX_TEXT = 20_000


def exercise_choices() -> list[tuple[str, Any]]:
    """Exercises grouped per style, for a <select> with optgroups."""
    groups: list[tuple[str, Any]] = [("", "Geen oefening, gewoon een notitie")]
    for style in library().styles.values():
        groups.append((style.short_name, [(ex.id, ex.title) for ex in style.exercises]))
    return groups


def emotion_word_choices() -> list[tuple[str, str]]:
    return [(w, w) for group in library().emotion_words.groups for w in group.words]


@dataclass(frozen=True)
class FieldGroup:
    """Some fields of a form, shaped so `_form_fields.html` can render just those."""

    form: forms.Form
    names: tuple[str, ...]
    first: bool = False

    def non_field_errors(self) -> list[str]:
        return list(self.form.non_field_errors()) if self.first else []

    def visible_fields(self) -> list[forms.BoundField]:
        return [self.form[name] for name in self.names]

    def hidden_fields(self) -> list[forms.BoundField]:
        return []


class DiaryEntryForm(forms.Form):
    date = forms.DateField(
        label="Datum",
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Kies een datum.",
            "invalid": "Deze datum kunnen we niet lezen. Kies een dag in de kalender.",
        },
    )
    exercise_id = forms.ChoiceField(
        label="Bij welke oefening hoort dit? (mag leeg blijven)",
        required=False,
        error_messages={"invalid_choice": "Kies een oefening uit de lijst."},
    )
    words = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies gevoelswoorden uit de lijst."},
    )
    own_words = forms.CharField(
        label="Eigen woorden",
        required=False,
        max_length=400,
        help_text="Staat jouw woord er niet bij? Schrijf het hier. Meer woorden mag, met een "
        "komma ertussen.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": "Dat zijn veel woorden. Houd het bij een paar."},
    )
    intensity = forms.IntegerField(
        label="Hoe sterk was het gevoel? (0 is nauwelijks, 10 is heel sterk)",
        required=False,
        min_value=0,
        max_value=INTENSITY_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Vul een heel getal in van 0 tot en met 10, of laat het leeg.",
            "min_value": "Vul een getal in van 0 tot en met 10, of laat het leeg.",
            "max_value": "Vul een getal in van 0 tot en met 10, of laat het leeg.",
        },
    )
    body_sensations = forms.CharField(
        label="Wat merkte je in je lichaam?",
        required=False,
        max_length=MAX_TEXT,
        help_text="Bijvoorbeeld: warmte in je buik, een strakke kaak, een rustige adem.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text = forms.CharField(
        label="Wat wil je verder opschrijven?",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 7}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["exercise_id"].choices = exercise_choices()
        self.fields["words"].choices = emotion_word_choices()

    @property
    def top(self) -> FieldGroup:
        return FieldGroup(self, ("date", "exercise_id"), first=True)

    @property
    def rest(self) -> FieldGroup:
        return FieldGroup(self, ("intensity", "body_sensations", "text"))

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("Die dag is nog niet geweest. Kies vandaag of eerder.")
        return day

    def clean_own_words(self) -> list[str]:
        raw = self.cleaned_data.get("own_words") or ""
        words = [w.strip() for w in raw.replace(";", ",").split(",") if w.strip()]
        if len(words) > MAX_OWN_WORDS:
            raise forms.ValidationError(f"Kies hoogstens {MAX_OWN_WORDS} eigen woorden.")
        if any(len(w) > MAX_WORD_LENGTH for w in words):
            raise forms.ValidationError("Een van de woorden is erg lang. Zet er een komma tussen.")
        return words

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get(k) for k in ("words", "own_words", "body_sensations", "text")]
        if not self.errors and not any(filled) and data.get("intensity") is None:
            raise forms.ValidationError(
                "Er staat nog niets in. Kies een gevoelswoord of schrijf een paar woorden op."
            )
        return data

    @classmethod
    def initial_for(cls, entry: DiaryEntry) -> dict[str, Any]:
        chosen = set(dict(emotion_word_choices()))
        words = entry.words
        return {
            "date": entry.date,
            "exercise_id": entry.exercise_id,
            "words": [w for w in words if w in chosen],
            "own_words": ", ".join(w for w in words if w not in chosen),
            "intensity": entry.intensity,
            "body_sensations": entry.body_sensations,
            "text": entry.text,
        }

    def apply_to(self, entry: DiaryEntry) -> DiaryEntry:
        """Copy the cleaned values onto `entry` (not saved)."""
        data = self.cleaned_data
        words: list[str] = []
        for word in [*data["words"], *data["own_words"]]:
            if word.lower() not in {w.lower() for w in words}:
                words.append(word)
        entry.date = data["date"]
        entry.exercise_id = data["exercise_id"]
        entry.words = words
        entry.intensity = data["intensity"]
        entry.body_sensations = data["body_sensations"]
        entry.text = data["text"]
        return entry
