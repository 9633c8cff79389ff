"""Self-tests, their assessments, answers and immutable results.

A person without an account owns what they made through a secret token (in their private
resume link). Only a SHA-256 of the token is stored: whoever reads the database cannot
use it to open someone's answers through the app.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from verbinding import interpret
from verbinding.i18n import SOURCE_LANGUAGE
from verbinding.web.fields import EncryptedTextField

if TYPE_CHECKING:
    from verbinding.web.accounts.models import User

TOKEN_BYTES = 24  # 192 bits


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class SelfTestQuerySet(models.QuerySet["SelfTest"]):
    def submitted_by(self, user: User) -> SelfTestQuerySet:
        """`user`'s finished self-tests, oldest first (`.last()` is the latest)."""
        return self.filter(owner=user, submitted_at__isnull=False).order_by("submitted_at", "id")


class SelfTest(models.Model):
    """One sitting: `vier-stijlen` plus the `relatie` form for each chosen relationship."""

    objects = SelfTestQuerySet.as_manager()

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    # Set when a person with an account starts it, or claims it from its private link.
    # The token keeps working either way; the owner can also open it without the link.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="selftests",
    )
    language = models.CharField(max_length=8, default=SOURCE_LANGUAGE)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Targets marked "niet van toepassing / geen contact" at the start (ids from the relatie
    # file, never typed text): no part is made for them, and the result says so.
    skipped_targets = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"zelftest {self.public_id}"


class Assessment(models.Model):
    """One instrument answered once, for one target (relationship) where it has targets."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Every assessment lives in a self-test, whose token opens it; one made through the API
    # on its own is a self-test with a single part.
    selftest = models.ForeignKey(SelfTest, on_delete=models.CASCADE, related_name="assessments")
    position = models.PositiveSmallIntegerField(default=0)
    instrument_id = models.CharField(max_length=64)
    instrument_version = models.CharField(max_length=80)
    target = models.CharField(max_length=32, blank=True)
    # The name a person gave for "one person you choose": private, so encrypted at rest.
    target_name = EncryptedTextField(blank=True)
    language = models.CharField(max_length=8, default=SOURCE_LANGUAGE)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["selftest", "position"], name="one_assessment_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id}/{self.target or '-'} {self.public_id}"


class Answer(models.Model):
    """The latest answer to one item: written on every change, never duplicated."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(max_length=32)
    value = models.SmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_id"], name="one_answer_per_item")
        ]


class Immutable(models.Model):
    """Written once; any later save is a programming error, not something to allow."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} is immutable once stored")
        super().save(*args, **kwargs)


class Result(Immutable):
    """Scores computed at submit time; never changed afterwards."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="result")
    scores = models.JSONField()
    profile = models.JSONField()
    instrument_version = models.CharField(max_length=80)
    scoring_version = models.CharField(max_length=32)
    # What the scores were read as (care box, verdict, highlighted styles), kept so that a
    # later change of a rule in `verbinding.interpret` never rewrites an old report.
    interpretation = models.JSONField(default=dict)
    interpretation_version = models.CharField(max_length=16, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and not self.interpretation_version:
            self.read_now()
        super().save(*args, **kwargs)

    def read_now(self) -> None:
        """Keep today's reading of these scores (only ever before the first save)."""
        self.interpretation = interpret.read_result(self.profile, self.scores).to_json()
        self.interpretation_version = interpret.VERSION

    def reading(self, position: int = -1) -> interpret.Reading:
        """The kept reading; `position` is the part's place in its self-test."""
        return interpret.from_json(self.interpretation, self.interpretation_version, position)


class SelfTestReport(Immutable):
    """The charts of a submitted self-test, rendered once and kept with their text alternatives."""

    selftest = models.OneToOneField(SelfTest, on_delete=models.CASCADE, related_name="report")
    profile_svg = models.TextField()
    profile_alt = models.TextField()
    # The plane's labels and text alternative carry the name of "a person you choose",
    # which the person typed: encrypted like the name itself (Assessment.target_name).
    plane_svg = EncryptedTextField()
    plane_alt = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)


class ResearchConsent(models.Model):
    """A person's choice to give the answers of one self-test to research, anonymously.

    It exists only while the person agrees: withdrawing deletes it, as long as no export
    has taken the answers out (`exported_at`); after that they can no longer be found, so
    nothing could be taken back. `text_version` is the wording the person agreed to.
    """

    selftest = models.OneToOneField(
        SelfTest, on_delete=models.CASCADE, related_name="research_consent"
    )
    text_version = models.CharField(max_length=16)
    # Optional, chosen (not typed) by the person on the consent page; encrypted all the
    # same: with the answers they say more about someone than anything else here.
    age_band = EncryptedTextField(blank=True)
    gender = EncryptedTextField(blank=True)
    given_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"onderzoek {self.selftest.public_id} ({self.text_version})"
