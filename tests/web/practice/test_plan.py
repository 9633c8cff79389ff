"""The personal plan: the proposal from the latest profile, and changing the plan."""

from __future__ import annotations

import pytest

from verbinding.web.practice.models import PlanItem, Source
from web.practice.helpers import submitted_selftest


def titles_in_order(user) -> list[str]:
    return list(PlanItem.objects.filter(user=user).values_list("exercise_id", flat=True))


def test_without_a_self_test_it_invites_to_do_one_or_choose(client_a) -> None:
    html = client_a.get("/oefenen/plan/").content.decode()
    assert "nog geen zelftest" in html
    assert 'href="/zelftest/"' in html and "Kies zelf oefeningen" in html
    response = client_a.post("/oefenen/plan/voorstel/")
    assert response.status_code == 400
    assert "nog geen zelftest" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_the_proposal_follows_the_latest_profile_and_names_relationships(
    client_a, user_a
) -> None:
    submitted_selftest(user_a, {"angstig", "angst"}, targets=["moeder"])
    html = client_a.get("/oefenen/plan/").content.decode()
    assert "In het algemeen en bij je moeder kwam het angstige patroon naar voren." in html
    assert "Veilig verbinden is waar je naartoe groeit" in html
    response = client_a.post("/oefenen/plan/voorstel/")
    assert response.status_code == 302
    items = list(PlanItem.objects.filter(user=user_a))
    assert items and all(item.source == Source.PROPOSAL and item.reason for item in items)
    styles = [item.exercise_id[:2] for item in items]
    assert styles[0] == "an" and "ve" in styles
    assert styles.count("an") > styles.count("vm")


def test_only_my_own_latest_submitted_self_test_counts(client_a, user_a, user_b) -> None:
    submitted_selftest(user_b, {"chaotisch"})
    submitted_selftest(user_a, {"vermijdend"})
    html = client_a.get("/oefenen/plan/").content.decode()
    assert "vermijdende stijl" in html
    assert "chaotische stijl" not in html


def test_accepting_twice_adds_nothing_twice(client_a, user_a) -> None:
    submitted_selftest(user_a, {"angstig"})
    client_a.post("/oefenen/plan/voorstel/")
    count = PlanItem.objects.count()
    client_a.post("/oefenen/plan/voorstel/")
    assert PlanItem.objects.count() == count


def test_adding_an_exercise_yourself(client_a, user_a) -> None:
    response = client_a.post("/oefenen/plan/toevoegen/",
                             {"exercise": "ch-stop-oefening", "times": "2"})
    assert response.status_code == 302
    item = PlanItem.objects.get(user=user_a)
    assert (item.exercise_id, item.times_per_week, item.source) == ("ch-stop-oefening", 2, "zelf")
    client_a.post("/oefenen/plan/toevoegen/", {"exercise": "ch-stop-oefening", "times": "5"})
    assert PlanItem.objects.get(user=user_a).times_per_week == 2


def test_adding_from_the_exercise_page_stays_there(client_a) -> None:
    response = client_a.post("/oefenen/plan/toevoegen/",
                             {"exercise": "ve-mededogen", "next": "exercise"})
    assert response["Location"] == "/oefenen/ve-mededogen/"
    assert PlanItem.objects.get().times_per_week == 4  # from its five minutes


@pytest.mark.parametrize(("data", "message"), [
    ({"exercise": "bestaat-niet", "times": "2"}, "Deze oefening kennen we niet"),
    ({"exercise": "ve-mededogen", "times": "8"}, "van 1 tot en met 7"),
    ({"exercise": "ve-mededogen", "times": "0"}, "van 1 tot en met 7"),
    ({"exercise": "ve-mededogen", "times": "twee"}, "van 1 tot en met 7"),
])
def test_bad_additions_are_refused_with_a_dutch_message(client_a, data, message) -> None:
    response = client_a.post("/oefenen/plan/toevoegen/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Er is niets veranderd" in response.content.decode()
    assert not PlanItem.objects.exists()


def test_changing_how_often(client_a, user_a) -> None:
    item = PlanItem.objects.create(user=user_a, exercise_id="ve-mededogen", times_per_week=2)
    client_a.post(f"/oefenen/plan/{item.pk}/vaak/", {"times": "6"})
    item.refresh_from_db()
    assert item.times_per_week == 6
    response = client_a.post(f"/oefenen/plan/{item.pk}/vaak/", {"times": "11"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.times_per_week == 6


def test_reordering(client_a, user_a) -> None:
    ids = ["ve-mededogen", "an-nu-en-vroeger", "ch-beschermer"]
    items = [PlanItem.objects.create(user=user_a, exercise_id=e, position=n)
             for n, e in enumerate(ids)]
    client_a.post(f"/oefenen/plan/{items[2].pk}/verplaatsen/", {"direction": "op"})
    assert titles_in_order(user_a) == ["ve-mededogen", "ch-beschermer", "an-nu-en-vroeger"]
    client_a.post(f"/oefenen/plan/{items[0].pk}/verplaatsen/", {"direction": "neer"})
    assert titles_in_order(user_a) == ["ch-beschermer", "ve-mededogen", "an-nu-en-vroeger"]
    client_a.post(f"/oefenen/plan/{items[2].pk}/verplaatsen/", {"direction": "neer"})
    assert titles_in_order(user_a)[-1] == "an-nu-en-vroeger"
    response = client_a.post(f"/oefenen/plan/{items[2].pk}/verplaatsen/", {"direction": "zij"})
    assert response.status_code == 400


def test_removing_keeps_the_sessions(client_a, user_a) -> None:
    item = PlanItem.objects.create(user=user_a, exercise_id="ve-dagkaart-lezen")
    client_a.post("/oefenen/ve-dagkaart-lezen/begin/", {"plan_item": str(item.pk)})
    client_a.post(f"/oefenen/plan/{item.pk}/verwijderen/")
    assert not PlanItem.objects.exists()
    from verbinding.web.practice.models import PracticeSession

    assert PracticeSession.objects.get().plan_item is None


def test_someone_elses_plan_item_is_a_404_and_stays_as_it_was(client_b, user_a) -> None:
    item = PlanItem.objects.create(user=user_a, exercise_id="ve-mededogen", times_per_week=2)
    assert client_b.post(f"/oefenen/plan/{item.pk}/vaak/", {"times": "7"}).status_code == 404
    assert client_b.post(f"/oefenen/plan/{item.pk}/verplaatsen/",
                         {"direction": "op"}).status_code == 404
    assert client_b.post(f"/oefenen/plan/{item.pk}/verwijderen/").status_code == 404
    item.refresh_from_db()
    assert item.times_per_week == 2
    assert "id=\"item-" not in client_b.get("/oefenen/plan/").content.decode()


def test_outsiders_cannot_change_a_plan(outsider, user_a) -> None:
    item = PlanItem.objects.create(user=user_a, exercise_id="ve-mededogen")
    response = outsider.post(f"/oefenen/plan/{item.pk}/verwijderen/")
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]
    assert PlanItem.objects.exists()


def test_plan_changes_need_post(client_a, user_a) -> None:
    item = PlanItem.objects.create(user=user_a, exercise_id="ve-mededogen")
    assert client_a.get(f"/oefenen/plan/{item.pk}/verwijderen/").status_code == 405
    assert PlanItem.objects.exists()
