"""Production rules as Django system checks (`verbinding check --deploy`).

Django's own deploy checks cover cookies, HSTS and the redirect to HTTPS; these add what
is particular to this app: the files that hold its secrets must be private.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from verbinding import crypto


def _too_open(path: Path, allowed: int) -> bool:
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    return bool(mode & ~allowed)


@register(Tags.security, deploy=True)
def private_files(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    found: list[Any] = []
    data = Path(settings.DATA_DIR)
    for name, what in (("secret_key", "de geheime sleutel"),
                       (crypto.KEY_FILE_NAME, "de versleutelsleutel")):
        if _too_open(data / name, 0o600):
            found.append(Error(
                f"{data / name} ({what}) is leesbaar voor anderen; zet hem op 0600 "
                "(chmod 600).",
                id="verbinding.E001",
            ))
    if _too_open(data, 0o700):
        found.append(Warning(
            f"De datamap {data} is toegankelijk voor anderen; zet hem op 0700 (chmod 700).",
            id="verbinding.W001",
        ))
    return found


@register(Tags.security, deploy=True)
def debug_off_in_production(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    if settings.DEBUG and getattr(settings, "HTTPS", False):
        return [Error("VERBINDING_DEBUG staat aan terwijl de app via HTTPS in productie draait.",
                      id="verbinding.E002")]
    return []


@register(Tags.security, deploy=True)
def production_addresses_and_mail(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """Settings that look harmless alone but break a production site's safety.

    A wildcard host lets anyone's Host header into password-reset links; an http:// site
    address sends links (and so tokens) in the clear; without SMTP no reset mail leaves.
    """
    found: list[Any] = []
    if "*" in settings.ALLOWED_HOSTS:
        found.append(Error(
            "VERBINDING_ALLOWED_HOSTS bevat '*'; noem de echte hostnaam van de site.",
            id="verbinding.E003",
        ))
    if not getattr(settings, "HTTPS", False):
        return found
    if not settings.SITE_URL.startswith("https://"):
        found.append(Error(
            f"VERBINDING_SITE_URL ({settings.SITE_URL}) begint niet met https:// terwijl "
            "VERBINDING_HTTPS aan staat.",
            id="verbinding.E004",
        ))
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        found.append(Error(
            "Er is geen mailserver ingesteld (VERBINDING_EMAIL_HOST): in productie komen "
            "wachtwoord- en herinneringsmails dan nooit aan.",
            id="verbinding.E005",
        ))
    return found
