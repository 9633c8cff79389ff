"""The privacy statement: one page, Dutch and English, with a version.

The statement is a document read as a whole, so each language is one template
(`privacy_<language>.html`: content as data) rather than dozens of separate messages. Change
VERSION whenever its meaning changes: a person's consent records the version agreed to.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

VERSION = "1"


@require_GET
def statement(request: HttpRequest) -> HttpResponse:
    # The statement of the active language; the site's own language while a new
    # language has no statement yet.
    body = select_template([f"accounts/privacy_{get_language()}.html",
                            f"accounts/privacy_{settings.LANGUAGE_CODE}.html"])
    return render(request, "accounts/privacy.html",
                  {"body": body.template.name, "version": VERSION})
