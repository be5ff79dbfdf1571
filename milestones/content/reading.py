"""Reads the human-edited YAML content in `fixtures/` into `Content`, validating all of it.

Validation runs over every file and collects every problem it finds, each naming the file and the
item, so a content editor can fix them all in one pass. Nothing here touches the database:
`writing.py` checks the content against what is already loaded, then writes it.

Texts a parent reads are given in English and Spanish: `text: {en: ..., es: ...}`.

Every milestone says by what age most children do it (`typical_by_months`, from its cited source),
and nobody younger is asked it: an item typical after its age range starts is refused, and so is
one typical more than a year before, unless the YAML says why it is still worth asking.
"""

from pathlib import Path

import yaml

from ..choices import Professional, SourceKind
from .activities import check_activity_coverage, read_activities
from .checking import Checker, ContentError, as_list, describe, item_source
from .skills import check_skills, read_skill
from .specs import (
    BandSpec,
    Content,
    DomainSpec,
    MilestoneSpec,
    RangeSpec,
    RedFlagSpec,
)

MIN_ITEMS_PER_DOMAIN = 4
MAX_ITEMS_PER_DOMAIN = 8
# An item typical more than this many months before its range starts is too easy to tell a
# delay from typical development, unless `too_easy_ok` says why it is asked.
TOO_EASY_MONTHS = 12
# An item with no published age norm must be typical this long before its range starts, so that
# nearly every child of every age in the range answers "Yes".
PRACTICE_LEAD_MONTHS = 2

# Field name -> required? Translated fields hold {en: ..., es: ...}.
TOP_LEVEL_FIELDS = {"content_version", "domains", "band", "age_ranges", "red_flags"}
DOMAIN_FIELDS = {
    "key": True,
    "name": True,
    "description": True,
    "professional": True,
    "min_months": True,
    "max_months": True,
    "at_home": True,
    "act_early_items": False,
}
BAND_FIELDS = {"key": True, "name": True, "min_months": True, "max_months": True}
RANGE_FIELDS = {
    "key": True,
    "min_months": True,
    "max_months": True,
    "milestones": True,
    "activities": False,  # optional here; check_activity_coverage says which areas need them
}
MILESTONE_FIELDS = {
    "key": True,
    "domain": True,
    "skill": False,
    "text": True,
    "example": False,
    "typical_by_months": True,
    "act_early_from_months": False,
    "too_easy_ok": False,
    "source": True,
}
RED_FLAG_FIELDS = {"key": True, "text": True, "source": True, "min_months": False}


def read_content(directory: Path) -> Content:
    """Parse and validate every YAML file in `directory`; raise ContentError listing every
    problem."""
    checker = Checker()
    content = Content()
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise ContentError([f"{directory}: no .yaml content files found"])

    raw_milestones: list[tuple[str, int, dict, RangeSpec]] = []
    for path in files:
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f"{path.name}, line {mark.line + 1}" if mark else path.name
            reason = getattr(error, "problem", None) or error
            checker.problem(where, f"this is not valid YAML ({reason})")
            continue
        if not isinstance(document, dict):
            checker.problem(path.name, "the file must contain 'domains:' or 'band:' sections")
            continue
        for name in document:
            if name not in TOP_LEVEL_FIELDS:
                checker.problem(path.name, f"unknown section '{name}'")

        if "content_version" in document:
            version = checker.text(document["content_version"])
            if content.version:
                checker.problem(path.name, "content_version is already given in another file")
            elif not version or len(version) > 40:
                checker.problem(path.name, "content_version must be a short text like '2026.11.1'")
            else:
                content.version = version

        _read_domains(checker, content, document, path.name)
        if "band" not in document:
            if document.get("age_ranges") or document.get("red_flags"):
                checker.problem(path.name, "age ranges and red flags need a 'band:' section")
            continue
        band = _read_band(checker, content, document, path.name)
        if band is None:
            continue
        for range_index, raw_range in enumerate(
            as_list(checker, document, "age_ranges", path.name)
        ):
            where = describe(path.name, "age_ranges", range_index, raw_range)
            values = checker.fields(raw_range, RANGE_FIELDS, where)
            if values is None or not checker.key(values, where):
                continue
            span = checker.month_span(values, where)
            if span is None:
                continue
            if not (band.min_months <= span[0] and span[1] <= band.max_months):
                checker.problem(where, f"its months are outside band '{band.key}'")
                continue
            age_range = RangeSpec(values["key"], band.key, span[0], span[1], where)
            content.age_ranges.append(age_range)
            range_name = f"{path.name}, age range '{age_range.key}'"
            for index, raw in enumerate(as_list(checker, values, "milestones", range_name)):
                raw_milestones.append((range_name, index, raw, age_range))
            content.activities += read_activities(checker, values, age_range, range_name)
        _read_red_flags(checker, content, document, path.name, band)

    if not content.version:
        checker.problem(str(directory), "no content_version is given (add it to domains.yaml)")
    if not content.domains:
        checker.problem(str(directory), "no domains are defined (expected a 'domains:' section)")
    _read_milestones(checker, content, raw_milestones)
    _check_unique(checker, "domain", [domain.key for domain in content.domains])
    _check_unique(checker, "band", [band.key for band in content.bands])
    _check_unique(
        checker,
        "age range, milestone or red flag",
        [age_range.key for age_range in content.age_ranges]
        + [item.key for item in content.milestones]
        + [flag.key for flag in content.red_flags],
    )
    _check_no_gaps(checker, "band", content.bands)
    for band in content.bands:
        ranges = [age_range for age_range in content.age_ranges if age_range.band == band.key]
        _check_no_gaps(checker, "age range", ranges, covering=band)
    _check_domain_coverage(checker, content)
    check_activity_coverage(checker, content)
    check_skills(checker, content.milestones)

    if checker.problems:
        raise ContentError(checker.problems)
    return content


def _read_domains(checker: Checker, content: Content, document: dict, file_name: str):
    for index, raw in enumerate(as_list(checker, document, "domains", file_name)):
        where = describe(file_name, "domains", index, raw)
        values = checker.fields(raw, DOMAIN_FIELDS, where)
        if values is None or not checker.key(values, where):
            continue
        if values["professional"] not in Professional.values:
            checker.problem(where, f"professional must be one of {', '.join(Professional.values)}")
            continue
        act_early_items = values.get("act_early_items") or False
        if not isinstance(act_early_items, bool):
            checker.problem(where, "act_early_items must be true or false")
            continue
        span = checker.month_span(values, where)
        if span is None:
            continue
        content.domains.append(
            DomainSpec(
                key=values["key"],
                name=values["name"],
                description=values["description"],
                professional=values["professional"],
                min_months=span[0],
                max_months=span[1],
                order=len(content.domains) + 1,
                at_home=values["at_home"],
                act_early_items=act_early_items,
            )
        )


def _read_band(checker: Checker, content: Content, document: dict, file_name: str):
    where = f"{file_name}, band"
    values = checker.fields(document["band"], BAND_FIELDS, where)
    if values is None or not checker.key(values, where):
        return None
    span = checker.month_span(values, where)
    if span is None:
        return None
    band = BandSpec(values["key"], values["name"], span[0], span[1])
    content.bands.append(band)
    return band


def _read_red_flags(checker, content: Content, document: dict, file_name: str, band: BandSpec):
    for index, raw in enumerate(as_list(checker, document, "red_flags", file_name)):
        where = describe(file_name, "red_flags", index, raw)
        values = checker.fields(raw, RED_FLAG_FIELDS, where)
        if values is None or not checker.key(values, where):
            continue
        min_months = values.get("min_months", band.min_months)
        if (
            isinstance(min_months, bool)
            or not isinstance(min_months, int)
            or not band.min_months <= min_months <= band.max_months
        ):
            checker.problem(
                where,
                f"'min_months' must be a whole number of months from {band.min_months} to "
                f"{band.max_months} (this band's ages)",
            )
            continue
        content.red_flags.append(
            RedFlagSpec(
                key=values["key"],
                band=band.key,
                text=values["text"],
                source=checker.text(values["source"]),
                order=index + 1,
                min_months=min_months,
            )
        )


def _read_milestones(checker: Checker, content: Content, raw_milestones: list):
    domains = {domain.key: domain for domain in content.domains}
    positions: dict[tuple[str, str], int] = {}
    for range_name, index, raw, age_range in raw_milestones:
        where = describe(range_name, "milestones", index, raw)
        values = checker.fields(raw, MILESTONE_FIELDS, where)
        if values is None or not checker.key(values, where):
            continue
        domain = domains.get(values["domain"])
        if domain is None:
            checker.problem(where, f"unknown domain '{values['domain']}'")
            continue
        if not domain.applies_to(age_range):
            checker.problem(
                where,
                f"domain '{domain.key}' is only asked from {domain.min_months} to "
                f"{domain.max_months} months, not in this age range",
            )
            continue
        skill = read_skill(checker, values, domain.key, where)
        ages = _item_ages(checker, values, age_range, where)
        source = item_source(checker, values["source"], where)
        if skill is None or ages is None or source is None:
            continue
        if (
            source[0] == SourceKind.PRACTICE
            and ages[0] > age_range.min_months - PRACTICE_LEAD_MONTHS
        ):
            checker.problem(
                where,
                f"it has no published age norm (kind: practice), so it must be typical at least "
                f"{PRACTICE_LEAD_MONTHS} months before the range starts ({age_range.min_months} "
                f"months), so nearly every child in the range does it; it says "
                f"typical_by_months: {ages[0]}",
            )
            continue
        position = positions.get((age_range.key, domain.key), 0) + 1
        positions[(age_range.key, domain.key)] = position
        content.milestones.append(
            MilestoneSpec(
                key=values["key"],
                age_range=age_range.key,
                domain=domain.key,
                text=values["text"],
                example=values["example"],
                source=source[1],
                order=position,
                typical_by_months=ages[0],
                act_early_from_months=ages[1],
                source_kind=source[0],
                source_url=source[2],
                too_easy_ok=checker.text(values.get("too_easy_ok")),
                skill=skill,
                where=where,
            )
        )


def _item_ages(
    checker: Checker, values: dict, age_range: RangeSpec, where: str
) -> tuple[int, int | None] | None:
    """(typical_by_months, act_early_from_months), checked against the item's age range."""
    typical = checker.months(values["typical_by_months"], "typical_by_months", where)
    if typical is None:
        return None
    if typical > age_range.min_months:
        checker.problem(
            where,
            f"typical_by_months is {typical}, but this age range starts at "
            f"{age_range.min_months} months: children that young would be asked a skill most "
            f"children don't have yet. Move it to a range starting at {typical} months or later",
        )
        return None
    if typical < age_range.min_months - TOO_EASY_MONTHS and not values.get("too_easy_ok"):
        checker.problem(
            where,
            f"typical_by_months is {typical}, more than {TOO_EASY_MONTHS} months before this "
            f"age range starts ({age_range.min_months}): too easy to show a delay. Move it to "
            'an earlier range, or say why it is asked here with too_easy_ok: "reason"',
        )
        return None
    if "act_early_from_months" not in values:
        return typical, None
    act_early = values["act_early_from_months"]
    if act_early is None:
        checker.problem(
            where,
            "act_early_from_months is empty: give the age (in months) from which a 'Not yet' is "
            "reason to see the doctor, or remove the line",
        )
        return None
    act_early = checker.months(act_early, "act_early_from_months", where)
    if act_early is None:
        return None
    if not typical < act_early <= age_range.max_months:
        checker.problem(
            where,
            f"act_early_from_months is {act_early}; it must be after typical_by_months "
            f"({typical}) and no later than the range's last month ({age_range.max_months})",
        )
        return None
    return typical, act_early


def _check_unique(checker: Checker, kind: str, keys: list[str]):
    seen = set()
    for key in keys:
        if key in seen:
            checker.problem(
                f"{kind} key '{key}'", "is used more than once; every key must be unique"
            )
        seen.add(key)


def _check_no_gaps(checker: Checker, kind: str, spans: list, covering: BandSpec | None = None):
    """Spans must not overlap, nor leave a month without questions (within `covering`)."""
    ordered = sorted(spans, key=lambda span: span.min_months)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.min_months <= earlier.max_months:
            checker.problem(f"{kind} '{later.key}'", f"its months overlap with '{earlier.key}'")
        elif later.min_months > earlier.max_months + 1:
            checker.problem(
                f"{kind} '{later.key}'",
                f"months {earlier.max_months + 1} to {later.min_months - 1} are not covered",
            )
    if covering is None:
        return
    if not ordered:
        checker.problem(f"band '{covering.key}'", "has no age ranges")
    elif (ordered[0].min_months, ordered[-1].max_months) != (
        covering.min_months,
        covering.max_months,
    ):
        checker.problem(
            f"band '{covering.key}'",
            f"its age ranges must run from {covering.min_months} to {covering.max_months} months",
        )


def _check_domain_coverage(checker: Checker, content: Content):
    """Every age range asks every domain that applies to it, with 4 to 8 items each, and has a
    key milestone that escalates on its own in each area that needs one."""
    counts: dict[tuple[str, str], int] = {}
    act_early: set[tuple[str, str]] = set()
    for item in content.milestones:
        counts[(item.age_range, item.domain)] = counts.get((item.age_range, item.domain), 0) + 1
        if item.act_early_from_months is not None:
            act_early.add((item.age_range, item.domain))
    for age_range in content.age_ranges:
        for domain in content.domains:
            if (
                domain.min_months <= age_range.max_months
                and age_range.min_months <= domain.max_months
            ):
                if not domain.applies_to(age_range):
                    checker.problem(
                        age_range.where,
                        f"domain '{domain.key}' ({domain.min_months} to {domain.max_months} "
                        "months) starts or ends inside this age range; align it with the ranges",
                    )
                    continue
                count = counts.get((age_range.key, domain.key), 0)
                if not MIN_ITEMS_PER_DOMAIN <= count <= MAX_ITEMS_PER_DOMAIN:
                    checker.problem(
                        age_range.where,
                        f"domain '{domain.key}' has {count} milestone(s); it needs "
                        f"{MIN_ITEMS_PER_DOMAIN} to {MAX_ITEMS_PER_DOMAIN}",
                    )
                if domain.act_early_items and (age_range.key, domain.key) not in act_early:
                    checker.problem(
                        age_range.where,
                        f"domain '{domain.key}' needs at least one key milestone here with "
                        "act_early_from_months (a 'Not yet' that is reason to see the doctor)",
                    )
