"""Files a person takes home: one response shape for every private download."""

from __future__ import annotations

from django.http import HttpResponse


def private_download(content: bytes, filename: str, media_type: str) -> HttpResponse:
    """An attachment that no browser or proxy keeps a copy of (it holds health data)."""
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
