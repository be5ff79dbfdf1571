"""The shipped content itself: complete for every age, sourced, and easy to read."""

import re
from statistics import mean

import pytest
import textstat

from milestones.models import AgeRange, Domain, Milestone, RedFlag, SourceKind
from screening.ages import OLDEST_AGE_MONTHS, range_for_age

COPYRIGHTED_INSTRUMENTS = [
    "ASQ",
    "Ages & Stages",
    "Ages and Stages",
    "PEDS",
    "M-CHAT",
    "Sensory Profile",
    "Peabody",
    "Bayley",
    "Beery",
]
# Reading one short item and tapping an answer, with a child on the lap.
SECONDS_PER_ITEM = 15
FIRST_QUESTIONS_MONTHS = 2  # the CDC's first checklist


@pytest.fixture
def items(shipped_content):
    return list(Milestone.objects.filter(is_active=True).select_related("age_range", "domain"))


def test_every_age_from_2_to_71_months_gets_a_complete_questionnaire_of_skills_typical_by_then(
    shipped_content,
):
    ranges = list(AgeRange.objects.filter(is_active=True).select_related("band"))
    domains = list(Domain.objects.filter(is_active=True))
    for months in range(FIRST_QUESTIONS_MONTHS, OLDEST_AGE_MONTHS + 1):
        age_range = range_for_age(months, ranges)
        assert age_range is not None, f"no questions for {months} months"
        for domain in domains:
            asked = list(
                Milestone.objects.filter(age_range=age_range, domain=domain, is_active=True)
            )
            if not domain.applies_to(age_range.min_months, age_range.max_months):
                assert asked == []
                continue
            assert 4 <= len(asked) <= 8, f"{months} months, {domain.key}: {len(asked)} items"
            for item in asked:
                assert item.typical_by_months <= months, f"{item.key} asked at {months} months"
                assert item.source_url.startswith(("https://", "http://")), item.key
                assert item.source.strip(), item.key
        assert RedFlag.objects.filter(band=age_range.band, is_active=True).exists()


def test_no_questions_before_two_months_because_no_published_norm_starts_earlier(shipped_content):
    ranges = list(AgeRange.objects.filter(is_active=True))
    assert range_for_age(FIRST_QUESTIONS_MONTHS - 1, ranges) is None
    assert range_for_age(FIRST_QUESTIONS_MONTHS, ranges) is not None


def test_the_ranges_start_at_the_cdc_checklist_ages(shipped_content):
    assert [(r.min_months, r.max_months) for r in AgeRange.objects.filter(is_active=True)] == [
        (2, 3),
        (4, 5),
        (6, 8),
        (9, 11),
        (12, 14),
        (15, 17),
        (18, 23),
        (24, 29),
        (30, 35),
        (36, 47),
        (48, 59),
        (60, 71),
    ]


def test_every_range_has_key_milestones_for_moving_hands_eating_and_talking(shipped_content):
    for age_range in AgeRange.objects.filter(is_active=True):
        escalating = set(
            Milestone.objects.filter(
                age_range=age_range,
                is_active=True,
                act_early_from_months__isnull=False,
                act_early_from_months__lte=age_range.max_months,
            ).values_list("domain__key", flat=True)
        )
        assert {"gross_motor", "fine_motor", "feeding", "talking"} <= escalating, age_range.key


def test_talking_and_understanding_is_asked_at_every_age_and_routed_to_an_slp(shipped_content):
    talking = Domain.objects.get(key="talking")
    assert (talking.professional, talking.min_months, talking.max_months) == ("SLP", 2, 71)


def test_self_care_never_asks_about_eating_or_drinking(items):
    eating_words = re.compile(r"\b(eat|eats|drink|drinks|spoon|fork|cup|food|meal|chew)", re.I)
    overlap = [
        item.key
        for item in items
        if item.domain.key == "self_care" and eating_words.search(item.text)
    ]
    assert overlap == []


def test_every_band_asks_about_lost_skills(shipped_content):
    for band_key in ("infant", "toddler", "preschool"):
        texts = RedFlag.objects.filter(band__key=band_key).values_list("text", flat=True)
        assert any("lost" in text.lower() for text in texts), band_key


def test_every_item_cites_a_public_source_a_reviewer_can_open(items):
    for item in items:
        assert item.source_kind in SourceKind.values, item.key
        assert item.source_url.startswith("https://"), item.key
        if item.source_kind != SourceKind.PRACTICE:
            assert re.search(r"\d|birth", item.source), f"{item.key}: {item.source!r} gives no age"
        for instrument in COPYRIGHTED_INSTRUMENTS:
            assert instrument not in item.source, f"{item.key} cites {instrument}"
    for flag in RedFlag.objects.filter(is_active=True):
        assert flag.source.strip(), flag.key


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
    print(
        "\nItems (minutes) per age range: "
        + ", ".join(f"{key} {per_range[key]} ({minutes[key]:.0f})" for key in sorted(per_range))
    )
    assert max(minutes.values()) <= 15
