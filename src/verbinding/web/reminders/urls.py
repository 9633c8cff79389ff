from __future__ import annotations

from django.urls import path

from verbinding.web.reminders import views

app_name = "reminders"

urlpatterns = [
    path("herinneringen/", views.settings_page, name="settings"),
    path("herinneringen/nieuwe-link/", views.renew_link, name="renew_link"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
]
