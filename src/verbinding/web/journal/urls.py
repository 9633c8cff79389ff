from __future__ import annotations

from django.urls import path

from verbinding.web.journal import views

app_name = "journal"

urlpatterns = [
    path("dagboek/", views.diary_list, name="diary_list"),
    path("dagboek/nieuw/", views.diary_new, name="diary_new"),
    path("dagboek/<int:pk>/", views.diary_detail, name="diary_detail"),
    path("dagboek/<int:pk>/bewerken/", views.diary_edit, name="diary_edit"),
    path("dagboek/<int:pk>/verwijderen/", views.diary_delete, name="diary_delete"),
    path("tekenen/", views.signs_week, name="signs"),
    path("tekenen/verloop/", views.signs_progress, name="signs_progress"),
    path("tekenen/<str:week>/", views.signs_week, name="signs_week"),
    path("reacties/", views.reactions, name="reactions"),
    path("reacties/nieuw/", views.reaction_add, name="reaction_add"),
    path("reacties/ongedaan/", views.reaction_undo, name="reaction_undo"),
    path("dagkaart/gelezen/", views.card_mark, name="card_mark"),
]
