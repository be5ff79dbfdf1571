"""Everyday activities: for each age range and area, 3 to 5 ways to practise the area's skills at
home, in the parent's own words in English and Spanish, each with a public source (such as the
CDC's "what you can do" tips or AAP HealthyChildren).

In a band file they sit beside the milestones of each age range, listed by area:

    activities:
      fine_motor:
        - text: {en: ..., es: ...}
          source: {kind: cdc, citation: ..., url: https://...}

Every area asked in the age range needs them, and only those areas may have them.
"""

from collections import Counter

from .checking import Checker, as_list, describe, item_source
from .specs import ActivitySpec, Content, RangeSpec

MIN_ACTIVITIES_PER_DOMAIN = 3
MAX_ACTIVITIES_PER_DOMAIN = 5
ACTIVITY_FIELDS = {"text": True, "source": True}


def read_activities(
    checker: Checker, values: dict, age_range: RangeSpec, range_name: str
) -> list[ActivitySpec]:
    """The activities of one age range (`values` are the range's fields), in the file's order."""
    raw = values.get("activities")
    if raw is None:
        return []
    if not isinstance(raw, dict):
        checker.problem(
            f"{range_name}, activities",
            "must list each area's activities under the area's key, like 'fine_motor:'",
        )
        return []
    activities = []
    for domain in raw:
        section = f"activities for '{domain}'"
        for index, raw_item in enumerate(as_list(checker, raw, domain, range_name)):
            where = describe(range_name, section, index, raw_item)
            fields = checker.fields(raw_item, ACTIVITY_FIELDS, where)
            if fields is None:
                continue
            source = item_source(checker, fields["source"], where)
            if source is None:
                continue
            kind, citation, url = source
            activities.append(
                ActivitySpec(
                    age_range=age_range.key,
                    domain=str(domain),
                    text=fields["text"],
                    source=citation,
                    source_kind=kind,
                    source_url=url,
                    order=index + 1,
                )
            )
    return activities


def check_activity_coverage(checker: Checker, content: Content):
    """Every area asked in an age range has 3 to 5 activities there; no other area has any."""
    counts = Counter((activity.age_range, activity.domain) for activity in content.activities)
    known = {domain.key for domain in content.domains}
    for age_range in content.age_ranges:
        given = [domain for (range_key, domain) in counts if range_key == age_range.key]
        for unknown in sorted(set(given) - known):
            checker.problem(
                age_range.where,
                f"activities for unknown area '{unknown}' (areas: {', '.join(sorted(known))})",
            )
        for domain in content.domains:
            count = counts[(age_range.key, domain.key)]
            if domain.applies_to(age_range):
                if not MIN_ACTIVITIES_PER_DOMAIN <= count <= MAX_ACTIVITIES_PER_DOMAIN:
                    checker.problem(
                        age_range.where,
                        f"area '{domain.key}' has {count} activit{'y' if count == 1 else 'ies'}; "
                        f"it needs {MIN_ACTIVITIES_PER_DOMAIN} to {MAX_ACTIVITIES_PER_DOMAIN}",
                    )
            elif count:
                checker.problem(
                    age_range.where,
                    f"area '{domain.key}' is not asked in this age range (only from "
                    f"{domain.min_months} to {domain.max_months} months), so it takes no "
                    "activities here; remove them",
                )
