"""The self-test in the browser: thin views over `services`, `layout`, `parts`
and `pagecache`."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.context_processors import csrf
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_http_methods, require_POST

from verbinding.content import library
from verbinding.i18n import pick
from verbinding.web.assessments import (
    access,
    consent,
    instruments,
    layout,
    pagecache,
    parts,
    renderers,
    services,
    targets,
)
from verbinding.web.assessments.models import SelfTest

PAGE = "assessments/"


def _screens(selftest: SelfTest) -> list[layout.Screen]:
    return layout.build_screens(services.parts_of(selftest))


def _resume_url(request: HttpRequest, selftest: SelfTest) -> str:
    token = access.token_in_session(request, selftest.public_id)
    if not token or selftest.owner_id is not None:  # kept in an account: no link opens it
        return ""
    return request.build_absolute_uri(reverse("assessments:resume", args=[token]))


def _not_after_submit(selftest: SelfTest) -> HttpResponse | None:
    if selftest.submitted_at is not None:
        return redirect("assessments:result", selftest.public_id)
    return None


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    context = {
        "minutes_base": layout.estimate_minutes(1),
        "minutes_per_relation": max(1, layout.estimate_minutes(2) - layout.estimate_minutes(1)),
        "always": [
            targets.target_choice(t.id) for t in targets.relation_targets() if not t.optional
        ],
        "targets": [
            (t.id, targets.target_choice(t.id), t.named, t.not_applicable)
            for t in targets.relation_targets()
            if t.optional
        ],
        "chosen": [],
        "skipped": [],
        "person_name": "",
    }
    if request.user.is_authenticated:
        context.update(_previous_choice(request.user))
    if request.method == "POST":
        chosen = request.POST.getlist("targets")
        skipped = request.POST.getlist("not_applicable")
        name = request.POST.get("person_name", "")
        try:
            owner = request.user if request.user.is_authenticated else None
            selftest, token = services.start_selftest(
                chosen, name, language=services.selftest_language(get_language()), owner=owner,
                not_applicable=skipped,
            )
        except services.InputError as exc:
            context.update(error=str(exc), chosen=chosen, skipped=skipped, person_name=name[:60])
            return render(request, PAGE + "start.html", context, status=400)
        access.remember(request, selftest, token)
        return redirect("assessments:overview", selftest.public_id)
    return render(request, PAGE + "start.html", context)


def _previous_choice(user: Any) -> dict[str, Any]:
    """A retake starts from the relationships of the last finished self-test (and the
    person named there), so it measures the same again unless the person changes it."""
    previous = SelfTest.objects.submitted_by(user).last()
    if previous is None:
        return {}
    optional = set(targets.optional_targets())
    parts = [a for a in previous.assessments.all() if a.target in optional]
    named = set(targets.named_targets())
    return {
        "chosen": [a.target for a in parts],
        "skipped": [t for t in previous.skipped_targets if t in optional],
        "person_name": next((a.target_name for a in parts if a.target in named), ""),
        "retake": True,
    }


def resume(request: HttpRequest, token: str) -> HttpResponse:
    selftest = access.selftest_by_token(token)
    if selftest is None:
        return render(request, PAGE + "bad_link.html", {"private_path": True}, status=404)
    if selftest.owner_id is not None:
        # Kept in an account: the link is no key any more. Its owner is simply let in.
        if selftest.owner_id == request.user.pk:
            return redirect("assessments:overview", selftest.public_id)
        return render(request, PAGE + "claimed_link.html", {"private_path": True}, status=410)
    access.remember(request, selftest, token, by_link=True)
    # Redirect at once, so the token does not stay in the address bar or the history.
    return redirect("assessments:overview", selftest.public_id)


def overview(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    selftest = access.get_selftest_for(request, public_id)
    screens = _screens(selftest)
    missing = services.selftest_missing(selftest)
    total = sum(len(s.questions) for s in screens)
    first_open = missing[0].screen if missing else len(screens)
    return render(request, PAGE + "overview.html", {
        "selftest": selftest,
        "resume_url": _resume_url(request, selftest),
        "answered": total - len(missing),
        "total": total,
        "next_screen": first_open,
        "minutes_left": max(1, round(len(missing) * layout.SECONDS_PER_ITEM / 60)),
        "parts": parts.part_labels(selftest),
    })


def _scale_labels(selftest: SelfTest) -> list[tuple[int, str]]:
    """The answer words of the version this self-test was begun with."""
    first = selftest.assessments.order_by("position").first()
    instrument = (
        instruments.of_assessment(first)
        if first
        else instruments.current(targets.STYLES_INSTRUMENT)
    )
    scale = instrument.response_scale
    labels = pick(scale.labels, selftest.language) or {}
    return [(v, labels.get(v, str(v))) for v in range(scale.min, scale.max + 1)]


def _save_posted(request: HttpRequest, selftest: SelfTest, screen: layout.Screen) -> list[str]:
    assessments = {a.position: a for a in selftest.assessments.all()}
    errors = []
    for question in screen.questions:
        raw = request.POST.get(question.key)
        if raw in (None, ""):
            continue
        try:
            services.save_answer(assessments[question.position], question.item_id, raw)
        except services.InputError as exc:
            errors.append(f"{question.text}: {exc}")
    return errors


@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    selftest = access.get_selftest_for(request, public_id)
    if done := _not_after_submit(selftest):
        return done
    screens = _screens(selftest)
    if not 1 <= number <= len(screens):
        raise Http404("onbekend scherm")
    current = screens[number - 1]
    errors: list[str] = []
    if request.method == "POST":
        errors = _save_posted(request, selftest, current)
        if not errors:
            return redirect(_after(selftest, screens, number, request.POST.get("direction")))
    answers = parts.answers_by_key(selftest)
    questions = [(q, answers.get(q.key)) for q in current.questions]
    return render(request, PAGE + "screen.html", {
        "selftest": selftest,
        "screen": current,
        "questions": questions,
        "total_screens": len(screens),
        "answered": len(answers),
        "total": sum(len(s.questions) for s in screens),
        "labels": _scale_labels(selftest),
        "errors": errors,
        "resume_url": _resume_url(request, selftest),
    }, status=400 if errors else 200)


def _after(
    selftest: SelfTest, screens: list[layout.Screen], number: int, direction: str | None
) -> str:
    if direction == "back" and number > 1:
        return reverse("assessments:screen", args=[selftest.public_id, number - 1])
    if number >= len(screens):
        return reverse("assessments:finish", args=[selftest.public_id])
    if screens[number].pause_before:
        return reverse("assessments:pause", args=[selftest.public_id, number + 1])
    return reverse("assessments:screen", args=[selftest.public_id, number + 1])


def pause(request: HttpRequest, public_id: uuid.UUID, number: int) -> HttpResponse:
    selftest = access.get_selftest_for(request, public_id)
    if not 1 <= number <= len(_screens(selftest)):
        raise Http404("onbekend scherm")
    prompts = library(selftest.language).intro.pause_prompts
    return render(request, PAGE + "pause.html", {
        "selftest": selftest, "number": number, "prompt": prompts[number % len(prompts)],
    })


@require_POST
def autosave(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Save one answer the moment it is given (htmx); the reply is a short status.

    The hottest path of the app: one statement checks access, the item and the value and
    writes. Only when it writes nothing does the slow path below find out why (a 404 for
    someone else's self-test, or a message) or, after a race, save after all."""
    key = request.POST.get("key", "")
    value = request.POST.get(key, request.POST.get("value"))
    if _saved_at_once(request, public_id, key, value):
        return _saved()
    try:
        try:
            position, item_id = parts.split_key(key)
        except services.InputError:
            access.get_selftest_for(request, public_id)  # someone else's test stays a 404
            raise
        assessment = access.get_part_for(request, public_id, position)
        if assessment is None:
            raise services.InputError(gettext("Onbekende vraag. Laad de pagina opnieuw."))
        services.save_answer(assessment, item_id, value)
    except services.InputError as exc:
        return render(request, PAGE + "_saved.html", {"error": str(exc)}, status=422)
    return _saved()


def _saved_at_once(request: HttpRequest, public_id: uuid.UUID, key: str, value: object) -> bool:
    try:
        position, item_id = parts.split_key(key)
    except services.InputError:
        return False
    user = request.user
    return services.save_answer_if_open(
        public_id, position, item_id, value,
        token_hash=access.hash_in_session(request, public_id),
        owner_id=user.pk if user.is_authenticated else None,
    )


def _saved() -> HttpResponse:
    # The same few words every time: no template (context processors and all) for them.
    return HttpResponse(escape(gettext("Bewaard")))


@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    selftest = access.get_selftest_for(request, public_id)
    if done := _not_after_submit(selftest):
        return done
    missing = services.selftest_missing(selftest)
    if request.method == "POST" and not missing:
        services.submit_selftest(selftest)
        return redirect("assessments:result", selftest.public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, PAGE + "finish.html", {
        "selftest": selftest, "missing": missing, "resume_url": _resume_url(request, selftest),
    }, status=status)


def result(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    selftest = access.get_selftest_for(request, public_id)
    if selftest.submitted_at is None:
        return redirect("assessments:finish", selftest.public_id)
    resume_url = _resume_url(request, selftest)
    if not request.user.is_authenticated:
        return HttpResponse(pagecache.result_page(selftest, resume_url))
    # A plain context: the slots need only these names, and context processors would
    # cost more than the rest of this otherwise cached page.
    slots = pagecache.render_slots(selftest, resume_url, user=request.user, **csrf(request))
    return HttpResponse(pagecache.result_page(selftest, resume_url, slots))


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Keep an anonymous self-test in the logged-in person's account. The GET asks first,
    and says when the test was started and how it came into this browser: a link someone
    else planted here must not pass for the person's own test unnoticed."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    selftest = access.get_selftest_for(request, public_id)
    target = "assessments:result" if selftest.submitted_at else "assessments:overview"
    if selftest.owner_id == request.user.pk:
        return redirect(target, selftest.public_id)
    if request.method == "GET":
        return render(request, PAGE + "claim.html", {
            "selftest": selftest,
            "parts": parts.part_labels(selftest),
            "opened_by_link": access.opened_by_link_at(request, public_id),
        })
    try:
        services.claim_selftest(selftest, request.user)
    except services.NotYours:
        raise Http404("zelftest niet gevonden") from None
    access.forget(request, public_id)  # the link is no key any more; the account is
    messages.success(request, gettext("De zelftest staat nu in je account."))
    return redirect(target, selftest.public_id)


@require_POST
def renew_link(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Withdraw the private link (shared by mistake, say) and give this browser a new one."""
    selftest = access.get_selftest_for(request, public_id)
    if selftest.owner_id is not None:  # kept in an account: no link opens it anyway
        return redirect("assessments:overview", selftest.public_id)
    access.remember(request, selftest, services.renew_link(selftest))
    messages.success(request, gettext("De oude link werkt niet meer. Hier staat je nieuwe link."))
    return redirect("assessments:overview", selftest.public_id)


def report_pdf(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    selftest = access.get_selftest_for(request, public_id)
    if selftest.submitted_at is None:
        raise Http404("nog geen uitslag")
    filename, media_type, data = renderers.render_pdf(selftest)
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    selftest = access.get_selftest_for(request, public_id)
    if request.method == "POST":
        services.delete_selftest(selftest)
        pagecache.forget_page(selftest)
        access.forget(request, public_id)
        return render(request, PAGE + "deleted.html")
    return render(request, PAGE + "delete.html", {"selftest": selftest})


@require_http_methods(["GET", "POST"])
def research(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The separate, unticked choice to give this self-test's answers to research."""
    selftest = access.get_selftest_for(request, public_id)
    if selftest.submitted_at is None:
        return redirect("assessments:finish", selftest.public_id)
    error = ""
    if request.method == "POST":
        try:
            message = _research_choice(request, selftest)
        except consent.ConsentError as exc:
            error = str(exc)
        else:
            messages.success(request, message)
            return redirect("assessments:research", selftest.public_id)
    return render(request, PAGE + "research.html", {
        "selftest": selftest,
        "consent": consent.consent_of(selftest),
        "age_bands": consent.AGE_BANDS,
        "genders": consent.GENDERS.items(),
        "error": error,
    }, status=400 if error else 200)


def _research_choice(request: HttpRequest, selftest: SelfTest) -> str:
    if request.POST.get("action") == "withdraw":
        consent.withdraw(selftest)
        return gettext("Je toestemming is ingetrokken. We delen niets van deze zelftest.")
    if request.POST.get("agree") != "1":
        raise consent.ConsentError(
            gettext("Zet een vinkje als je wilt bijdragen. Zonder vinkje delen we niets.")
        )
    consent.give(
        selftest,
        age_band=request.POST.get("age_band", ""),
        gender=request.POST.get("gender", ""),
    )
    return gettext("Dank je wel. Je antwoorden tellen mee in onderzoek.")
