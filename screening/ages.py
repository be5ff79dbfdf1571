"""Age arithmetic: a child's age in whole months, the age corrected for an early birth, and the
age range whose questions fit it."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

# The oldest age, in completed months, that the questionnaires cover (5 years 11 months).
OLDEST_AGE_MONTHS = 71
# A pregnancy is counted as 40 weeks: a baby born at 34 weeks was born 6 weeks early.
FULL_TERM_WEEKS = 40
# Babies born before 37 weeks of pregnancy (preterm; the AAP's "more than 3 weeks early") are
# screened at their corrected age, counted from the due date...
PRETERM_BEFORE_WEEKS = 37
CORRECT_FROM_WEEKS_EARLY = FULL_TERM_WEEKS - PRETERM_BEFORE_WEEKS + 1  # 4 weeks early: 36 weeks
# ...until they are this old, when most have caught up (the usual pediatric practice).
CORRECT_UNTIL_MONTHS = 24


class HasMonthRange(Protocol):
    min_months: int
    max_months: int


RangeT = TypeVar("RangeT", bound=HasMonthRange)


def age_in_months(date_of_birth: date, on: date) -> int:
    """Completed months between birth and `on`, as a pediatrician counts them.

    A month is complete on the same day of the month as the birthday; for a child born on the
    31st, it is complete on the last day of a shorter month.
    """
    if on < date_of_birth:
        raise ValueError("the date of birth is after the given date")
    months = (on.year - date_of_birth.year) * 12 + (on.month - date_of_birth.month)
    last_day_of_month = calendar.monthrange(on.year, on.month)[1]
    if on.day < date_of_birth.day and on.day != last_day_of_month:
        months -= 1
    return months


@dataclass(frozen=True)
class ChildAge:
    months: int
    # Months since the due date, when the child was born early enough and is young enough for it
    # to count; None otherwise.
    corrected_months: int | None = None
    due_date: date | None = None

    @property
    def is_corrected(self) -> bool:
        return self.corrected_months is not None

    @property
    def for_questions(self) -> int:
        """The age that picks the questions."""
        return self.months if self.corrected_months is None else self.corrected_months


def weeks_before_due_date(born_at_weeks: int | None) -> int:
    """How many weeks before the due date a baby born at `born_at_weeks` of pregnancy came; 0 for
    a baby born at 40 weeks or later, or when the parent doesn't know."""
    if born_at_weeks is None:
        return 0
    return max(0, FULL_TERM_WEEKS - born_at_weeks)


def born_at_weeks(weeks_early: int) -> int | None:
    """The weeks of pregnancy a baby born `weeks_early` weeks early was born at; None for 0 (on
    time, or not known)."""
    return FULL_TERM_WEEKS - weeks_early if weeks_early else None


def is_asked_about_early_birth(months: int) -> bool:
    """Early birth changes the questions only for children under 2, so only they are asked."""
    return months < CORRECT_UNTIL_MONTHS


def child_age(date_of_birth: date, weeks_early: int, on: date) -> ChildAge:
    months = age_in_months(date_of_birth, on)
    if weeks_early < CORRECT_FROM_WEEKS_EARLY or not is_asked_about_early_birth(months):
        return ChildAge(months)
    due_date = date_of_birth + timedelta(weeks=weeks_early)
    corrected = age_in_months(due_date, on) if on >= due_date else 0
    return ChildAge(months, corrected, due_date)


def range_for_age(age_months: int, ranges: Iterable[RangeT]) -> RangeT | None:
    """The range whose months hold `age_months`, or None when no range covers it."""
    for age_range in ranges:
        if age_range.min_months <= age_months <= age_range.max_months:
            return age_range
    return None


def date_when_months_old(born: date, months: int) -> date:
    """The day a child born on `born` completes `months` months."""
    year, month_index = divmod(born.month - 1 + months, 12)
    year += born.year
    day = min(born.day, calendar.monthrange(year, month_index + 1)[1])
    return date(year, month_index + 1, day)
