"""The shipped content itself: complete for every age, sourced, and easy to read."""

import re
from statistics import mean

import pytest
import textstat

from milestones.models import AgeRange, Domain, Milestone, RedFlag
from screening.ages import OLDEST_AGE_MONTHS, range_for_age

COPYRIGHTED_INSTRUMENTS = [
    "ASQ", "Ages & Stages", "Ages and Stages", "PEDS", "M-CHAT", "Sensory Profile", "Peabody",
    "Bayley", "Beery",
]
SECONDS_PER_ITEM = 15  # reading one short item and tapping an answer, with a child on the lap


@pytest.fixture
def items(content):
    return list(Milestone.objects.filter(is_active=True).select_related("age_range", "domain"))


def test_every_age_from_1_to_71_months_gets_a_complete_questionnaire(content):
    ranges = list(AgeRange.objects.filter(is_active=True).select_related("band"))
    domains = list(Domain.objects.filter(is_active=True))
    for months in range(1, OLDEST_AGE_MONTHS + 1):
        age_range = range_for_age(months, ranges)
        assert age_range is not None, f"no questions for {months} months"
        for domain in domains:
            count = Milestone.objects.filter(
                age_range=age_range, domain=domain, is_active=True
            ).count()
            if domain.applies_to(age_range.min_months, age_range.max_months):
                assert 4 <= count <= 8, f"{age_range.key} {domain.key}: {count} items"
            else:
                assert count == 0
        assert RedFlag.objects.filter(band=age_range.band, is_active=True).exists()


def test_the_ranges_are_the_ones_the_clinic_asked_for(content):
    assert [(r.min_months, r.max_months) for r in AgeRange.objects.filter(is_active=True)] == [
        (1, 3), (4, 6), (7, 9), (10, 12), (13, 18), (19, 24), (25, 30), (31, 36),
        (37, 48), (49, 60), (61, 71),
    ]


def test_every_band_asks_about_lost_skills(content):
    for band_key in ("infant", "toddler", "preschool"):
        texts = RedFlag.objects.filter(band__key=band_key).values_list("text", flat=True)
        assert any("lost" in text.lower() for text in texts), band_key


def test_every_item_rests_on_a_named_public_norm(items):
    flags = list(RedFlag.objects.filter(is_active=True))
    for item in [*items, *flags]:
        source = item.source
        assert source.strip(), item.key
        assert (
            re.search(r"\d", source)  # the age the norm gives
            or "not age-normed" in source
            or re.search(r"\b(CDC|AAP|WHO)\b", source)
        ), f"{item.key}: '{source}' names no age and no public source"
        for instrument in COPYRIGHTED_INSTRUMENTS:
            assert instrument not in source, f"{item.key} cites {instrument}"


def test_every_text_has_a_spanish_translation(items):
    for item in items:
        assert item.text_es and item.text_es != item.text, item.key
        assert bool(item.example) == bool(item.example_es), item.key


def test_items_are_at_a_sixth_grade_reading_level(items):
    grades = {item.key: textstat.flesch_kincaid_grade(item.text) for item in items}
    average = mean(grades.values())
    hardest = max(grades, key=grades.get)
    print(
        f"\nFlesch-Kincaid grade of {len(grades)} items: average {average:.2f}, "
        f"highest {grades[hardest]:.1f} ({hardest}), lowest {min(grades.values()):.1f}"
    )
    assert average <= 6
    too_hard = {key: grade for key, grade in grades.items() if grade > 9}
    assert not too_hard


def test_each_questionnaire_stays_short(items):
    per_range: dict[str, int] = {}
    for item in items:
        per_range[item.age_range.key] = per_range.get(item.age_range.key, 0) + 1
    minutes = {key: count * SECONDS_PER_ITEM / 60 for key, count in per_range.items()}
    print("\nItems (minutes) per age range: " + ", ".join(
        f"{key} {per_range[key]} ({minutes[key]:.0f})" for key in sorted(per_range)
    ))
    assert max(minutes.values()) <= 15
