"""The clinic keeps its files for the retention period, and only an operator's purge
removes what is past it. Times are relative to now, never a calendar date."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from typer.testing import CliRunner

from clinic_personas import share
from verbinding.cli import app
from verbinding.web.clinic import retention, services
from verbinding.web.clinic.models import AuditEvent, ClientRecord, TherapistNote

runner = CliRunner()
YEAR = timedelta(days=366)


def _closed_file(client, therapist, years_ago: int) -> ClientRecord:
    sharing = share(client, therapist)
    services.add_note(sharing, f"notitie {years_ago} jaar")
    services.end_sharing(sharing)
    file = ClientRecord.objects.get(therapist=therapist, client=client)
    file.closed_at = timezone.now() - years_ago * YEAR
    file.save(update_fields=["closed_at"])
    return file


def test_the_purge_removes_only_files_closed_longer_than_twenty_years_ago(
    user_a, user_b, tineke, otto
) -> None:
    old = _closed_file(user_a, tineke, 21)
    recent = _closed_file(user_b, tineke, 19)
    open_file = services.client_record_for(otto, share(user_a, otto).client)
    old_login = AuditEvent.objects.create(actor=tineke, actor_email=tineke.email,
                                          action=AuditEvent.Action.LOGIN, what="ingelogd",
                                          at=timezone.now() - 21 * YEAR)

    result = runner.invoke(app, ["purge-clinic-files", "--yes"])

    assert result.exit_code == 0, result.output
    assert "Gewist: 1 dossiers, 1 notities" in result.output
    assert not ClientRecord.objects.filter(pk=old.pk).exists()
    assert not AuditEvent.objects.filter(pk=old_login.pk).exists()
    assert not AuditEvent.objects.filter(client_record_id=old.pk).exists()
    assert set(ClientRecord.objects.values_list("pk", flat=True)) == {recent.pk, open_file.pk}
    assert TherapistNote.objects.get().text == "notitie 19 jaar"


def test_the_purge_asks_first_and_a_no_removes_nothing(user_a, tineke) -> None:
    _closed_file(user_a, tineke, 21)
    result = runner.invoke(app, ["purge-clinic-files"], input="n\n")
    assert result.exit_code == 1
    assert "Niets gewist." in result.output
    assert ClientRecord.objects.count() == 1 and TherapistNote.objects.count() == 1


def test_the_retention_period_counts_calendar_years(db) -> None:
    leap_day = timezone.now().replace(year=2028, month=2, day=29)
    assert retention.cutoff(leap_day, 1).timetuple()[:3] == (2027, 2, 28)


def test_purge_clinic_files_help_is_complete() -> None:
    result = runner.invoke(app, ["purge-clinic-files", "--help"], terminal_width=120)
    assert result.exit_code == 0
    assert "--yes" in result.output and "VERBINDING_RETENTION_YEARS" in result.output
