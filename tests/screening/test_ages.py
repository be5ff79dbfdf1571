from dataclasses import dataclass
from datetime import date

import pytest

from screening.ages import age_in_months, child_age, date_when_months_old, range_for_age
from screening.templatetags.screening_tags import age_in_words


@pytest.mark.parametrize(
    "born, on, months",
    [
        (date(2026, 1, 15), date(2026, 1, 15), 0),
        (date(2026, 1, 15), date(2026, 2, 14), 0),
        (date(2026, 1, 15), date(2026, 2, 15), 1),
        (date(2025, 11, 24), date(2026, 11, 24), 12),
        (date(2025, 11, 25), date(2026, 11, 24), 11),
        # Born on the 31st: the month is complete on the last day of a shorter month.
        (date(2026, 1, 31), date(2026, 2, 28), 1),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2026, 1, 31), date(2026, 3, 30), 1),
        (date(2026, 1, 31), date(2026, 3, 31), 2),
        (date(2020, 12, 24), date(2026, 11, 24), 71),
        (date(2020, 11, 24), date(2026, 11, 24), 72),
    ],
)
def test_age_is_counted_in_completed_months(born, on, months):
    assert age_in_months(born, on) == months


def test_a_birth_date_after_the_day_is_refused():
    with pytest.raises(ValueError):
        age_in_months(date(2026, 11, 25), date(2026, 11, 24))


@dataclass
class Range:
    key: str
    min_months: int
    max_months: int


RANGES = [
    Range("infant.m01_03", 1, 3),
    Range("infant.m04_06", 4, 6),
    Range("toddler.m13_18", 13, 18),
]


@pytest.mark.parametrize(
    "months, range_key",
    [
        (0, None),
        (1, "infant.m01_03"),
        (3, "infant.m01_03"),
        (4, "infant.m04_06"),
        (6, "infant.m04_06"),
        (7, None),
        (13, "toddler.m13_18"),
        (19, None),
    ],
)
def test_the_range_is_the_one_whose_months_hold_the_age(months, range_key):
    age_range = range_for_age(months, RANGES)
    assert (age_range.key if age_range else None) == range_key


TODAY = date(2026, 11, 24)


def test_a_child_born_on_time_is_screened_at_their_age():
    age = child_age(date(2026, 5, 24), weeks_early=0, on=TODAY)
    assert (age.months, age.corrected_months, age.for_questions) == (6, None, 6)


def test_two_weeks_early_is_not_corrected():
    age = child_age(date(2026, 5, 24), weeks_early=2, on=TODAY)
    assert not age.is_corrected
    assert age.for_questions == 6


def test_three_weeks_early_is_born_at_37_weeks_on_time_and_not_corrected():
    age = child_age(date(2026, 5, 24), weeks_early=3, on=TODAY)
    assert not age.is_corrected
    assert age.for_questions == 6


def test_four_weeks_early_is_born_before_37_weeks_and_corrected_from_the_due_date():
    # Born May 24 at 36 weeks, due June 21: 5 completed months since the due date on November 24.
    age = child_age(date(2026, 5, 24), weeks_early=4, on=TODAY)
    assert (age.months, age.corrected_months) == (6, 5)
    assert age.due_date == date(2026, 6, 21)
    assert age.for_questions == 5


def test_eight_weeks_early_moves_a_four_month_old_back_to_two_months():
    age = child_age(date(2026, 7, 24), weeks_early=8, on=TODAY)
    assert (age.months, age.for_questions) == (4, 2)


def test_just_under_24_months_is_still_corrected():
    age = child_age(date(2024, 11, 25), weeks_early=10, on=TODAY)
    assert age.months == 23
    assert age.is_corrected
    assert age.for_questions == 21


def test_exactly_24_months_is_no_longer_corrected():
    age = child_age(date(2024, 11, 24), weeks_early=10, on=TODAY)
    assert age.months == 24
    assert not age.is_corrected
    assert age.for_questions == 24


def test_a_corrected_age_below_one_month_counts_as_zero_months():
    # Six weeks old, born ten weeks early: the due date is still a month away.
    age = child_age(date(2026, 10, 13), weeks_early=10, on=TODAY)
    assert age.months == 1
    assert age.corrected_months == 0
    assert range_for_age(age.for_questions, RANGES) is None


@pytest.mark.parametrize(
    "born, months, expected",
    [
        (date(2026, 6, 14), 1, date(2026, 7, 14)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2025, 12, 15), 2, date(2026, 2, 15)),
    ],
)
def test_the_day_a_child_completes_a_number_of_months(born, months, expected):
    assert date_when_months_old(born, months) == expected
    assert age_in_months(born, expected) == months


@pytest.mark.parametrize(
    "months, words",
    [
        (0, "0 months"),
        (1, "1 month"),
        (23, "23 months"),
        (24, "2 years (24 months)"),
        (25, "2 years 1 month (25 months)"),
        (66, "5 years 6 months (66 months)"),
    ],
)
def test_ages_read_as_a_parent_says_them(months, words):
    assert age_in_words(months) == words
