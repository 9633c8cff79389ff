"""Fetching a person's own objects: anything not theirs is a 404, whether it exists or not."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.http import Http404, HttpRequest

M = TypeVar("M", bound=models.Model)


def owned_or_404(model: type[M], request: HttpRequest, pk: int, what: str) -> M:
    """`model` row `pk` if it belongs to the logged-in user (its `user` field), else 404."""
    found = model._default_manager.filter(pk=pk, user=request.user).first()
    if found is None:
        raise Http404(f"{what} niet gevonden")
    return found
