"""Diary, signs of improvement, reaction log and card readings: thin views.

Every object is fetched through `_get_entry_for`, which only finds the person's own rows;
anyone else's id is a 404, the same as an id that does not exist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from verbinding.web.journal import pages, services
from verbinding.web.journal.forms import DiaryEntryForm
from verbinding.web.journal.models import CardReading, DiaryEntry
from verbinding.web.ownership import owned_or_404
from verbinding.web.redirects import safe_next
from verbinding.web.requests import UserRequest

PAGE = "journal/"
ENTRIES_PER_PAGE = 10


def _get_entry_for(request: HttpRequest, pk: int) -> DiaryEntry:
    return owned_or_404(DiaryEntry, request, pk, "dagboekstuk")


def _bad_input(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, PAGE + "bad_input.html", {"message": message}, status=400)


# ---------------------------------------------------------------- diary


@login_required
def diary_list(request: UserRequest) -> HttpResponse:
    entries = DiaryEntry.objects.filter(user=request.user)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, PAGE + "diary_list.html", {"page": page})


@login_required
def diary_detail(request: UserRequest, pk: int) -> HttpResponse:
    entry = _get_entry_for(request, pk)
    return render(request, PAGE + "diary_detail.html", {"entry": entry})


def _diary_form(request: HttpRequest, entry: DiaryEntry, initial: dict[str, Any]) -> HttpResponse:
    form = DiaryEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.apply_to(entry).save()
        messages.success(request, _("Bewaard in je dagboek."))
        return redirect("journal:diary_detail", pk=entry.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "entry": entry, **pages.emotion_groups(form)}
    return render(request, PAGE + "diary_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def diary_new(request: UserRequest) -> HttpResponse:
    initial = {"date": timezone.localdate(), "exercise_id": request.GET.get("oefening", "")}
    return _diary_form(request, DiaryEntry(user=request.user), initial)


@login_required
@require_http_methods(["GET", "POST"])
def diary_edit(request: UserRequest, pk: int) -> HttpResponse:
    entry = _get_entry_for(request, pk)
    return _diary_form(request, entry, DiaryEntryForm.initial_for(entry))


@login_required
@require_http_methods(["GET", "POST"])
def diary_delete(request: UserRequest, pk: int) -> HttpResponse:
    entry = _get_entry_for(request, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("Het dagboekstuk is verwijderd."))
        return redirect("journal:diary_list")
    return render(request, PAGE + "diary_delete.html", {"entry": entry})


# ---------------------------------------------------------------- signs of improvement


@login_required
@require_http_methods(["GET", "POST"])
def signs_week(request: UserRequest, week: str = "") -> HttpResponse:
    today = timezone.localdate()
    try:
        monday = services.parse_week(week) if week else services.week_start(today)
    except services.InputError as exc:
        return _bad_input(request, str(exc))
    if monday > services.week_start(today):
        return _bad_input(request,
                          _("Die week is nog niet begonnen. Je kunt deze week invullen."))
    if week and week != monday.isoformat():  # any day of a week leads to its Monday
        return redirect("journal:signs_week", week=monday.isoformat())
    if request.method == "POST":
        try:
            ratings = services.parse_ratings(request.POST)
        except services.InputError as exc:
            return _bad_input(request, str(exc))
        services.save_ratings(request.user, monday, ratings)
        messages.success(request, _("Bewaard. Je kunt deze week later nog aanpassen."))
        return redirect("journal:signs_week", week=monday.isoformat())
    context = pages.signs_context(request.user, monday, today)
    return render(request, PAGE + "signs.html", context)


@login_required
def signs_progress(request: UserRequest) -> HttpResponse:
    context = pages.progress_context(request.user, timezone.localdate())
    return render(request, PAGE + "signs_progress.html", context)


# ---------------------------------------------------------------- reactions


@login_required
def reactions(request: UserRequest) -> HttpResponse:
    context = pages.reactions_context(request.user, timezone.localdate())
    return render(request, PAGE + "reactions.html", context)


def _after_reaction(request: UserRequest, note: str) -> HttpResponse:
    if request.htmx:
        context = pages.reactions_context(request.user, timezone.localdate())
        return render(request, PAGE + "_reaction_status.html", {**context, "note": note})
    messages.success(request, note)
    return redirect("journal:reactions")


@login_required
@require_POST
def reaction_add(request: UserRequest) -> HttpResponse:
    try:
        interaction = services.log_interaction(request.user, request.POST.get("kind", ""))
    except services.InputError as exc:
        return _bad_input(request, str(exc))
    kind = interaction.get_kind_display().lower()
    return _after_reaction(request, _("Genoteerd: %(kind)s.") % {"kind": kind})


@login_required
@require_POST
def reaction_undo(request: UserRequest) -> HttpResponse:
    removed = services.undo_last_interaction(request.user)
    if removed is None:
        return _after_reaction(request, _("Er was nog niets om ongedaan te maken."))
    kind = removed.get_kind_display().lower()
    return _after_reaction(request, _("Ongedaan gemaakt: %(kind)s.") % {"kind": kind})


# ---------------------------------------------------------------- daily card


@login_required
@require_POST
def card_mark(request: UserRequest) -> HttpResponse:
    CardReading.objects.create(user=request.user)
    today: dt.date = timezone.localdate()
    if request.htmx:
        next_url = safe_next(request, "/dagkaart/")
        context = {**pages.card_context(request.user, today, next_url),
                   "just_marked": True, "history": True}
        return render(request, PAGE + "_card_mark_box.html", context)
    messages.success(request, _("Genoteerd dat je de kaart hebt gelezen."))
    return redirect(safe_next(request, "/dagkaart/"))
