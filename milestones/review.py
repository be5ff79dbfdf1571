"""The whole active library arranged for an OT to review on paper: age range by domain."""

from dataclasses import dataclass, field

from .models import AgeRange, Domain, Milestone, RedFlag
from .selectors import active_age_ranges
from .versions import current_content_version


@dataclass
class DomainItems:
    domain: Domain
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class RangeSection:
    age_range: AgeRange
    domains: list[DomainItems] = field(default_factory=list)
    red_flags: list[RedFlag] = field(default_factory=list)


@dataclass
class Library:
    version: str
    sections: list[RangeSection]
    milestone_count: int


def library_for_review() -> Library:
    sections = {age_range.pk: RangeSection(age_range) for age_range in active_age_ranges()}
    milestones = (
        Milestone.objects.filter(is_active=True, age_range__is_active=True, domain__is_active=True)
        .select_related("domain")
        .order_by("age_range__min_months", "domain__order", "order")
    )
    count = 0
    for milestone in milestones:
        section = sections[milestone.age_range_id]
        if not section.domains or section.domains[-1].domain.pk != milestone.domain_id:
            section.domains.append(DomainItems(milestone.domain))
        section.domains[-1].milestones.append(milestone)
        count += 1
    flags_by_band: dict[int, list[RedFlag]] = {}
    for flag in RedFlag.objects.filter(is_active=True).order_by("order"):
        flags_by_band.setdefault(flag.band_id, []).append(flag)
    for section in sections.values():
        section.red_flags = flags_by_band.get(section.age_range.band_id, [])
    return Library(current_content_version(), list(sections.values()), count)
