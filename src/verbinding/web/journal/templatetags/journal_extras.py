"""The "Ik heb de kaart gelezen" box, for pages this app does not own (the daily card)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from verbinding.web.journal import pages

register = template.Library()


@register.inclusion_tag("journal/_card_mark_box.html", takes_context=True)
def card_mark(context: template.Context, history: bool = True) -> dict[str, Any]:
    request = context["request"]
    if not request.user.is_authenticated:
        return {"hidden": True}
    card = pages.card_context(request.user, timezone.localdate(), request.path)
    return {**card, "history": history, "csrf_token": context.get("csrf_token")}


@register.filter
def rating_label(value: int | None) -> str:
    from verbinding.web.journal.services import RATING_LABELS

    if value is None or not 0 <= value < len(RATING_LABELS):
        return _("niet ingevuld")
    return _(RATING_LABELS[value])


@register.filter
def exercise_title(exercise_id: str) -> str:
    from verbinding.content import library

    found = library().exercise(exercise_id)
    return found[1].title if found else exercise_id
