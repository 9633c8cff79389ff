"""The interpretation rules, without a database: high, care, verdict, highlights."""

from __future__ import annotations

from verbinding.interpret import (
    INSECURE,
    STYLE_ORDER,
    VERSION,
    combine,
    from_json,
    is_high,
    needs_care,
    read_result,
    standing_out,
    verdict,
)


def _styles(**scores: float) -> dict:
    return {s: {"score": v, "ci90": [v - 0.8, v + 0.8]} for s, v in scores.items()}


def test_the_style_order_and_groups_are_one_list():
    assert STYLE_ORDER == ("veilig", "vermijdend", "angstig", "chaotisch")
    assert STYLE_ORDER[1:] == INSECURE


def test_the_measurement_quadrants_are_the_same_four_styles():
    from verbinding.measure.profiles import QUADRANTS

    assert sorted(QUADRANTS) == sorted(STYLE_ORDER)


def test_high_is_judged_on_the_figure_people_see():
    assert is_high(5.0) and is_high(4.96)  # shown as 5,0
    assert not is_high(4.94) and not is_high(None) and not is_high(float("nan"))


def test_the_care_rule_asks_for_chaotic_or_confusion_high():
    assert needs_care(5.0)
    assert needs_care(2.0, [3.0, 5.2])
    assert not needs_care(4.9, [None, 4.0])


def test_the_verdict_names_the_difference_test_outcome():
    assert verdict("angstig", [], False).kind == "dominant"
    assert verdict(None, ["chaotisch", "veilig"], False).styles == ("veilig", "chaotisch")
    assert verdict(None, list(STYLE_ORDER), False).kind == "all_close"
    assert verdict("angstig", [], True).kind == "all_alike"


def test_standing_out_is_the_top_insecure_style_and_every_high_one():
    assert standing_out({"veilig": 6.0, "vermijdend": 2.0, "angstig": 3.0}) == ["angstig"]
    assert standing_out({"vermijdend": 5.0, "angstig": 5.5}) == ["vermijdend", "angstig"]
    assert standing_out({}) == []


def test_a_profile_reading_keeps_care_verdict_and_highlights():
    profile = {"kind": "profile", "dominant": None, "mixed": ["angstig", "chaotisch"]}
    reading = read_result(profile, _styles(veilig=2, vermijdend=5.0, angstig=5.5, chaotisch=5.4))
    assert reading.care
    assert reading.verdict.kind == "mixed"
    assert [(h.style, h.reason) for h in reading.highlights] == [
        ("angstig", "mixed"), ("chaotisch", "mixed"), ("vermijdend", "above_middle")]


def test_a_relationship_reading_highlights_a_clear_quadrant_only():
    clear = read_result({"kind": "quadrant", "quadrant": "angstig", "borderline": False},
                        {"desorganisatie": {"score": 5.1}})
    border = read_result({"kind": "quadrant", "quadrant": "angstig", "borderline": True}, {})
    assert clear.care and [h.style for h in clear.highlights] == ["angstig"]
    assert not border.care and border.highlights == ()


def test_a_self_test_without_highlights_is_offered_the_secure_style():
    calm = read_result({"kind": "profile", "dominant": "veilig", "mixed": []},
                       _styles(veilig=6, vermijdend=2, angstig=2, chaotisch=2))
    combined = combine([calm])
    assert [(h.style, h.reason) for h in combined.highlights] == [("veilig", "dominant")]
    assert combine([]).highlights[0].reason == "secure_default"


def test_a_kept_reading_comes_back_as_it_was_with_its_version():
    profile = {"kind": "profile", "dominant": "chaotisch", "mixed": []}
    reading = read_result(profile, _styles(veilig=2, vermijdend=2, angstig=2, chaotisch=6))
    back = from_json(reading.to_json(), "0", position=0)
    assert (back.care, back.verdict, back.high) == (reading.care, reading.verdict, reading.high)
    assert back.newer_exists and not reading.newer_exists
    assert combine([back, reading]).version == "0"
    assert combine([reading]).version == VERSION


def test_a_percentile_is_said_as_about_x_out_of_ten() -> None:
    from verbinding.interpret import out_of_ten

    assert out_of_ten(80.0) == 8
    assert out_of_ten(75.0) == 8  # half up, like every figure people see
    assert out_of_ten(74.9) == 7
    # Never "0 op de 10" or "10 op de 10": a norm group cannot carry that certainty.
    assert out_of_ten(2.0) == 1
    assert out_of_ten(99.5) == 9
    assert out_of_ten(None) is None
    assert out_of_ten(float("nan")) is None
