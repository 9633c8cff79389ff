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
