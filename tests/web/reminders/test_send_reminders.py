"""`verbinding send-reminders` against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from typer.testing import CliRunner

from verbinding.cli import app
from verbinding.web.reminders.models import ReminderDelivery, ReminderSettings
from verbinding.web.reminders.services import send_due_reminders

# Monday 3 March 2025, 08:05 in Amsterdam (winter time, +01:00).
NOW = "2025-03-03T08:05:00+01:00"
NOW_DT = dt.datetime.fromisoformat(NOW)


class Recorder:
    """An SMTP handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self._lock:
            self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


class _AnyFreePort(Controller):  # type: ignore[misc]
    """aiosmtpd's controller on port 0: the system picks a free port when the server binds,
    and the controller learns it before its own first connection (nothing is picked first
    and bound later, when another process may have taken it)."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SMTPServer:
    def __init__(self) -> None:
        self.port = 0
        self.recorder = Recorder()
        self._controller: Controller | None = None

    def start(self) -> None:
        # The first start takes a free port; a restart (the mail server coming back) takes
        # the same one again. A generous start-up time: a busy machine must not fail it.
        self._controller = _AnyFreePort(
            self.recorder, hostname="127.0.0.1", port=self.port, ready_timeout=60
        )
        self._controller.start()
        self.port = self._controller.port

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[Message]:
        return self.recorder.messages


@pytest.fixture
def smtp(settings: Any) -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://verbinding.example.nl"
    yield server
    server.stop()


def choose(user: Any, email: bool = True, **values: Any) -> ReminderSettings:
    values.setdefault("card_times", ["08:00", "13:00"])
    values.setdefault("practice_slots", [{"weekday": 0, "time": "07:55"}])
    return ReminderSettings.objects.create(user=user, email_enabled=email, **values)


def run(*args: str) -> Any:
    return CliRunner().invoke(app, ["send-reminders", *args])


def test_it_sends_each_due_moment_once_even_when_run_twice(smtp: SMTPServer, user_a, user_b):
    choose(user_a)
    choose(user_b, email=False)
    first = run("--now", NOW)
    assert first.exit_code == 0, first.output
    assert "verstuurd: 2, overgeslagen: 0, mislukt: 0" in first.output
    second = run("--now", NOW)
    assert second.exit_code == 0
    assert "verstuurd: 0, overgeslagen: 2, mislukt: 0" in second.output
    assert len(smtp.messages) == 2
    assert {m["To"] for m in smtp.messages} == {"anna@example.nl"}
    subjects = sorted(m["Subject"] for m in smtp.messages)
    assert subjects == ["Een moment voor je dagkaart", "Tijd om even te oefenen"]
    rows = ReminderDelivery.objects.filter(user=user_a)
    assert sorted((r.kind, r.status, r.attempts) for r in rows) == [
        ("card", "sent", 1),
        ("practice", "sent", 1),
    ]


def test_the_mail_is_warm_dutch_and_holds_only_a_link(smtp: SMTPServer, user_a) -> None:
    choose(user_a, practice_slots=[])
    assert run("--now", NOW).exit_code == 0
    (mail,) = smtp.messages
    body = mail.get_payload(decode=True).decode("utf-8")
    assert "Hoi Anna," in body
    assert "08:00" in body
    assert "https://verbinding.example.nl/dagkaart/" in body
    assert "https://verbinding.example.nl/herinneringen/" in body
    for private in ("veilig ", "angstig", "vermijdend", "chaotisch", "score"):
        assert private not in body


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(smtp: SMTPServer, user_a, user_b):
    choose(user_a)
    choose(user_b)
    barrier = threading.Barrier(2)
    results: list[Any] = []
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(send_due_reminders(NOW_DT, 15))
        except BaseException as exc:  # surfaced below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(r.sent for r in results) == 4
    assert sum(r.skipped for r in results) == 4
    assert len(smtp.messages) == 4
    assert ReminderDelivery.objects.filter(status="sent").count() == 4


def test_a_stopped_mail_server_marks_failures_and_a_later_run_retries(
    smtp: SMTPServer, user_a
) -> None:
    choose(user_a, practice_slots=[])
    smtp.stop()
    failed = run("--now", NOW)
    assert failed.exit_code == 1
    assert "mislukt: 1" in failed.stdout
    assert "konden niet worden verstuurd" in failed.stderr
    row = ReminderDelivery.objects.get(user=user_a)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.error

    smtp.start()
    later = run("--now", "2025-03-03T08:10:00+01:00")
    assert later.exit_code == 0, later.output
    assert "verstuurd: 1" in later.stdout
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == ("sent", 2, "")
    assert len(smtp.messages) == 1


def test_a_failed_reminder_is_tried_at_most_three_times(smtp: SMTPServer, user_a) -> None:
    choose(user_a, practice_slots=[])
    smtp.stop()
    for minute in ("05", "07", "09", "11"):
        run("--now", f"2025-03-03T08:{minute}:00+01:00")
    row = ReminderDelivery.objects.get(user=user_a)
    assert (row.status, row.attempts) == ("failed", 3)
    smtp.start()
    last = run("--now", "2025-03-03T08:12:00+01:00")
    assert last.exit_code == 0
    assert "verstuurd: 0, overgeslagen: 1" in last.stdout
    assert smtp.messages == []


def test_a_failed_reminder_is_not_retried_after_its_window(smtp: SMTPServer, user_a) -> None:
    choose(user_a, practice_slots=[])
    smtp.stop()
    run("--now", NOW)
    smtp.start()
    late = run("--now", "2025-03-03T08:20:00+01:00")
    assert "verstuurd: 0, overgeslagen: 0, mislukt: 0" in late.stdout
    assert smtp.messages == []


def test_nothing_is_due_outside_the_window(smtp: SMTPServer, user_a) -> None:
    choose(user_a)
    result = run("--now", "2025-03-03T09:30", "--window", "15")
    assert result.exit_code == 0
    assert "verstuurd: 0, overgeslagen: 0, mislukt: 0" in result.stdout


def test_a_bad_now_is_refused_in_dutch(db) -> None:
    result = run("--now", "gisteren")
    assert result.exit_code == 2
    assert "geen datum en tijd" in result.output


def test_help_explains_the_command_in_dutch() -> None:
    result = CliRunner().invoke(app, ["send-reminders", "--help"], terminal_width=120)
    assert result.exit_code == 0
    for words in ("--now", "--window", "hoogstens 3 keer", "VERBINDING_EMAIL_HOST", "cron"):
        assert words in result.output
    assert "send-reminders" in CliRunner().invoke(app, ["--help"]).output
