"""How long the clinic keeps its files, and removing what is past that.

A client file (`ClientRecord`, with its notes and audit lines) is kept for
`CLINIC_FILE_RETENTION_YEARS` after it was closed (the sharing ended, or the client's
account was deleted); lines about no client (logins, invitations made) for as long,
counted from when they were written. Nothing is removed by itself: an operator runs
`verbinding purge-clinic-files`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from verbinding.web.clinic.models import AuditEvent, ClientRecord, TherapistNote


@dataclass(frozen=True)
class Purge:
    files: int
    notes: int
    lines: int


def cutoff(now: dt.datetime, years: int) -> dt.datetime:
    """`years` calendar years before `now` (29 February falls back to the 28th)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def _expired(now: dt.datetime) -> tuple[QuerySet[ClientRecord], QuerySet[AuditEvent]]:
    limit = cutoff(now, settings.CLINIC_FILE_RETENTION_YEARS)
    files = ClientRecord.objects.filter(closed_at__lt=limit)
    lines = AuditEvent.objects.filter(
        Q(client_record__in=files) | Q(client_record__isnull=True, at__lt=limit)
    )
    return files, lines


def expired(now: dt.datetime) -> Purge:
    """What a purge at `now` would remove, counted."""
    files, lines = _expired(now)
    notes = TherapistNote.objects.filter(client_record__in=files)
    return Purge(files.count(), notes.count(), lines.count())


def purge(now: dt.datetime | None = None) -> Purge:
    """Remove the files and lines past the retention period, all or nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        found = expired(now)
        files, lines = _expired(now)
        # The lines first: deleting a record would only clear their key to it.
        AuditEvent.objects.filter(pk__in=list(lines.values_list("pk", flat=True))).delete()
        files.delete()  # the notes go with their record
    return found
