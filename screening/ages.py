"""Age arithmetic: a child's age in whole months and the age band it falls in."""

import calendar
from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

# The oldest age, in completed months, that the questionnaires cover (5 years 11 months).
OLDEST_AGE_MONTHS = 71


class HasMonthRange(Protocol):
    min_months: int
    max_months: int


BandT = TypeVar("BandT", bound=HasMonthRange)


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


def band_for_age(age_months: int, bands: Iterable[BandT]) -> BandT | None:
    """The band whose month range holds `age_months`, or None when no band covers it."""
    for band in bands:
        if band.min_months <= age_months <= band.max_months:
            return band
    return None
