"""Reading pages: thin views over the content library and the pacing order."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from verbinding.content import library
from verbinding.content.models import Style
from verbinding.web.reading import pacing
from verbinding.web.requests import Request


def _style_or_404(style_id: str) -> Style:
    style = library().style(style_id)
    if style is None:
        raise Http404("onbekende stijl")
    return style


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "reading/home.html", {"intro": library().intro})


def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "reading/overview.html", {"styles": library().styles.values()})


def style_page(request: HttpRequest, style_id: str) -> HttpResponse:
    style = _style_or_404(style_id)
    steps = pacing.steps_for(library(), style_id)
    return render(request, "reading/style.html", {"style": style, "steps": steps})


def _paced_context(part: str, step: int) -> dict[str, object]:
    lib = library()
    steps = pacing.steps_for(lib, part)
    if steps is None or not 1 <= step <= len(steps):
        raise Http404("onbekend deel of stap")
    following = pacing.next_part(part)
    return {
        "part": part,
        "part_title": pacing.part_title(lib, part),
        "step": steps[step - 1],
        "number": step,
        "total": len(steps),
        "percent": round(100 * step / len(steps)),
        "has_previous": step > 1,
        "has_next": step < len(steps),
        "next_part": following,
        "next_part_title": pacing.part_title(lib, following) if following else "",
        "prompt": pacing.pause_prompt(lib, part, step),
    }


def paced(request: Request, part: str, step: int) -> HttpResponse:
    context = _paced_context(part, step)
    template = "reading/_paced_step.html" if request.htmx else "reading/paced.html"
    return render(request, template, context)


def paced_pause(request: Request, part: str, step: int) -> HttpResponse:
    context = _paced_context(part, step)
    if not context["has_next"]:
        raise Http404("na de laatste stap komt geen pauze")
    template = "reading/_pause.html" if request.htmx else "reading/pause.html"
    return render(request, template, context)


def daily_card(request: HttpRequest) -> HttpResponse:
    return render(request, "reading/daily_card.html", {"card": library().daily_card})


# The daily card's paper sizes, as the URL may spell them.
PAPER_SIZES: dict[str, Literal["A6", "A5"]] = {"A6": "A6", "a6": "A6", "A5": "A5", "a5": "A5"}


def daily_card_pdf(request: HttpRequest, size: str) -> HttpResponse:
    from verbinding.reports.pdf import render_daily_card

    paper = PAPER_SIZES.get(size)
    if paper is None:
        raise Http404("onbekend formaat")
    filename, media_type, data = render_daily_card(paper, library().language)
    response = HttpResponse(data, content_type=media_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "reading/help.html")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "reading/about.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"private_path": True}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
