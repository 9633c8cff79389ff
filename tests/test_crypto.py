"""Encryption of free text at rest: the key file, rotation, and refusing a wrong key."""

from __future__ import annotations

import os
import stat

import pytest
from cryptography.fernet import Fernet

from verbinding import crypto
from verbinding.config import ConfigError


@pytest.fixture
def fresh_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("VERBINDING_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(crypto.ENV_NAME, raising=False)
    crypto.reset_cache()
    yield tmp_path
    crypto.reset_cache()


def test_the_key_file_is_made_on_first_use_with_mode_0600(fresh_keys):
    stored = crypto.encrypt("mijn dagboek")
    key_file = fresh_keys / crypto.KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert stored.startswith(crypto.PREFIX) and "dagboek" not in stored
    assert crypto.decrypt(stored) == "mijn dagboek"
    # The same plaintext encrypts differently each time (random IV).
    assert crypto.encrypt("mijn dagboek") != stored


def test_a_new_key_in_front_still_reads_old_text_and_encrypts_with_the_new(
    fresh_keys, monkeypatch
):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv(crypto.ENV_NAME, old)
    crypto.reset_cache()
    before = crypto.encrypt("oud")
    monkeypatch.setenv(crypto.ENV_NAME, f"{new},{old}")
    crypto.reset_cache()
    assert crypto.decrypt(before) == "oud"
    rotated = crypto.rotate(before)
    monkeypatch.setenv(crypto.ENV_NAME, new)
    crypto.reset_cache()
    assert crypto.decrypt(rotated) == "oud"
    with pytest.raises(crypto.DecryptionError, match="verkeerde of ontbrekende sleutel"):
        crypto.decrypt(before)


def test_a_malformed_key_is_a_clear_configuration_error(fresh_keys, monkeypatch):
    monkeypatch.setenv(crypto.ENV_NAME, "geen-sleutel")
    crypto.reset_cache()
    with pytest.raises(ConfigError, match="geen geldige Fernet-sleutel"):
        crypto.encrypt("x")


def test_plain_text_is_never_mistaken_for_encrypted_text(fresh_keys):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt("gewoon tekst")
