"""The privacy statement: one page, Dutch and English, with a version.

The statement is a document read as a whole, so each language is one template
(`privacy_nl.html`, `privacy_en.html`) rather than dozens of separate messages. Change
VERSION whenever its meaning changes: a person's consent records the version agreed to.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

VERSION = "1"


@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    language = "en" if (get_language() or "nl").startswith("en") else "nl"
    return render(request, "accounts/privacy.html",
                  {"body": f"accounts/privacy_{language}.html", "version": VERSION})
