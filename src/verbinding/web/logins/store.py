"""The session engine (settings.SESSION_ENGINE): sessions in the database, unreadable there.

The cookie holds a random key. The database row is found by the key's SHA-256, and the
session data is encrypted (Fernet) with a key derived from the cookie's key by HKDF. So a
copy of the database, even with the server's encryption key, neither opens a session nor
reads what is in one (resume links of self-tests, for example); and deleting a row ends
the session for every browser holding a copy of the cookie, at once.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.contrib.sessions.backends.base import CreateError, SessionBase, UpdateError
from django.db import IntegrityError, transaction
from django.utils import timezone

from verbinding.web.logins.models import BrowserSession


def key_hash(session_key: str) -> str:
    return hashlib.sha256(session_key.encode("ascii", "replace")).hexdigest()


def _fernet(session_key: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"verbinding session data"
    ).derive(session_key.encode("ascii", "replace"))
    return Fernet(base64.urlsafe_b64encode(derived))


def _user_id(data: dict[str, Any]) -> int | None:
    raw = data.get("_auth_user_id")
    return int(raw) if raw is not None else None


class SessionStore(SessionBase):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self.row: BrowserSession | None = None
        # Set by ClientMiddleware on each request: what the person's session list shows.
        self.client: dict[str, str] = {}

    if TYPE_CHECKING:
        # SessionBase's own helpers, used by Django's backends too; django-stubs leaves
        # these private methods out.
        def _get_or_create_session_key(self) -> str: ...
        def _get_new_session_key(self) -> str: ...
        def _get_session(self, no_load: bool = False) -> dict[str, Any]: ...

    # --- the data, encrypted with the cookie's own key

    def encode(self, session_dict: dict[str, Any]) -> str:
        raw = json.dumps(session_dict, separators=(",", ":")).encode("utf-8")
        return _fernet(self._get_or_create_session_key()).encrypt(raw).decode("ascii")

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        try:
            token = session_data.encode("ascii") if isinstance(session_data, str) else session_data
            raw = _fernet(self.session_key or "").decrypt(token)
            data = json.loads(raw)
        except (InvalidToken, ValueError):
            return {}  # unreadable: start afresh, as Django does with a bad signature
        return data if isinstance(data, dict) else {}

    # --- the row

    def load(self) -> dict[str, Any]:
        row = None
        if self.session_key:
            row = BrowserSession.objects.filter(
                key_hash=key_hash(self.session_key), expire_date__gt=timezone.now()
            ).first()
        self.row = row
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row.data)

    def exists(self, session_key: str | None) -> bool:
        return bool(session_key) and BrowserSession.objects.filter(
            key_hash=key_hash(session_key or "")
        ).exists()

    def create(self) -> None:
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue  # the key was taken (practically never): draw another
            self.modified = True
            return

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        now = timezone.now()
        fields = {
            "data": self.encode(data),
            "expire_date": self.get_expiry_date(),
            "user_id": _user_id(data),
            "last_seen": now,
            **self.client,
        }
        digest = key_hash(self.session_key)
        if must_create:
            try:
                with transaction.atomic():
                    self.row = BrowserSession.objects.create(
                        key_hash=digest, created_at=now, **fields
                    )
            except IntegrityError:
                raise CreateError from None
            return
        if not BrowserSession.objects.filter(key_hash=digest).update(**fields):
            raise UpdateError  # ended elsewhere meanwhile ("log out everywhere")
        return None

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        if key:
            BrowserSession.objects.filter(key_hash=key_hash(key)).delete()

    @classmethod
    def clear_expired(cls) -> None:
        BrowserSession.objects.filter(expire_date__lt=timezone.now()).delete()
