from __future__ import annotations

from django.urls import include, path

from verbinding.web.assessments.api import api

urlpatterns = [
    path("", include("verbinding.web.reading.urls")),
    path("", include("verbinding.web.assessments.urls")),
    path("api/v1/", api.urls),
]

handler404 = "verbinding.web.reading.views.not_found"
handler500 = "verbinding.web.reading.views.server_error"
