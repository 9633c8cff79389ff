"""Encryption of free text at rest (diary entries, names, notes).

Keys are Fernet keys (AES-128-CBC with HMAC-SHA256, random IV per message). Where they
come from, in order:

1. ``VERBINDING_ENCRYPTION_KEYS``: one or more keys separated by commas. The first key
   encrypts; all of them decrypt, so a key can be rotated by putting a new one in front.
2. Otherwise the file ``encryption.key`` in the data directory, created with mode 0600 on
   first use. Without this file (or the environment value) encrypted text cannot be read:
   back it up together with the database, but keep it apart from database dumps that
   leave the machine.

Stored values look like ``enc1:<fernet token>``; the prefix leaves room for another scheme
later and makes an unencrypted value impossible to mistake for an encrypted one.
"""

from __future__ import annotations

import os
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from verbinding.config import ConfigError, _read_or_create_secret, data_dir

PREFIX = "enc1:"
KEY_FILE_NAME = "encryption.key"
ENV_NAME = "VERBINDING_ENCRYPTION_KEYS"


class DecryptionError(ValueError):
    """Stored text could not be decrypted: wrong or missing key, or tampered data."""


def _new_key() -> str:
    return Fernet.generate_key().decode("ascii")


def key_file_path() -> str:
    return str(data_dir() / KEY_FILE_NAME)


def _raw_keys() -> list[str]:
    from_env = os.environ.get(ENV_NAME, "")
    keys = [part.strip() for part in from_env.split(",") if part.strip()]
    if keys:
        return keys
    return [_read_or_create_secret(data_dir() / KEY_FILE_NAME, _new_key)]


@cache
def _cipher() -> MultiFernet:
    fernets = []
    for number, key in enumerate(_raw_keys(), start=1):
        try:
            fernets.append(Fernet(key.encode("ascii")))
        except (ValueError, UnicodeEncodeError):
            raise ConfigError(
                f"versleutelsleutel {number} is geen geldige Fernet-sleutel "
                "(32 bytes, url-safe base64)"
            ) from None
    return MultiFernet(fernets)


def reset_cache() -> None:
    """Forget the loaded keys (tests that switch keys; a key rotation in a running shell)."""
    _cipher.cache_clear()


def encrypt(text: str) -> str:
    token = _cipher().encrypt(text.encode("utf-8"))
    return PREFIX + token.decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise DecryptionError("waarde is niet versleuteld opgeslagen")
    try:
        return _cipher().decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            "versleutelde tekst kan niet worden gelezen: verkeerde of ontbrekende sleutel"
        ) from None


def rotate(stored: str) -> str:
    """Re-encrypt with the current (first) key."""
    return PREFIX + _cipher().rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")


def seal(text: str) -> str:
    """`text` encrypted and timestamped, safe in a URL: for links sent by e-mail that must
    carry a value (a new address) without showing it to anyone who sees the link."""
    return _cipher().encrypt(text.encode("utf-8")).decode("ascii")


def unseal(token: str, max_age_seconds: int) -> str:
    """The text of a `seal` token not older than `max_age_seconds`; DecryptionError if it
    is too old, tampered with or not ours."""
    try:
        return _cipher().decrypt(token.encode("ascii"), ttl=max_age_seconds).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise DecryptionError("deze link is verlopen of niet geldig") from None
