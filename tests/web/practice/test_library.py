"""The exercise library and exercise pages."""

from __future__ import annotations

from verbinding.content import library


def test_it_lists_every_exercise_grouped_by_style(client_a) -> None:
    html = client_a.get("/oefenen/").content.decode()
    for style in library().styles.values():
        assert f'id="groep-{style.id}"' in html
    for _, exercise in library().exercises().values():
        assert exercise.title.replace("'", "&#x27;") in html
    assert "Ongeveer 10 minuten" in html


def test_it_filters_by_style(client_a) -> None:
    html = client_a.get("/oefenen/?stijl=chaotisch").content.decode()
    assert 'id="groep-chaotisch"' in html
    assert 'id="groep-veilig"' not in html


def test_an_unknown_style_filter_shows_everything(client_a) -> None:
    html = client_a.get("/oefenen/?stijl=niets").content.decode()
    assert 'id="groep-veilig"' in html and 'id="groep-chaotisch"' in html


def test_the_exercise_page_shows_steps_source_and_begin(client_a) -> None:
    response = client_a.get("/oefenen/ch-stop-oefening/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Stop zeggen als iemand naderbij komt" in html
    assert "Uit het artikel: §4 Chaotische verbinding" in html
    assert "/stijlen/chaotisch/#ch-stop-oefening" in html
    assert ">Begin</button>" in html
    assert html.count("<li>") >= 6


def test_an_unknown_exercise_is_a_friendly_404(client_a) -> None:
    response = client_a.get("/oefenen/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_the_menu_links_to_practice_for_people_with_an_account(client_a, outsider) -> None:
    assert 'href="/oefenen/">Oefenen</a>' in client_a.get("/").content.decode()
    assert 'href="/oefenen/">Oefenen</a>' not in outsider.get("/").content.decode()


def test_outsiders_are_asked_to_log_in(outsider) -> None:
    for path in ("/oefenen/", "/oefenen/ch-stop-oefening/", "/oefenen/plan/",
                 "/oefenen/gedaan/"):
        response = outsider.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
