"""Retakes: how a person's scores changed between self-tests, judged by reliable change."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/progress.html", {})
