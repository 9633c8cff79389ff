"""A person's reminders: when to read the daily card, when to practise, and how to hear it.

Two ways to be reminded: a private calendar feed (the calendar app does the reminding) and
e-mail sent by `verbinding send-reminders`. The feed link holds a secret token; only its
SHA-256 is used to find the person, and the token itself is kept encrypted so the settings
page can show the link again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.web.assessments.models import hash_token, new_token
from verbinding.web.fields import EncryptedTextField

MAX_CARD_TIMES = 8
MAX_ATTEMPTS = 3


class ReminderSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    # ["08:00", "13:00", ...], sorted, at most MAX_CARD_TIMES.
    card_times = models.JSONField(default=list, blank=True)
    # [{"weekday": 0, "time": "19:30"}, ...]; weekday 0 is Monday, as in Python.
    practice_slots = models.JSONField(default=list, blank=True)
    email_enabled = models.BooleanField(default=False)
    feed_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    feed_token = EncryptedTextField(blank=True)
    # Calendar apps recognise an event by its UID: this keeps them stable when the link
    # is renewed, and says nothing about the person.
    calendar_id = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("herinneringsinstellingen")
        verbose_name_plural = _("herinneringsinstellingen")

    def __str__(self) -> str:
        return f"herinneringen van gebruiker {self.user_id}"

    @property
    def has_any(self) -> bool:
        return bool(self.card_times or self.practice_slots)

    def renew_feed_token(self) -> str:
        """Give the feed a new secret link; the old one stops working when this is saved."""
        token = new_token()
        self.feed_token = token
        self.feed_token_hash = hash_token(token)
        return token


class DeliveryKind(models.TextChoices):
    CARD = "card", _("dagkaart")
    PRACTICE = "practice", _("oefenen")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("bezig")
    SENT = "sent", _("verstuurd")
    FAILED = "failed", _("niet gelukt")


class ReminderDelivery(models.Model):
    """One e-mail reminder for one moment. The row is the claim: it exists at most once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    moment = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=DeliveryKind.choices)
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-moment", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "moment", "kind"], name="one_delivery_per_moment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.moment:%Y-%m-%d %H:%M} {self.status}"
