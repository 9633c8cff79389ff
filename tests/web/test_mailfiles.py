"""Mail written to files (no SMTP): readable by the app's user only, gone with the account."""

from __future__ import annotations

import stat
from pathlib import Path

from django.core import mail
from django.core.mail import EmailMessage, get_connection
from django.test import Client, override_settings

from conftest import PASSWORD
from verbinding.web.mailfiles import forget_mail_to

BACKEND = "verbinding.web.mailfiles.PrivateFileBackend"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_production_writes_mail_files_with_the_private_backend() -> None:
    from verbinding.web import settings as production

    if not production.EMAIL_HOST:
        assert production.EMAIL_BACKEND == BACKEND


def test_mail_files_keep_reset_links_private_0600_in_a_0700_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # as Django's own backend left it
    connection = get_connection(BACKEND, file_path=str(folder))
    EmailMessage("Nieuw wachtwoord", "http://x/account/nieuw-wachtwoord/abc/",
                 to=["anna@example.nl"], connection=connection).send()
    files = list(folder.iterdir())
    assert len(files) == 1
    assert _mode(folder) == 0o700
    assert _mode(files[0]) == 0o600


def test_deleting_an_account_deletes_the_mail_sent_to_it(tmp_path: Path, user_a,
                                                         user_b) -> None:
    with override_settings(EMAIL_BACKEND=BACKEND, EMAIL_FILE_PATH=str(tmp_path)):
        Client().post("/account/wachtwoord-vergeten/", {"email": user_a.email})
        # One connection, two people: Bas's mail shares a file with Anna's and stays.
        with get_connection() as connection:
            connection.send_messages([
                EmailMessage("Voor Anna", "geheim", to=[user_a.email]),
                EmailMessage("Voor Bas", "van Bas", to=[user_b.email]),
            ])
        assert "nieuw-wachtwoord" in _all_mail(tmp_path)
        anna = Client()
        anna.force_login(user_a)
        response = anna.post("/account/verwijderen/", {"password": PASSWORD})
        assert response.status_code == 200
        left = _all_mail(tmp_path)
    assert "nieuw-wachtwoord" not in left and "anna@example.nl" not in left
    assert "van Bas" in left
    assert mail.outbox == []  # nothing went to the test outbox: the files were the mail


def test_forgetting_mail_matches_the_address_in_any_case(tmp_path: Path) -> None:
    connection = get_connection(BACKEND, file_path=str(tmp_path))
    EmailMessage("Hallo", "tekst", to=["Anna <ANNA@Example.nl>"], connection=connection).send()
    assert forget_mail_to("anna@example.nl", tmp_path) == 1
    assert list(tmp_path.iterdir()) == []


def _all_mail(folder: Path) -> str:
    return "".join(p.read_text() for p in folder.glob("*.log"))
