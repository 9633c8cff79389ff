from __future__ import annotations

import re

import pytest
from django.test import Client

from verbinding.content import STYLE_IDS, library
from verbinding.web.reading import pacing

PAGES = ["/", "/stijlen/", "/dagkaart/", "/hulp/", "/over/", "/zelftest/", "/lezen/inleiding/1/"]
PAGES += [f"/stijlen/{s}/" for s in STYLE_IDS]


def text_of(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_help_in_the_footer(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = text_of(response)
    assert '<html lang="nl">' in html
    assert 'href="/hulp/"' in html
    assert "geen diagnose" in html


@pytest.mark.parametrize("url", PAGES)
def test_no_page_loads_anything_from_outside_the_app(client: Client, url: str) -> None:
    html = text_of(client.get(url))
    external = re.findall(r'(?:src|href)="(https?:)?//', html)
    assert external == []


def test_home_invites_slow_reading_and_offers_the_self_test(client: Client) -> None:
    html = text_of(client.get("/"))
    intro = library().intro
    assert intro.invitation.title in html
    assert 'href="/lezen/inleiding/1/"' in html
    assert 'href="/zelftest/"' in html


def test_overview_lists_the_four_styles(client: Client) -> None:
    html = text_of(client.get("/stijlen/"))
    for style in library().styles.values():
        assert style.name in html
        assert f'href="/stijlen/{style.id}/"' in html


@pytest.mark.parametrize("style_id", STYLE_IDS)
def test_style_page_contains_every_section_exercise_and_sign(client: Client, style_id: str) -> None:
    html = text_of(client.get(f"/stijlen/{style_id}/"))
    style = library().style(style_id)
    assert style is not None
    for step in pacing.steps_for(library(), style_id) or []:
        assert step.title in html
    for exercise in style.exercises:
        assert exercise.title in html
    for sign in style.signs:
        assert sign.text in html


def test_anxious_style_page_tells_the_pigeon_story(client: Client) -> None:
    style = library().style("angstig")
    assert style is not None and style.story is not None
    assert style.story.title in text_of(client.get("/stijlen/angstig/"))


def test_chaotic_style_page_has_guidance_for_partners(client: Client) -> None:
    style = library().style("chaotisch")
    assert style is not None and style.partner_guidance is not None
    assert style.partner_guidance.title in text_of(client.get("/stijlen/chaotisch/"))


def test_unknown_style_gives_a_friendly_404(client: Client) -> None:
    response = client.get("/stijlen/onbekend/")
    assert response.status_code == 404
    html = text_of(response)
    assert "Deze pagina bestaat niet" in html
    assert "Traceback" not in html


def test_unknown_part_or_step_in_paced_reading_is_404(client: Client) -> None:
    assert client.get("/lezen/onbekend/1/").status_code == 404
    assert client.get("/lezen/veilig/0/").status_code == 404
    assert client.get("/lezen/veilig/999/").status_code == 404


def test_paced_reading_moves_forward_through_a_pause_and_back(client: Client) -> None:
    first = text_of(client.get("/lezen/vermijdend/1/"))
    assert 'rel="next" href="/lezen/vermijdend/1/pauze/"' in first
    assert 'rel="prev"' not in first
    pause = client.get("/lezen/vermijdend/1/pauze/")
    assert pause.status_code == 200
    pause_html = text_of(pause)
    assert pacing.pause_prompt(library(), "vermijdend", 1) in pause_html
    assert 'href="/lezen/vermijdend/2/"' in pause_html
    second = text_of(client.get("/lezen/vermijdend/2/"))
    assert 'rel="prev" href="/lezen/vermijdend/1/"' in second
    assert "Deel 2 van" in second


def test_paced_reading_shows_each_step_one_at_a_time(client: Client) -> None:
    steps = pacing.steps_for(library(), "angstig") or []
    for number, step in enumerate(steps, start=1):
        html = text_of(client.get(f"/lezen/angstig/{number}/"))
        assert step.title in html
        others = [s.title for s in steps if s.title != step.title]
        assert not any(f"<h1>{title}</h1>" in html for title in others)


def test_last_step_leads_on_to_the_next_style(client: Client) -> None:
    total = len(pacing.steps_for(library(), "veilig") or [])
    html = text_of(client.get(f"/lezen/veilig/{total}/"))
    assert 'href="/lezen/vermijdend/1/"' in html
    assert client.get(f"/lezen/veilig/{total}/pauze/").status_code == 404


def test_last_part_leads_to_the_self_test(client: Client) -> None:
    total = len(pacing.steps_for(library(), "chaotisch") or [])
    assert 'rel="next" href="/zelftest/"' in text_of(client.get(f"/lezen/chaotisch/{total}/"))


def test_htmx_requests_get_only_the_reader_fragment(client: Client) -> None:
    response = client.get("/lezen/veilig/2/", headers={"HX-Request": "true"})
    html = text_of(response)
    assert html.lstrip().startswith('<div id="reader"')
    assert "<html" not in html
    pause = text_of(client.get("/lezen/veilig/2/pauze/", headers={"HX-Request": "true"}))
    assert pause.lstrip().startswith('<div id="reader"')


def test_daily_card_shows_every_secure_characteristic(client: Client) -> None:
    html = text_of(client.get("/dagkaart/"))
    for point in library().daily_card.points:
        assert point.text in html


def test_help_page_names_where_to_get_help_now(client: Client) -> None:
    html = text_of(client.get("/hulp/"))
    for needle in ("112", "0800-0113", "113.nl", "huisarts", "traumatherapeut"):
        assert needle in html


def test_about_page_says_it_is_not_a_diagnosis(client: Client) -> None:
    assert "Zelfkennis, geen diagnose" in text_of(client.get("/over/"))


def test_a_csrf_failure_gets_a_calm_dutch_page() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/over/", {"x": "1"})
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in text_of(response)


def test_the_chaotic_sections_link_to_the_help_page(client: Client) -> None:
    page = client.get("/stijlen/chaotisch/").content.decode()
    sections = re.findall(r'<section id="[^"]+" class="step step-section">(.*?)</section>', page,
                          re.S)
    assert sections
    assert all('href="/hulp/"' in section for section in sections)
    paced = client.get("/lezen/chaotisch/1/").content.decode()
    assert 'href="/hulp/"' in paced.split('id="reader"')[1]
    calm = client.get("/stijlen/veilig/").content.decode()
    assert "Raakt dit je meer dan je aankunt?" not in calm
