from __future__ import annotations

from django.urls import path

from verbinding.web.practice import views

app_name = "practice"

# The fixed words (plan, gedaan, sessie) come before <exercise_id>, so they are never read
# as an exercise id.
urlpatterns = [
    path("oefenen/", views.exercise_library, name="library"),
    path("oefenen/plan/", views.plan, name="plan"),
    path("oefenen/plan/voorstel/", views.plan_accept, name="plan_accept"),
    path("oefenen/plan/toevoegen/", views.plan_add, name="plan_add"),
    path("oefenen/plan/<int:pk>/vaak/", views.plan_times, name="plan_times"),
    path("oefenen/plan/<int:pk>/verplaatsen/", views.plan_move, name="plan_move"),
    path("oefenen/plan/<int:pk>/verwijderen/", views.plan_remove, name="plan_remove"),
    path("oefenen/gedaan/", views.history, name="history"),
    path("oefenen/sessie/<int:pk>/oefening/", views.practise, name="practise"),
    path("oefenen/sessie/<int:pk>/klaar/", views.finished, name="finished"),
    path("oefenen/sessie/<int:pk>/<slug:moment>/", views.checkin, name="checkin"),
    path("oefenen/<slug:exercise_id>/", views.exercise_page, name="exercise"),
    path("oefenen/<slug:exercise_id>/begin/", views.begin, name="begin"),
]
