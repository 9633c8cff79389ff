"""The diary form: one Django form, shown in a few calm groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from verbinding.content import library
from verbinding.web.journal.models import INTENSITY_MAX, DiaryEntry
from verbinding.web.textrules import PlainTextForm

MAX_OWN_WORDS = 10
MAX_WORD_LENGTH = 40
MAX_TEXT = 20_000


def exercise_choices() -> list[tuple[str, Any]]:
    """Exercises grouped per style, for a <select> with optgroups."""
    groups: list[tuple[str, Any]] = [("", _("Geen oefening, gewoon een notitie"))]
    for style in library().styles.values():
        groups.append((style.short_name, [(ex.id, ex.title) for ex in style.exercises]))
    return groups


def emotion_word_choices(language: str | None = None) -> list[tuple[str, str]]:
    """The emotion words of `language` (default: the active one)."""
    return [(w, w) for group in library(language).emotion_words.groups for w in group.words]


def every_emotion_word_choice() -> list[tuple[str, str]]:
    """The words of every language, each once: what the form accepts, so an entry written
    before someone switched language stays valid."""
    found: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        found.update(emotion_word_choices(code))
    return list(found.items())


@dataclass(frozen=True)
class FieldGroup:
    """Some fields of a form, shaped so `_form_fields.html` can render just those."""

    form: forms.Form
    names: tuple[str, ...]
    first: bool = False

    def non_field_errors(self) -> list[str]:
        return [str(error) for error in self.form.non_field_errors()] if self.first else []

    def visible_fields(self) -> list[forms.BoundField]:
        return [self.form[name] for name in self.names]

    def hidden_fields(self) -> list[forms.BoundField]:
        return []


class DiaryEntryForm(PlainTextForm, forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Datum"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": gettext_lazy("Kies een datum."),
            "invalid": gettext_lazy(
                "Deze datum kunnen we niet lezen. Kies een dag in de kalender."),
        },
    )
    exercise_id = forms.ChoiceField(
        label=gettext_lazy("Bij welke oefening hoort dit? (mag leeg blijven)"),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Kies een oefening uit de lijst.")},
    )
    words = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Kies gevoelswoorden uit de lijst.")},
    )
    own_words = forms.CharField(
        label=gettext_lazy("Eigen woorden"),
        required=False,
        max_length=400,
        help_text=gettext_lazy("Staat jouw woord er niet bij? Schrijf het hier. Meer woorden mag, "
                               "met een komma ertussen."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "max_length": gettext_lazy("Dat zijn veel woorden. Houd het bij een paar."),
        },
    )
    intensity = forms.IntegerField(
        label=gettext_lazy("Hoe sterk was het gevoel? (0 is nauwelijks, 10 is heel sterk)"),
        required=False,
        min_value=0,
        max_value=INTENSITY_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": gettext_lazy("Vul een heel getal in van 0 tot en met 10, of laat het leeg."),
            "min_value": gettext_lazy("Vul een getal in van 0 tot en met 10, of laat het leeg."),
            "max_value": gettext_lazy("Vul een getal in van 0 tot en met 10, of laat het leeg."),
        },
    )
    body_sensations = forms.CharField(
        label=gettext_lazy("Wat merkte je in je lichaam?"),
        required=False,
        max_length=MAX_TEXT,
        help_text=gettext_lazy(
            "Bijvoorbeeld: warmte in je buik, een strakke kaak, een rustige adem."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    text = forms.CharField(
        label=gettext_lazy("Wat wil je verder opschrijven?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 7}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["exercise_id"]).choices = exercise_choices()
        cast(forms.ChoiceField, self.fields["words"]).choices = every_emotion_word_choice()

    @property
    def top(self) -> FieldGroup:
        return FieldGroup(self, ("date", "exercise_id"), first=True)

    @property
    def rest(self) -> FieldGroup:
        return FieldGroup(self, ("intensity", "body_sensations", "text"))

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Die dag is nog niet geweest. Kies vandaag of eerder."))
        return day

    def clean_own_words(self) -> list[str]:
        raw = self.cleaned_data.get("own_words") or ""
        words = [w.strip() for w in raw.replace(";", ",").split(",") if w.strip()]
        if len(words) > MAX_OWN_WORDS:
            raise forms.ValidationError(
                _("Kies hoogstens %(most)d eigen woorden.") % {"most": MAX_OWN_WORDS})
        if any(len(w) > MAX_WORD_LENGTH for w in words):
            raise forms.ValidationError(
                _("Een van de woorden is erg lang. Zet er een komma tussen."))
        return words

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get(k) for k in ("words", "own_words", "body_sensations", "text")]
        if not self.errors and not any(filled) and data.get("intensity") is None:
            raise forms.ValidationError(_(
                "Er staat nog niets in. Kies een gevoelswoord of schrijf een paar woorden op."
            ))
        return data

    @classmethod
    def initial_for(cls, entry: DiaryEntry) -> dict[str, Any]:
        # Words of the active language become ticks; words kept from another language (or
        # typed) stay in the own-words field, so saving again keeps them.
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
