from __future__ import annotations

from django.urls import path

from verbinding.web.clinic import twofactor, views

app_name = "clinic"

urlpatterns = [
    path("praktijk/", views.home, name="home"),
    path("praktijk/tweestaps/", twofactor.twofactor, name="twofactor"),
    path("praktijk/herstelcodes/", twofactor.recovery_codes, name="recovery_codes"),
    path("praktijk/uitnodigingen/", views.invitations, name="invitations"),
    path("praktijk/clienten/<uuid:public_id>/", views.client_page, name="client"),
    path("praktijk/clienten/<uuid:public_id>/dagboek/", views.client_diary, name="client_diary"),
    path("praktijk/clienten/<uuid:public_id>/oefening/", views.assign, name="assign"),
    path("praktijk/clienten/<uuid:public_id>/zelftest/", views.retake, name="retake"),
    path("praktijk/clienten/<uuid:public_id>/notities/", views.add_note, name="add_note"),
    path("praktijk/clienten/<uuid:public_id>/rapport.pdf", views.client_report, name="report"),
    path("praktijk/dossiers/", views.client_records, name="client_records"),
    path("praktijk/dossiers/<uuid:public_id>/", views.client_record, name="client_record"),
    path("praktijk/beheer/", views.admin, name="admin"),
    path("praktijk/beheer/vragenlijsten/", views.instrument_check, name="instrument_check"),
    path("praktijk/beheer/logboek/", views.audit_log, name="audit"),
    path("praktijk/beheer/logboek.csv", views.audit_export, name="audit_export"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("mijn/delen/", views.sharing_overview, name="sharing"),
    path("mijn/delen/<uuid:public_id>/", views.sharing_update, name="sharing_update"),
    path("mijn/delen/<uuid:public_id>/stoppen/", views.sharing_end, name="sharing_end"),
]
