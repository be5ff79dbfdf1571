"""The `skill` key that links items asking about the same skill in different age ranges.

A skill a child had and then lost is the most urgent sign there is (CDC "Act Early"; AAP): a "Yes"
in an earlier screening and a "Not yet" now, to items sharing a `skill`, is shown as a possible lost
skill. So the links must be exact: a misspelt key would silently never match, and a key used once
links nothing.

In a band file the key sits right after the item's `domain:`, as `skill: <domain>.<name>`.
"""

import re

from .checking import Checker
from .specs import MilestoneSpec

SKILL_PATTERN = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")
SKILL_MAX_LENGTH = 80  # Milestone.skill


def read_skill(checker: Checker, values: dict, domain: str, where: str) -> str | None:
    """The item's skill key ("" when it has none); None, with the problem noted, if it is wrong."""
    if "skill" not in values:
        return ""
    skill = checker.text(values["skill"])
    if not SKILL_PATTERN.match(skill):
        checker.problem(
            where,
            f"skill '{skill}' must be '<area key>.<name>' in lowercase letters, digits and '_', "
            f"like '{domain}.stacks_blocks' (or remove the line)",
        )
        return None
    if len(skill) > SKILL_MAX_LENGTH:
        checker.problem(where, f"skill must be at most {SKILL_MAX_LENGTH} characters")
        return None
    if skill.partition(".")[0] != domain:
        checker.problem(
            where,
            f"skill '{skill}' must start with this item's own area, '{domain}.': a skill links "
            "items of one area",
        )
        return None
    return skill


def check_skills(checker: Checker, milestones: list[MilestoneSpec]):
    """Each skill is asked at most once per age range, and in at least two age ranges."""
    by_skill: dict[str, list[MilestoneSpec]] = {}
    for item in milestones:
        if item.skill:
            by_skill.setdefault(item.skill, []).append(item)
    for skill, items in by_skill.items():
        by_range: dict[str, MilestoneSpec] = {}
        for item in items:
            earlier = by_range.setdefault(item.age_range, item)
            if earlier is not item:
                checker.problem(
                    item.where,
                    f"skill '{skill}' is already given to '{earlier.key}' in this age range; "
                    "an age range asks about a skill only once",
                )
        if len(by_range) < 2:
            checker.problem(
                items[0].where,
                f"skill '{skill}' is used in no other age range; a skill links items of at least "
                "two age ranges (check its spelling, or remove the line)",
            )
