"""How often the questionnaire alarms parents of typical children, and how often it catches a
child who is behind: simulated children answering the real content, scored by the real rule.

Each item's age of acquisition is drawn from a normal distribution whose 75th percentile is the
item's `typical_by_months` (the CDC 2022 definition of a milestone age). Its spread is a
coefficient of variation of 0.19, the average of the WHO motor windows (WHO Multicentre Growth
Reference Study Group 2006, Acta Paediatrica Suppl 450:86-95: e.g. walking alone, median 12.1
months, 1st-99th percentiles 8.2-17.6). Skills of one area are correlated within a child (a
shared part of the spread, `correlation`), since a child who is early or late with one skill of
an area tends to be so with the others. A child answers "Yes" once a skill is acquired,
"Sometimes" within the month before, "Not yet" earlier.

A child "30% behind" in an area acquires that area's skills at 1/0.7 times the usual ages.
"""

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

from .rules import Answer, Status, misses_key_milestone, score_domain

SPREAD = 0.19  # coefficient of variation of acquisition ages (WHO motor windows)
Z_75 = NormalDist().inv_cdf(0.75)
BEHIND = 0.30


@dataclass(frozen=True)
class SimulatedItem:
    domain: str
    typical_by_months: int
    act_early_from_months: int | None = None


@dataclass(frozen=True)
class SimulatedRange:
    key: str
    min_months: int
    max_months: int
    items: tuple[SimulatedItem, ...]

    @property
    def domains(self) -> list[str]:
        return list(dict.fromkeys(item.domain for item in self.items))


@dataclass
class RangeOutcome:
    key: str
    min_months: int
    max_months: int
    typical_children: int = 0
    false_flag: int = 0  # any area "Discuss with a professional"
    false_act_early: int = 0  # any key milestone missed
    false_any: int = 0
    behind_children: dict[str, int] = field(default_factory=dict)
    caught: dict[str, int] = field(default_factory=dict)

    @property
    def false_alarm_rate(self) -> float:
        return self.false_any / self.typical_children

    def catch_rate(self, domain: str) -> float:
        return self.caught[domain] / self.behind_children[domain]

    @property
    def mean_catch_rate(self) -> float:
        return sum(map(self.catch_rate, self.caught)) / len(self.caught)

    @property
    def worst_domain(self) -> str:
        return min(self.caught, key=self.catch_rate)


def acquisition_age(
    item: SimulatedItem, area_factor: float, rng: random.Random, correlation: float, slowdown: float
) -> float:
    if item.typical_by_months <= 0:
        return 0.0  # present from birth
    median = item.typical_by_months / (1 + Z_75 * SPREAD)
    z = math.sqrt(correlation) * area_factor + math.sqrt(1 - correlation) * rng.gauss(0, 1)
    return max(0.0, median * (1 + SPREAD * z)) * slowdown


def answer_at(age: float, acquired_at: float) -> str:
    if acquired_at <= age:
        return Answer.YES
    if acquired_at <= age + 1:
        return Answer.SOMETIMES
    return Answer.NOT_YET


@dataclass(frozen=True)
class ChildOutcome:
    flagged: frozenset[str]
    act_early: frozenset[str]  # areas with a key milestone missed


def simulate_child(
    age_range: SimulatedRange,
    rng: random.Random,
    correlation: float,
    behind_in: str | None = None,
) -> ChildOutcome:
    months = rng.randint(age_range.min_months, age_range.max_months)
    age = months + rng.random()  # completed months, as the app counts them, plus days
    area_factors = {domain: rng.gauss(0, 1) for domain in age_range.domains}
    answers: dict[str, list[str]] = {domain: [] for domain in age_range.domains}
    act_early = set()
    for item in age_range.items:
        slowdown = 1 / (1 - BEHIND) if item.domain == behind_in else 1.0
        answer = answer_at(
            age, acquisition_age(item, area_factors[item.domain], rng, correlation, slowdown)
        )
        answers[item.domain].append(answer)
        if misses_key_milestone(answer, item.act_early_from_months, months):
            act_early.add(item.domain)
    flagged = {
        domain for domain, given in answers.items() if score_domain(given).status == Status.FLAGGED
    }
    return ChildOutcome(frozenset(flagged), frozenset(act_early))


def simulate_range(
    age_range: SimulatedRange, children: int, seed: int, correlation: float
) -> RangeOutcome:
    rng = random.Random(f"{seed}:{age_range.key}")
    outcome = RangeOutcome(age_range.key, age_range.min_months, age_range.max_months)
    for _ in range(children):
        child = simulate_child(age_range, rng, correlation)
        outcome.typical_children += 1
        outcome.false_flag += bool(child.flagged)
        outcome.false_act_early += bool(child.act_early)
        outcome.false_any += bool(child.flagged or child.act_early)
    for domain in age_range.domains:
        outcome.behind_children[domain] = outcome.caught[domain] = 0
        for _ in range(children):
            child = simulate_child(age_range, rng, correlation, behind_in=domain)
            outcome.behind_children[domain] += 1
            outcome.caught[domain] += domain in child.flagged or domain in child.act_early
    return outcome


def simulate(
    ranges: Iterable[SimulatedRange],
    children: int = 2000,
    seed: int = 2026,
    correlation: float = 0.5,
) -> list[RangeOutcome]:
    return [simulate_range(age_range, children, seed, correlation) for age_range in ranges]


FALSE_ALARM_AIM = 0.10
CATCH_AIM = 0.85


def report_table(outcomes: Sequence[RangeOutcome], domain_names: dict[str, str]) -> str:
    """A Markdown table: per age range, false alarms and catches against the aims."""

    def percent(value: float) -> str:
        return f"{100 * value:.1f}%"

    lines = [
        "| age range | false alarms (any) | area flagged | key milestone | catches (mean of areas) "
        "| lowest area | meets aims |",
        "|---|---|---|---|---|---|---|",
    ]
    for outcome in outcomes:
        worst = outcome.worst_domain
        meets = (
            outcome.false_alarm_rate <= FALSE_ALARM_AIM and outcome.catch_rate(worst) >= CATCH_AIM
        )
        lines.append(
            f"| {outcome.min_months}–{outcome.max_months} months "
            f"| {percent(outcome.false_alarm_rate)} "
            f"| {percent(outcome.false_flag / outcome.typical_children)} "
            f"| {percent(outcome.false_act_early / outcome.typical_children)} "
            f"| {percent(outcome.mean_catch_rate)} "
            f"| {domain_names.get(worst, worst)} {percent(outcome.catch_rate(worst))} "
            f"| {'yes' if meets else 'no'} |"
        )
    return "\n".join(lines)


def area_table(outcome: RangeOutcome, domain_names: dict[str, str]) -> str:
    lines = ["| area | catches |", "|---|---|"]
    for domain in outcome.caught:
        lines.append(
            f"| {domain_names.get(domain, domain)} | {100 * outcome.catch_rate(domain):.1f}% |"
        )
    return "\n".join(lines)
