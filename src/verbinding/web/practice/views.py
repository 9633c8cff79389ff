"""Practising in the browser: thin views over `services`.

Every object a person may see or change is fetched through `_get_session_for` or
`_get_item_for`, which filter by the logged-in user: someone else's id is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from verbinding.content import library
from verbinding.web.ownership import owned_or_404
from verbinding.web.practice import services
from verbinding.web.practice.models import PlanItem, PracticeSession
from verbinding.web.requests import UserRequest

PAGE = "practice/"
MODE_TEMPLATES = {
    "plain": PAGE + "modes/plain.html",
    "timer": PAGE + "modes/timer.html",
    "stop-guide": PAGE + "modes/stop_guide.html",
    "emotion-words": PAGE + "modes/emotion_words.html",
}


def _get_session_for(request: HttpRequest, pk: int) -> PracticeSession:
    return owned_or_404(PracticeSession, request, pk, "oefensessie")


def _get_item_for(request: HttpRequest, pk: int) -> PlanItem:
    return owned_or_404(PlanItem, request, pk, "onderdeel van het plan")


def _exercise_or_404(exercise_id: str) -> tuple[Any, Any]:
    found = services.exercise_or_none(exercise_id)
    if found is None:
        raise Http404("onbekende oefening")
    return found


def _problem(request: HttpRequest, message: str, back: str, status: int = 400) -> HttpResponse:
    return render(request, PAGE + "problem.html", {"message": message, "back": back},
                  status=status)


# --- the library ----------------------------------------------------------------------


@login_required
@require_GET
def exercise_library(request: UserRequest) -> HttpResponse:
    styles = list(library().styles.values())
    chosen = request.GET.get("stijl", "")
    shown = [s for s in styles if s.id == chosen] or styles
    in_plan = set(PlanItem.objects.filter(user=request.user).values_list("exercise_id",
                                                                          flat=True))
    return render(request, PAGE + "library.html", {
        "styles": styles, "shown": shown, "chosen": chosen if len(shown) == 1 else "",
        "in_plan": in_plan,
    })


@login_required
@require_GET
def exercise_page(request: UserRequest, exercise_id: str) -> HttpResponse:
    style, exercise = _exercise_or_404(exercise_id)
    item = PlanItem.objects.filter(user=request.user, exercise_id=exercise_id).first()
    return render(request, PAGE + "exercise.html", {
        "style": style, "exercise": exercise, "plan_item": item,
    })


@login_required
@require_POST
def begin(request: UserRequest, exercise_id: str) -> HttpResponse:
    _style, exercise = _exercise_or_404(exercise_id)
    if exercise.mode == "referral":  # a step in life, not a session: the help page
        return redirect("reading:help")
    raw_item = request.POST.get("plan_item", "")
    item = None
    if raw_item:
        if not raw_item.isdigit():
            return _problem(request, _("Dit onderdeel van je plan kennen we niet."),
                            reverse("practice:plan"))
        item = _get_item_for(request, int(raw_item))
    session = services.start_session(request.user, exercise_id, item)
    return redirect("practice:checkin", session.pk, "voor")


# --- a session ------------------------------------------------------------------------


def _session_context(session: PracticeSession) -> dict[str, Any]:
    style, exercise = services.exercise_of(session.exercise_id)
    return {"session": session, "style": style, "exercise": exercise}


def _checkin_values(session: PracticeSession, moment: str) -> dict[str, int]:
    """Where the sliders start: the earlier answer if there is one, else the middle."""
    middle = 5
    if moment == "voor":
        pair = (session.tension_before, session.calm_before)
    else:
        pair = (session.tension_after if session.has_after else session.tension_before,
                session.calm_after if session.has_after else session.calm_before)
    return {"tension": middle if pair[0] is None else pair[0],
            "calm": middle if pair[1] is None else pair[1]}


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: UserRequest, pk: int, moment: str) -> HttpResponse:
    if moment not in ("voor", "na"):
        raise Http404("onbekend moment")
    session = _get_session_for(request, pk)
    context = {**_session_context(session), "moment": moment,
               "values": _checkin_values(session, moment)}
    if request.method == "POST":
        try:
            services.save_checkin(session, moment, services.parse_checkin(request.POST))
        except services.InputError as exc:
            return render(request, PAGE + "checkin.html", {**context, "error": str(exc)},
                          status=400)
        if moment == "voor":
            return redirect("practice:practise", session.pk)
        return redirect("practice:finished", session.pk)
    return render(request, PAGE + "checkin.html", context)


@transaction.atomic  # a refused reflection leaves the chosen words unsaved too
def _save_practise(session: PracticeSession, data: Any, mode: str) -> None:
    if mode == "emotion-words":
        services.save_words(session, data.getlist("woorden"))
    if "reflectie" in data:
        services.save_reflection(session, data.get("reflectie", ""))


@login_required
@require_http_methods(["GET", "POST"])
def practise(request: UserRequest, pk: int) -> HttpResponse:
    session = _get_session_for(request, pk)
    context = _session_context(session)
    mode = context["exercise"].mode
    groups = library().emotion_words
    context.update(mode_template=MODE_TEMPLATES[mode], groups=groups)
    if request.method == "POST":
        try:
            _save_practise(session, request.POST, mode)
        except services.InputError as exc:
            chosen = request.POST.getlist("woorden")
            context.update(error=str(exc), chosen=chosen, kept_words=_kept(chosen, groups),
                           reflection=request.POST.get("reflectie", "")[:services.MAX_REFLECTION])
            return render(request, PAGE + "practise.html", context, status=400)
        return redirect("practice:checkin", session.pk, "na")
    context.update(chosen=session.words, kept_words=_kept(session.words, groups),
                   reflection=session.reflection)
    return render(request, PAGE + "practise.html", context)


def _kept(chosen: list[str], groups: Any) -> list[str]:
    """Words chosen earlier in the other language: shown checked, so saving keeps them."""
    shown = {word for group in groups.groups for word in group.words}
    known = services.all_emotion_words()
    return [word for word in chosen if word not in shown and word in known]


@login_required
@require_GET
def finished(request: UserRequest, pk: int) -> HttpResponse:
    session = _get_session_for(request, pk)
    return render(request, PAGE + "finished.html", _session_context(session))


@login_required
@require_GET
def history(request: UserRequest) -> HttpResponse:
    sessions = PracticeSession.objects.filter(user=request.user)
    exercises = library().exercises()
    rows = [(s, exercises.get(s.exercise_id)) for s in sessions]
    return render(request, PAGE + "history.html", {"rows": rows})


# --- the plan -------------------------------------------------------------------------


def _proposal_groups(proposed: list[Any]) -> list[dict[str, Any]]:
    """The proposal per style, in its order, so each reason is read once."""
    exercises = library().exercises()
    groups: dict[str, dict[str, Any]] = {}
    for item in proposed:
        group = groups.setdefault(item.style, {
            "style": library().styles[item.style], "reason": item.reason, "items": [],
        })
        group["items"].append((item, exercises.get(item.exercise_id)))
    return list(groups.values())


@login_required
@require_GET
def plan(request: UserRequest) -> HttpResponse:
    exercises = library().exercises()
    items = [(item, exercises.get(item.exercise_id)) for item in services.plan_items(request.user)]
    proposed = services.proposal_for(request.user)
    have = {item.exercise_id for item, _found in items}
    return render(request, PAGE + "plan.html", {
        "items": items,
        "proposal_groups": _proposal_groups(proposed or []),
        "has_selftest": proposed is not None,
        "proposal_new": [p for p in proposed or [] if p.exercise_id not in have],
        "styles": library().styles.values(),
        "have": have,
        "week_choices": range(1, 8),
    })


@login_required
@require_POST
def plan_accept(request: UserRequest) -> HttpResponse:
    try:
        added = services.accept_proposal(request.user)
    except services.InputError as exc:
        return _problem(request, str(exc), reverse("practice:plan"))
    if added:
        messages.success(request, ngettext(
            "%(count)d oefening in je plan gezet. Pas gerust aan wat niet bij je past.",
            "%(count)d oefeningen in je plan gezet. Pas gerust aan wat niet bij je past.",
            added,
        ) % {"count": added})
    else:
        messages.info(request, _("Alles uit het voorstel staat al in je plan."))
    return redirect("practice:plan")


@login_required
@require_POST
def plan_add(request: UserRequest) -> HttpResponse:
    exercise_id = request.POST.get("exercise", "")
    try:
        item = services.add_item(request.user, exercise_id, request.POST.get("times"))
    except services.InputError as exc:
        return _problem(request, str(exc), reverse("practice:plan"))
    if item is None:
        messages.info(request, _("Deze oefening staat al in je plan."))
    else:
        messages.success(request, _("De oefening staat nu in je plan."))
    # From an exercise page the person stays there; from the plan page, on the plan.
    if request.POST.get("next") == "exercise":
        return redirect("practice:exercise", exercise_id)
    return redirect("practice:plan")


@login_required
@require_POST
def plan_times(request: UserRequest, pk: int) -> HttpResponse:
    item = _get_item_for(request, pk)
    try:
        services.set_times(item, request.POST.get("times"))
    except services.InputError as exc:
        return _problem(request, str(exc), reverse("practice:plan"))
    messages.success(request, _("Bewaard."))
    return redirect("practice:plan")


@login_required
@require_POST
def plan_move(request: UserRequest, pk: int) -> HttpResponse:
    item = _get_item_for(request, pk)
    try:
        services.move(item, request.POST.get("direction", ""))
    except services.InputError as exc:
        return _problem(request, str(exc), reverse("practice:plan"))
    return redirect(reverse("practice:plan") + f"#item-{item.pk}")


@login_required
@require_POST
def plan_remove(request: UserRequest, pk: int) -> HttpResponse:
    item = _get_item_for(request, pk)
    services.remove(item)
    messages.success(request, _("De oefening is uit je plan gehaald. Je kunt hem altijd weer "
                                "toevoegen."))
    return redirect("practice:plan")
