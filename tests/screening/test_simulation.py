"""The simulation behind the false-alarm and catch figures: seeded, and scored by the real rule."""

import random
from io import StringIO

import pytest
from django.core.management import call_command

from screening.simulation import (
    SimulatedItem,
    SimulatedRange,
    acquisition_age,
    answer_at,
    simulate,
    simulate_range,
)


@pytest.mark.parametrize(
    "age, acquired_at, answer",
    [
        (20.0, 18.0, "yes"),
        (20.0, 20.0, "yes"),
        (20.0, 20.5, "sometimes"),
        (20.0, 21.0, "sometimes"),
        (20.0, 21.5, "not_yet"),
    ],
)
def test_a_child_answers_yes_once_acquired_sometimes_within_a_month_not_yet_before(
    age, acquired_at, answer
):
    assert answer_at(age, acquired_at) == answer


def test_three_in_four_children_have_a_skill_by_its_typical_age():
    rng = random.Random(1)
    item = SimulatedItem("talking", 24)
    ages = [acquisition_age(item, rng.gauss(0, 1), rng, 0.5, 1.0) for _ in range(20000)]
    assert 0.73 < sum(age <= 24 for age in ages) / len(ages) < 0.77


def test_a_child_thirty_percent_behind_gets_skills_later():
    rng = random.Random(1)
    item = SimulatedItem("talking", 24)
    usual = sorted(acquisition_age(item, 0.0, rng, 0.0, 1.0) for _ in range(2001))[1000]
    behind = sorted(acquisition_age(item, 0.0, rng, 0.0, 1 / 0.7) for _ in range(2001))[1000]
    assert behind == pytest.approx(usual / 0.7, rel=0.05)


def four_items(domain, typical_by, act_early=None):
    return tuple(SimulatedItem(domain, typical_by, act_early) for _ in range(4))


def test_items_typical_long_before_the_range_alarm_nobody_and_catch_nobody():
    easy = SimulatedRange("easy.m36_47", 36, 47, four_items("hands", 24) + four_items("moving", 24))
    outcome = simulate_range(easy, children=500, seed=1, correlation=0.5)
    assert outcome.false_alarm_rate < 0.01
    assert outcome.mean_catch_rate < 0.05


def test_a_key_milestone_catches_children_behind_in_its_area():
    walking = SimulatedRange(
        "walking.m18_23",
        18,
        23,
        four_items("hands", 12) + (SimulatedItem("moving", 15, 18),) + four_items("moving", 9)[:3],
    )
    outcome = simulate_range(walking, children=1000, seed=1, correlation=0.5)
    assert outcome.catch_rate("moving") > outcome.catch_rate("hands") + 0.2


def test_the_same_seed_gives_the_same_figures():
    content = [
        SimulatedRange("r.m12_14", 12, 14, four_items("hands", 12) + four_items("moving", 11))
    ]
    first = simulate(content, children=300, seed=7)
    second = simulate(content, children=300, seed=7)
    assert [(o.false_any, o.caught) for o in first] == [(o.false_any, o.caught) for o in second]


# The one screening test on the shipped content: the command's job is to read the YAML files in
# fixtures/ (no database), and the README's benchmark is this run.
def test_the_command_prints_a_row_per_age_range_of_the_shipped_content():
    output = StringIO()
    call_command("simulate_screening", "--children", "50", stdout=output)
    text = output.getvalue()
    assert "seed 2026" in text
    assert "| 2–3 months |" in text and "| 60–71 months |" in text
