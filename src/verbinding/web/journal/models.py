"""What a person keeps while practising: a diary, weekly signs, reactions, card readings.

Every row points at its user with ON DELETE CASCADE, so deleting an account deletes all of
it (and the data export finds these tables by walking the foreign keys).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinding.web.fields import EncryptedTextField

INTENSITY_MAX = 10
RATING_MAX = 4


class DiaryEntry(models.Model):
    """One diary note. The free text is health data, so it is encrypted at rest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_entries"
    )
    date = models.DateField(_("datum"), default=timezone.localdate)
    exercise_id = models.CharField(_("oefening"), max_length=64, blank=True)
    body_sensations = EncryptedTextField(_("wat je in je lichaam merkte"), blank=True)
    # A JSON list of words; encrypted like the rest, since which feelings someone had
    # says as much as the text.
    emotion_words = EncryptedTextField(_("gevoelswoorden"), blank=True)
    text = EncryptedTextField(_("wat je wilt opschrijven"), blank=True)
    intensity = models.PositiveSmallIntegerField(_("hoe sterk"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(intensity__isnull=True) | Q(intensity__lte=INTENSITY_MAX),
                name="diary_intensity_0_to_10",
            )
        ]

    def __str__(self) -> str:
        return f"dagboek {self.pk} ({self.date})"

    @property
    def words(self) -> list[str]:
        if not self.emotion_words:
            return []
        try:
            loaded = json.loads(self.emotion_words)
        except ValueError:
            return []
        return [str(w) for w in loaded] if isinstance(loaded, list) else []

    @words.setter
    def words(self, value: list[str]) -> None:
        self.emotion_words = json.dumps(value, ensure_ascii=False) if value else ""


class SignRating(models.Model):
    """How true one sign of improvement was for a person in one week (0–4)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ratings"
    )
    week = models.DateField(_("week (maandag)"))
    sign_id = models.CharField(max_length=64)
    value = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["week", "sign_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week", "sign_id"], name="one_rating_per_sign_per_week"
            ),
            models.CheckConstraint(condition=Q(value__lte=RATING_MAX), name="rating_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.sign_id} {self.week}: {self.value}"


class InteractionKind(models.TextChoices):
    POSITIVE = "positive", _("Positief gereageerd")
    NEGATIVE = "negative", _("Minder vriendelijk gereageerd")
    REPAIR_STARTED = "repair_started", _("Iets goed willen maken")
    REPAIR_RECEIVED = "repair_received", _("Een herstelpoging aangenomen")


class Interaction(models.Model):
    """One tap in the reaction log: how you reacted to your partner or someone close."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions"
    )
    occurred_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["user", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"


class CardReading(models.Model):
    """One time a person read the daily card of secure characteristics."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_readings"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"kaart gelezen {self.read_at:%Y-%m-%d %H:%M}"
