"""Mail written to files (no SMTP server configured): private, and gone with the account.

Such files hold password-reset and verification links, which are keys to an account. So
the folder is 0700 and each file 0600 (Django's own file backend leaves them readable by
every user of the machine), and deleting an account deletes the mail sent to it.
"""

from __future__ import annotations

import os
from email import message_from_bytes
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends import filebased

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# Django's file backend writes the messages of one connection into one file, each
# followed by this line.
SEPARATOR = b"-" * 79 + b"\n"


class PrivateFileBackend(filebased.EmailBackend):
    """Django's file backend, with files and folder for the app's own user only."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, FOLDER_MODE)

    def open(self) -> bool:
        if self.stream is not None:
            return False
        # Created 0600 from the start: no moment in which another user could open it.
        fd = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        self.stream = os.fdopen(fd, "ab")
        return True


def mail_folder() -> Path | None:
    """The folder mail files are written to, or None when mail goes out by SMTP."""
    if not settings.EMAIL_BACKEND.endswith(("PrivateFileBackend", "filebased.EmailBackend")):
        return None
    return Path(settings.EMAIL_FILE_PATH)


def _recipients(raw: bytes) -> set[str]:
    message = message_from_bytes(raw)
    fields = [str(v) for key in ("To", "Cc", "Bcc") for v in message.get_all(key, [])]
    return {address.strip().lower() for _name, address in getaddresses(fields)}


def forget_mail_to(address: str, folder: Path | None = None) -> int:
    """Remove every written message addressed to `address`; returns how many.

    A file that also holds mail for someone else keeps that mail."""
    folder = folder or mail_folder()
    if folder is None or not folder.is_dir():
        return 0
    address = address.strip().lower()
    removed = 0
    for path in sorted(folder.glob("*.log")):
        parts = [p for p in path.read_bytes().split(SEPARATOR) if p.strip()]
        kept = [p for p in parts if address not in _recipients(p)]
        removed += len(parts) - len(kept)
        if not kept:
            path.unlink()
        elif len(kept) < len(parts):
            path.write_bytes(b"".join(p + SEPARATOR for p in kept))
    return removed
