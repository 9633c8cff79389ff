"""What django-axes counts failed logins by (settings.AXES_USERNAME_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def login_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address as the account knows it: logins ignore case and surrounding spaces
    (User.objects.get_by_natural_key), so the lockout must too, or every spelling of one
    address would get its own five tries."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    return str(source.get("username") or "").strip().lower()
