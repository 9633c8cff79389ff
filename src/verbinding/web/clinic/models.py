"""The clinic (the therapist side): invitations, what a client shares with whom, notes, audit.

Sharing is the client's choice, per therapist and per kind of data; ending it takes
effect on the next request, because every therapist page looks the sharing up again.

Two owners. The client's consent (`Sharing`), retake requests and invitations they used
go with the client's account. The clinic's file (`ClientRecord`: the therapist's
notes and the audit trail about the client) belongs to the clinic: a Dutch care provider
must keep it (WGBO, 20 years; NEN 7513 for the access log), so it survives the end of
sharing and the deletion of either account, tied to a pseudonymous record. Only
`verbinding purge-clinic-files` removes it, after the retention period.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from verbinding.web.fields import EncryptedTextField

INVITATION_DAYS = 14

# What a client can choose to share, in the order the consent page asks. The diary is
# the most private and is the only choice that starts off.
SHARE_FIELDS = ("share_profiles", "share_signs", "share_reactions", "share_practice", "share_diary")


class Invitation(models.Model):
    """A single-use link a therapist gives a client; only the token's SHA-256 is stored.

    The row is the therapist's: its label is their private word about the client, so it
    stays out of the client's data export (it is still deleted with the client)."""

    not_exported_via = ("used_by",)

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_made"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # A name the therapist uses to recognise the invitation; says who the client is.
    label = EncryptedTextField(_("naam of kenmerk (alleen voor jou)"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations_used",
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.expires_at is None:
            self.expires_at = self.created_at + timedelta(days=INVITATION_DAYS)
        super().save(*args, **kwargs)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class SharingQuerySet(models.QuerySet["Sharing"]):
    def active(self) -> SharingQuerySet:
        return self.filter(ended_at__isnull=True)


class Sharing(models.Model):
    """A client's consent: which of their data one therapist may see, until they end it."""

    objects = SharingQuerySet.as_manager()

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sharings"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients_shared"
    )
    share_profiles = models.BooleanField(
        _("profielen en herhalingen van de zelftest"), default=True
    )
    share_signs = models.BooleanField(_("tekenen dat het beter gaat"), default=True)
    share_reactions = models.BooleanField(_("reacties en herstelpogingen"), default=True)
    share_practice = models.BooleanField(_("oefeningen die je deed"), default=True)
    share_diary = models.BooleanField(_("je dagboek"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "therapist"],
                condition=Q(ended_at__isnull=True),
                name="one_active_sharing_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} → {self.therapist}"

    def shares(self, what: str) -> bool:
        return bool(getattr(self, f"share_{what}"))

    @classmethod
    def share_field(cls, name: str) -> models.Field[Any, Any]:
        """One of SHARE_FIELDS: the model's own boolean fields, never a relation."""
        return cast("models.Field[Any, Any]", cls._meta.get_field(name))

    def shared_labels(self) -> list[str]:
        return [
            str(self.share_field(name).verbose_name)
            for name in SHARE_FIELDS
            if getattr(self, name)
        ]


class RetakeRequest(models.Model):
    """A therapist asks a client to take the self-test again; done when they submit one."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="retake_requests"
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="retakes_asked"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class ClientRecord(models.Model):
    """The clinic's file on one client of one therapist: pseudonymous, and kept.

    While the client's account exists, `client` points at it; when the account is
    deleted the link is cleared and the record lives on under its reference and the
    therapist's own label. `closed_at` says since when nobody shares (retention counts
    from there)."""

    not_exported_via = ("client",)  # the clinic's, not the client's to take along

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="client_records",
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="client_records_about",
    )
    # The therapist's own name for the client, from the invitation: says who it is.
    label = EncryptedTextField(_("naam of kenmerk (alleen voor jou)"), blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["therapist", "client"],
                condition=Q(client__isnull=False, therapist__isnull=False),
                name="one_client_record_per_pair",
            )
        ]

    def __str__(self) -> str:
        return self.label or self.reference

    @property
    def reference(self) -> str:
        """A short pseudonym that says nothing about the person."""
        return "D-" + self.public_id.hex[:8].upper()


class TherapistNote(models.Model):
    """A therapist's private note about a client: encrypted, never shown to the client.

    It belongs to the clinic's file (`ClientRecord`): in the therapist's data export,
    not the client's, and kept when the sharing ends or either account is deleted."""

    not_exported_via = ("client_record",)

    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="notes_written",
    )
    client_record = models.ForeignKey(
        ClientRecord, on_delete=models.CASCADE, related_name="notes"
    )
    text = EncryptedTextField(_("notitie"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]


class AuditEvent(models.Model):
    """One line of the clinic's access log (NEN 7513): someone looked at or changed a
    client's data, an invitation or consent changed, or someone logged in or out."""

    # Reachable through the client record too; the client's own lines come via `client`.
    not_exported_via = ("client_record",)

    class Action(models.TextChoices):
        VIEW = "view", _("bekeken")
        CHANGE = "change", _("gewijzigd")
        DOWNLOAD = "download", _("gedownload")
        INVITATION = "invitation", _("uitnodiging")
        CONSENT = "consent", _("toestemming")
        LOGIN = "login", _("ingelogd")
        LOGOUT = "logout", _("uitgelogd")
        LOGIN_FAILED = "login_failed", _("inloggen mislukt")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Kept as text too, so the log still says who it was if that account is removed.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_email = models.CharField(max_length=254)
    # The client's account while it exists; the record keeps the line after that.
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="audit_events",
    )
    client_record = models.ForeignKey(
        ClientRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    what = models.CharField(max_length=200)

    # Filled in by the practice's pages just before they show an event, in the reader's
    # language (services.describe, services.client_column); never stored.
    described: str
    about: str

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="audit_client_at")]


class InstrumentCheckSnapshot(models.Model):
    """The figures of the clinic-level questionnaire check, frozen until enough new
    answers have come in (`instrumentcheck.NEW_FOR_REFRESH`).

    Recomputing on every view would let anyone who sees two views, one person apart,
    work out that person's scores from the difference of the means."""

    instrument_id = models.CharField(max_length=80)
    instrument_hash = models.CharField(max_length=64)
    target = models.CharField(max_length=40, blank=True)
    made_at = models.DateTimeField(default=timezone.now)
    # The assessments the figures were computed over: only to count what is new since.
    assessment_ids = models.JSONField(default=list)
    analysis = models.JSONField()

    class Meta:
        ordering = ["-made_at", "-id"]
