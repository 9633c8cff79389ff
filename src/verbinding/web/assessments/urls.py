from __future__ import annotations

from django.urls import path

from verbinding.web.assessments import progress, views

app_name = "assessments"
urlpatterns = [
    path("zelftest/", views.start, name="start"),
    path("zelftest/verder/<str:token>/", views.resume, name="resume"),
    path("zelftest/<uuid:public_id>/", views.overview, name="overview"),
    path("zelftest/<uuid:public_id>/vragen/<int:number>/", views.screen, name="screen"),
    path("zelftest/<uuid:public_id>/pauze/<int:number>/", views.pause, name="pause"),
    path("zelftest/<uuid:public_id>/antwoord/", views.autosave, name="autosave"),
    path("zelftest/<uuid:public_id>/afronden/", views.finish, name="finish"),
    path("zelftest/<uuid:public_id>/uitslag/", views.result, name="result"),
    path("zelftest/<uuid:public_id>/uitslag.pdf", views.report_pdf, name="report_pdf"),
    path("zelftest/<uuid:public_id>/verwijderen/", views.delete, name="delete"),
    path("zelftest/<uuid:public_id>/bewaren/", views.claim, name="claim"),
    path("zelftest/<uuid:public_id>/nieuwe-link/", views.renew_link, name="renew_link"),
    path("zelftest/<uuid:public_id>/onderzoek/", views.research, name="research"),
    path("mijn/voortgang/", progress.progress, name="progress"),
]
