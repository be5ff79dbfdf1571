from dataclasses import dataclass
from datetime import date

import pytest

from screening.ages import age_in_months, band_for_age


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
class Band:
    key: str
    min_months: int
    max_months: int


BANDS = [Band("infant", 0, 12), Band("toddler", 13, 36), Band("preschool", 37, 71)]


@pytest.mark.parametrize(
    "months, band_key",
    [(0, "infant"), (12, "infant"), (13, "toddler"), (36, "toddler"), (37, "preschool"),
     (71, "preschool"), (72, None)],
)
def test_the_band_is_the_one_whose_months_hold_the_age(months, band_key):
    band = band_for_age(months, BANDS)
    assert (band.key if band else None) == band_key
