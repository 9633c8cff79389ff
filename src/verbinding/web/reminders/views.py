"""Reminder settings, the private calendar feed, and renewing its link."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinding.web.assessments.models import hash_token
from verbinding.web.reminders.feed import render_feed
from verbinding.web.reminders.forms import ReminderForm
from verbinding.web.reminders.models import ReminderDelivery, ReminderSettings
from verbinding.web.requests import UserRequest

RECENT_DELIVERIES = 10
# new_token() makes 32 URL-safe characters; anything else cannot be a feed link.
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _settings_for(request: UserRequest) -> ReminderSettings:
    """The signed-in person's settings; unsaved defaults when they never chose any."""
    found = ReminderSettings.objects.filter(user=request.user).first()
    return found or ReminderSettings(user=request.user)


def _feed_url(request: HttpRequest, reminders: ReminderSettings) -> str:
    if not reminders.feed_token:
        return ""
    return request.build_absolute_uri(reverse("reminders:feed", args=[reminders.feed_token]))


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: UserRequest) -> HttpResponse:
    reminders = _settings_for(request)
    if request.method == "POST":
        form = ReminderForm.from_post(request.POST)
        if form.is_valid():
            _save(reminders, form)
            messages.success(request, _("Je herinneringen zijn bewaard."))
            return redirect("reminders:settings")
    else:
        form = ReminderForm.initial(reminders)
    feed_url = _feed_url(request, reminders)
    context = {
        "form": form,
        "reminders": reminders,
        "feed_url": feed_url,
        "webcal_url": re.sub(r"^https?://", "webcal://", feed_url),
        "deliveries": ReminderDelivery.objects.filter(user=request.user)[:RECENT_DELIVERIES],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "reminders/settings.html", context, status=status)


def _save(reminders: ReminderSettings, form: ReminderForm) -> None:
    for name, value in form.cleaned().items():
        setattr(reminders, name, value)
    if not reminders.feed_token:
        # Whoever chooses times will want them in a calendar: the link is ready for them.
        reminders.renew_feed_token()
    reminders.save()


@login_required
@require_POST
def renew_link(request: UserRequest) -> HttpResponse:
    with transaction.atomic():
        reminders = _settings_for(request)
        had_link = bool(reminders.feed_token)
        reminders.renew_feed_token()
        reminders.save()
    if had_link:
        messages.success(
            request,
            _(
                "Je hebt een nieuwe agenda-link. De oude werkt niet meer: "
                "zet de nieuwe in je agenda-app en haal de oude daar weg."
            ),
        )
    else:
        messages.success(request, _("Je agenda-link is klaar."))
    return redirect(reverse("reminders:settings") + "#agenda")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    # Looked up by the SHA-256 of the token: a database index lookup on a hash reveals
    # nothing about how close a guess was, so this is as good as a constant-time compare.
    if not _TOKEN_SHAPE.match(token):
        raise Http404
    reminders = ReminderSettings.objects.filter(feed_token_hash=hash_token(token)).first()
    if reminders is None or not reminders.user.is_active:
        raise Http404
    response = HttpResponse(render_feed(reminders), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="verbindingsstijlen.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
