"""Where the app keeps its data, and the few values read from the environment.

Small typed readers fail loudly on a bad value instead of guessing, so a typo in a
deployment shows up at start-up rather than as odd behaviour later.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_NAME = "verbinding"


class ConfigError(ValueError):
    pass


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on", "ja"}:
        return True
    if value in {"0", "false", "no", "off", "nee"}:
        return False
    raise ConfigError(f"{name} moet true of false zijn, niet {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} moet een geheel getal zijn, niet {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Django's database settings from DATABASE_URL (PostgreSQL only; SQLite is the default).

    Connections are kept between requests and checked before reuse, as for SQLite."""
    import dj_database_url

    if not url.startswith(("postgres://", "postgresql://")):
        scheme = url.split(":", 1)[0]
        raise ConfigError(
            f"DATABASE_URL moet met postgres:// of postgresql:// beginnen, niet {scheme!r}"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is niet te lezen: {exc}") from None
    return dict(config)


def data_dir() -> Path:
    """The data directory: VERBINDING_DATA_DIR, else the platform's user data dir."""
    override = os.environ.get("VERBINDING_DATA_DIR")
    path = Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def instruments_dir() -> Path:
    """Where a practice installs instrument versions (e.g. written by `verbinding
    calibrate`): `instruments/` in the data directory. The web app and the CLI both ask
    here, so they always agree on which version is current."""
    return data_dir() / "instruments"


def _read_or_create_secret(path: Path, make: Callable[[], str]) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    value = make()
    # O_EXCL: if two processes start at once, exactly one writes and both read the same key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value


def secret_key() -> str:
    """Django's secret key: VERBINDING_SECRET_KEY, else a file (mode 0600) made on first run."""
    from_env = os.environ.get("VERBINDING_SECRET_KEY")
    if from_env:
        return from_env
    return _read_or_create_secret(data_dir() / "secret_key", lambda: secrets.token_urlsafe(50))
