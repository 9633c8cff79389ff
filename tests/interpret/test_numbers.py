"""One way to show a number: rounding half away from zero, per language (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from verbinding.interpret import numbers


def test_it_rounds_half_away_from_zero_where_round_rounds_to_even():
    assert f"{2.25:.1f}" == "2.2"  # the old way: half to even on the binary value
    assert numbers.score(2.25, "nl") == "2,3"
    assert numbers.score(0.15, "en") == "0.2"  # 0.15 is 0.1499… in binary
    assert numbers.score(-2.25, "nl") == "−2,3"
    assert numbers.rounded(6.25) == Decimal("6.3")


def test_a_difference_is_taken_between_the_figures_shown():
    # 2,25 shows as 2,3 and 1,04 as 1,0: the difference people can check is −1,3.
    assert numbers.difference(2.25, 1.04, "nl") == "−1,3"
    assert numbers.difference(1.0, 1.44, "en") == "+0.4"
    assert numbers.difference(3.01, 2.99, "nl") == "0,0"


@given(st.floats(1, 7), st.floats(1, 7))
def test_a_shown_difference_always_adds_up(before, after):
    shown = numbers.rounded(after) - numbers.rounded(before)
    assert numbers.difference_value(before, after) == shown


def test_a_missing_number_is_a_dash():
    assert numbers.score(None, "nl") == "–"
    assert numbers.score(float("nan"), "en") == "–"
    assert numbers.percent(None, "nl") == "–"


def test_percentages_and_two_decimal_figures_follow_the_language():
    assert numbers.percent(0.8, "nl") == "80 %"
    assert numbers.percent(0.805, "en") == "81%"
    assert numbers.number(0.8, "nl") == "0,80"
    assert numbers.number(0.125, "en", 2) == "0.13"


def test_dutch_dates_carry_dutch_month_names():
    day = dt.date(2026, 12, 6)
    assert numbers.long_date(day, "nl") == "6 december 2026"
    assert numbers.short_date(day, "nl") == "6 dec 2026"  # CLDR's Dutch abbreviation
    assert numbers.short_date(day, "en") == "6 Dec 2026"
    assert numbers.long_date(day, "en-gb") == "6 December 2026"


def test_a_head_count_groups_thousands_per_language():
    assert numbers.count(1240, "nl") == "1.240"
    assert numbers.count(1240, "en") == "1,240"
    assert numbers.count(87, "nl") == "87"


def test_a_language_without_a_catalogue_writes_its_own_cldr_figures():
    # No Python knows German: the decimal mark, grouping and months come from CLDR, the
    # percentage's wording falls back to the msgid (Dutch, which German writes alike).
    day = dt.date(2026, 3, 6)
    assert numbers.score(2.25, "de") == "2,3"
    assert numbers.count(1240, "de") == "1.240"
    assert numbers.long_date(day, "de") == "6 März 2026"
    assert numbers.percent(0.8, "de") == "80 %"
    assert numbers.score(2.25, "xx-unknown") == numbers.score(2.25, "nl")
    # A language whose marks differ from Dutch gets its own, still without any Python.
    assert numbers.score(-2.25, "de-ch") == "−2.3"
    assert numbers.count(1240, "de-ch") == "1'240"
