from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from verbinding.web.assessments.api import api
from verbinding.web.language import set_language


def health(request: HttpRequest) -> HttpResponse:
    """A bare view: for load balancers, and the baseline the benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("health/", health, name="health"),
    path("taal/<str:language>/", set_language, name="set_language"),
    # The self-test first: its answer autosave is the busiest URL, and Django tries the
    # patterns in order (no two apps share a path, so the order changes nothing else).
    path("", include("verbinding.web.assessments.urls")),
    path("", include("verbinding.web.reading.urls")),
    path("", include("verbinding.web.accounts.urls")),
    path("", include("verbinding.web.logins.urls")),
    path("", include("verbinding.web.practice.urls")),
    path("", include("verbinding.web.journal.urls")),
    path("", include("verbinding.web.reminders.urls")),
    path("", include("verbinding.web.clinic.urls")),
    path("api/v1/", api.urls),
]

handler404 = "verbinding.web.reading.views.not_found"
handler500 = "verbinding.web.reading.views.server_error"
