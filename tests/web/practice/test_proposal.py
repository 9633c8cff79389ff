"""The proposal rule, without a database."""

from __future__ import annotations

from collections import Counter

import pytest

from verbinding.web.practice import proposal
from verbinding.web.practice.proposal import Catalogue, ExerciseInfo, Profile, Relation

STYLES = ("veilig", "vermijdend", "angstig", "chaotisch")
CATALOGUE = Catalogue(
    exercises={s: [ExerciseInfo(f"{s[:2]}-{n}", 5 * n) for n in range(1, 7)] for s in STYLES},
    names={s: s for s in STYLES},
)


def styles_of(plan: list[proposal.Proposed]) -> Counter[str]:
    return Counter(item.style for item in plan)


def scores(**given: float) -> dict[str, float | None]:
    return {s: given.get(s, 2.0) for s in STYLES}


def test_it_always_proposes_secure_exercises() -> None:
    plan = proposal.propose(Profile(scores(angstig=7, vermijdend=7, chaotisch=7)), CATALOGUE)
    assert styles_of(plan)["veilig"] >= proposal.MIN_SECURE
    assert len(plan) == proposal.TOTAL


def test_a_higher_insecure_score_brings_more_of_its_exercises() -> None:
    plan = proposal.propose(Profile(scores(angstig=6.5, vermijdend=4.0)), CATALOGUE)
    counts = styles_of(plan)
    assert counts["angstig"] > counts["vermijdend"] > 0
    assert counts["chaotisch"] == 0


def test_only_secure_exercises_when_no_insecure_style_stands_out() -> None:
    plan = proposal.propose(Profile(scores(veilig=6.0)), CATALOGUE)
    assert set(styles_of(plan)) == {"veilig"}
    assert 2 <= len(plan) <= 3


def test_answers_that_are_all_alike_do_not_steer_the_plan() -> None:
    profile = Profile(scores(angstig=6, vermijdend=6, chaotisch=6), all_alike=True)
    assert set(styles_of(proposal.propose(profile, CATALOGUE))) == {"veilig"}


def test_a_relationship_pattern_is_named_in_the_reason_and_counts() -> None:
    profile = Profile(scores(), relations=[Relation("je moeder", "angstig"),
                                            Relation("je vader", "angstig")])
    plan = proposal.propose(profile, CATALOGUE)
    anxious = [item for item in plan if item.style == "angstig"]
    assert anxious
    assert "Bij je moeder en je vader kwam het angstige patroon naar voren." in anxious[0].reason


def test_the_general_form_is_named_as_in_general() -> None:
    profile = Profile(scores(), relations=[Relation("", "vermijdend", general=True),
                                            Relation("je partner", "vermijdend")])
    plan = proposal.propose(profile, CATALOGUE)
    avoidant = next(item for item in plan if item.style == "vermijdend")
    assert "In het algemeen en bij je partner kwam het vermijdende patroon" in avoidant.reason


def test_a_borderline_relationship_is_not_named() -> None:
    profile = Profile(scores(), relations=[Relation("je moeder", "angstig", borderline=True)])
    plan = proposal.propose(profile, CATALOGUE)
    assert all("moeder" not in item.reason for item in plan)
    assert set(styles_of(plan)) == {"veilig"}


def test_the_reason_names_the_score_with_a_decimal_comma() -> None:
    plan = proposal.propose(Profile(scores(chaotisch=5.25)), CATALOGUE)
    chaotic = next(item for item in plan if item.style == "chaotisch")
    # Half away from zero, as on the result page (interpret.numbers): 5,25 is 5,3.
    assert "de chaotische stijl (score 5,3 van 7)" in chaotic.reason


def test_exercises_come_in_the_articles_order_most_recognised_style_first() -> None:
    plan = proposal.propose(Profile(scores(vermijdend=6.0, angstig=4.5)), CATALOGUE)
    assert plan[0].exercise_id == "ve-1"
    assert plan[0].style == "vermijdend"
    assert plan[-1].style == "veilig"


def test_no_style_gets_more_than_it_has() -> None:
    small = Catalogue(exercises={"veilig": [ExerciseInfo("v1", 3)],
                                 "angstig": [ExerciseInfo("a1", 10)]})
    plan = proposal.propose(Profile(scores(angstig=7)), small)
    assert [item.exercise_id for item in plan] == ["a1", "v1"]


def test_missing_scores_are_no_weight() -> None:
    profile = Profile({"veilig": None, "angstig": float("nan")})
    assert set(styles_of(proposal.propose(profile, CATALOGUE))) == {"veilig"}


@pytest.mark.parametrize(("minutes", "times"), [(1, 7), (3, 7), (5, 4), (10, 3), (20, 2),
                                                (60, 1)])
def test_shorter_exercises_are_proposed_more_often(minutes: int, times: int) -> None:
    assert proposal.times_per_week(minutes) == times


def test_it_shares_places_in_proportion() -> None:
    counts = proposal.allocate({"a": 3.0, "b": 1.0, "c": 0.0}, 4, {"a": 9, "b": 9, "c": 9})
    assert counts == {"a": 3, "b": 1, "c": 0}


def test_the_real_library_gives_a_full_proposal() -> None:
    from verbinding.web.practice.services import catalogue

    plan = proposal.propose(Profile(scores(angstig=6, chaotisch=5)), catalogue())
    assert len({item.exercise_id for item in plan}) == proposal.TOTAL
    assert plan[0].exercise_id.startswith("an-")
    assert all(1 <= item.times_per_week <= 7 for item in plan)


def test_the_plan_says_you_recognised_yourself_only_above_the_high_threshold() -> None:
    plan = proposal.propose(Profile(scores(chaotisch=3.4)), CATALOGUE)
    chaotic = next(item for item in plan if item.style == "chaotisch")
    assert "herkende" not in chaotic.reason
    assert "De chaotische stijl speelt een beetje mee in je antwoorden (score 3,4 van 7)." \
        in chaotic.reason
    high = proposal.propose(Profile(scores(chaotisch=4.96)), CATALOGUE)  # shown as 5,0
    assert "Je herkende je in de chaotische stijl (score 5,0 van 7)." in next(
        item for item in high if item.style == "chaotisch").reason
