from __future__ import annotations

from django.urls import path

from verbinding.web.logins import views

app_name = "logins"

urlpatterns = [
    path("account/sessies/", views.session_list, name="sessions"),
    path("account/sessies/<uuid:public_id>/beeindigen/", views.end_session, name="end"),
    path("account/sessies/overal-uitloggen/", views.end_everywhere, name="end_everywhere"),
]
