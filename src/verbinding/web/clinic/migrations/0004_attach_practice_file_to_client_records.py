"""Give every therapist–client pair its client record, and hang the existing notes and
audit lines on it, so they survive the end of sharing and the client's deletion."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def attach(apps: Any, schema_editor: Any) -> None:
    ClientRecord = apps.get_model("clinic", "ClientRecord")
    Sharing = apps.get_model("clinic", "Sharing")
    Invitation = apps.get_model("clinic", "Invitation")
    TherapistNote = apps.get_model("clinic", "TherapistNote")
    AuditEvent = apps.get_model("clinic", "AuditEvent")
    records: dict[tuple[int, int], Any] = {}

    def record_for(therapist_id: int, client_id: int) -> Any:
        key = (therapist_id, client_id)
        if key not in records:
            sharings = Sharing.objects.filter(therapist_id=therapist_id, client_id=client_id)
            first = sharings.order_by("created_at").first()
            last_end = sharings.order_by("-ended_at").values_list("ended_at", flat=True).first()
            invitation = (
                Invitation.objects.filter(therapist_id=therapist_id, used_by_id=client_id)
                .order_by("-used_at").first()
            )
            open_now = sharings.filter(ended_at__isnull=True).exists()
            records[key] = ClientRecord.objects.create(
                therapist_id=therapist_id, client_id=client_id,
                label=invitation.label if invitation else "",
                opened_at=first.created_at if first else timezone.now(),
                closed_at=None if open_now else (last_end or timezone.now()),
            )
        return records[key]

    for therapist_id, client_id in Sharing.objects.values_list("therapist_id", "client_id"):
        record_for(therapist_id, client_id)
    for note in TherapistNote.objects.all():
        note.client_record = record_for(note.therapist_id, note.client_id)
        note.save(update_fields=["client_record"])
    # Lines written by a therapist about a client belong to that pair's record.
    for event in AuditEvent.objects.filter(
        client__isnull=False, actor__role="therapist", client_record__isnull=True
    ):
        event.client_record = record_for(event.actor_id, event.client_id)
        event.save(update_fields=["client_record"])


class Migration(migrations.Migration):
    dependencies = [("clinic", "0003_client_records")]

    operations = [migrations.RunPython(attach, migrations.RunPython.noop)]
