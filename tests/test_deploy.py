"""Production settings: `verbinding check --deploy`, security headers, private files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from verbinding.web.checks import private_files

PRODUCTION = {
    "VERBINDING_HTTPS": "true",
    "VERBINDING_SITE_URL": "https://praktijk.example.nl",
    "VERBINDING_ALLOWED_HOSTS": "praktijk.example.nl",
    "VERBINDING_EMAIL_HOST": "smtp.example.nl",
}


def _check_deploy(data_dir: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "VERBINDING_")) and k != "DATABASE_URL"}
    env.update(VERBINDING_DATA_DIR=str(data_dir), **extra)
    return subprocess.run(
        [sys.executable, "-m", "verbinding.cli", "check", "--deploy"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_deploy_passes_with_no_warning_in_production_mode(tmp_path) -> None:
    result = _check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_check_deploy_fails_on_a_plain_http_set_up(tmp_path) -> None:
    result = _check_deploy(tmp_path)
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_check_deploy_refuses_debug_in_production(tmp_path) -> None:
    result = _check_deploy(tmp_path, VERBINDING_DEBUG="true", **PRODUCTION)
    assert result.returncode == 1
    assert "verbinding.E002" in result.stderr


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"VERBINDING_ALLOWED_HOSTS": "*"}, "verbinding.E003"),
        ({"VERBINDING_SITE_URL": "http://praktijk.example.nl"}, "verbinding.E004"),
        ({"VERBINDING_EMAIL_HOST": ""}, "verbinding.E005"),
    ],
)
def test_check_deploy_fails_on_wildcard_hosts_http_site_url_and_no_smtp(
    tmp_path, change, error
) -> None:
    result = _check_deploy(tmp_path, **{**PRODUCTION, **change})
    assert result.returncode == 1
    assert error in result.stderr


def test_a_readable_key_file_is_an_error(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    tmp_path.chmod(0o700)
    key = tmp_path / "encryption.key"
    key.write_text("x")
    key.chmod(0o600)
    assert private_files() == []
    key.chmod(0o644)
    assert [e.id for e in private_files()] == ["verbinding.E001"]
    tmp_path.chmod(0o755)
    assert "verbinding.W001" in [e.id for e in private_files()]


def test_every_page_carries_a_strict_content_security_policy(db) -> None:
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_behind_tls_cookies_are_secure_and_hsts_is_sent(settings, db) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    client = Client()
    assert client.get("/over/").status_code == 301  # plain HTTP goes to HTTPS
    assert client.get("/health/").status_code == 200  # the load balancer's check stays
    secure = client.get("/over/", secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
