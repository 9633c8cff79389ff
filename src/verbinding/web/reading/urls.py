from __future__ import annotations

from django.urls import path

from verbinding.web.reading import views

app_name = "reading"
urlpatterns = [
    path("", views.home, name="home"),
    path("stijlen/", views.overview, name="overview"),
    path("stijlen/<slug:style_id>/", views.style_page, name="style"),
    path("lezen/<slug:part>/<int:step>/", views.paced, name="paced"),
    path("lezen/<slug:part>/<int:step>/pauze/", views.paced_pause, name="pause"),
    path("dagkaart/", views.daily_card, name="daily_card"),
    path("dagkaart/<str:size>.pdf", views.daily_card_pdf, name="daily_card_pdf"),
    path("hulp/", views.help_page, name="help"),
    path("over/", views.about, name="about"),
]
