"""Reads the human-edited YAML content in `fixtures/`, validates all of it, then loads it.

Validation runs over every file before anything is written, and collects every problem it finds,
each naming the file and the item, so a content editor can fix them all in one pass. Loading
happens in one transaction and upserts by stable key: running it twice changes nothing. Items
removed from the files are retired (hidden from new screenings), never deleted or reused.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from .models import AgeBand, Domain, Milestone, Professional, RedFlag

KEY_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")

TOP_LEVEL_FIELDS = {"domains", "band", "milestones", "red_flags"}
DOMAIN_FIELDS = {"key": True, "name": True, "description": True, "professional": True}
BAND_FIELDS = {"key": True, "name": True, "min_months": True, "max_months": True}
MILESTONE_FIELDS = {"key": True, "domain": True, "text": True, "example": False, "source": True}
RED_FLAG_FIELDS = {"key": True, "text": True, "source": True}


@dataclass(frozen=True)
class DomainSpec:
    key: str
    name: str
    description: str
    professional: str
    order: int


@dataclass(frozen=True)
class BandSpec:
    key: str
    name: str
    min_months: int
    max_months: int


@dataclass(frozen=True)
class MilestoneSpec:
    key: str
    band: str
    domain: str
    text: str
    example: str
    source: str
    order: int


@dataclass(frozen=True)
class RedFlagSpec:
    key: str
    band: str
    text: str
    source: str
    order: int


@dataclass
class Content:
    domains: list[DomainSpec] = field(default_factory=list)
    bands: list[BandSpec] = field(default_factory=list)
    milestones: list[MilestoneSpec] = field(default_factory=list)
    red_flags: list[RedFlagSpec] = field(default_factory=list)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired)

    def __str__(self):
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.retired} retired, {self.unchanged} unchanged"
        )


class ContentError(Exception):
    """The YAML content has mistakes; `problems` lists each one with its file and item."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Checker:
    """Collects problems while turning raw YAML into specs."""

    def __init__(self):
        self.problems: list[str] = []

    def problem(self, where: str, message: str):
        self.problems.append(f"{where}: {message}")

    def fields(self, raw, allowed: dict[str, bool], where: str) -> dict | None:
        if not isinstance(raw, dict):
            self.problem(where, "must be a set of 'field: value' lines")
            return None
        ok = True
        for name in raw:
            if name not in allowed:
                self.problem(where, f"unknown field '{name}' (allowed: {', '.join(allowed)})")
                ok = False
        for name, required in allowed.items():
            value = raw.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if required:
                    self.problem(where, f"'{name}' is missing or empty")
                    ok = False
        return raw if ok else None

    def text(self, value) -> str:
        return " ".join(str(value).split()) if value is not None else ""

    def key(self, raw: dict, where: str) -> bool:
        if not KEY_PATTERN.match(str(raw["key"])):
            self.problem(
                where, "key must use only lowercase letters, digits, '_' and '.' (no spaces)"
            )
            return False
        return True

    def months(self, raw: dict, name: str, where: str) -> int | None:
        value = raw[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
            self.problem(where, f"'{name}' must be a whole number of months from 0 to 120")
            return None
        return value


def _describe(file_name: str, section: str, index: int, raw) -> str:
    label = f"{file_name}, {section} item {index + 1}"
    if isinstance(raw, dict) and raw.get("key"):
        label += f" (key '{raw['key']}')"
    return label


def read_content(directory: Path) -> Content:
    """Parse and validate every YAML file in `directory`; raise ContentError listing all problems."""
    checker = _Checker()
    content = Content()
    files = sorted(Path(directory).glob("*.yaml"))
    if not files:
        raise ContentError([f"{directory}: no .yaml content files found"])

    raw_milestones: list[tuple[str, int, dict, str]] = []
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

        for index, raw in enumerate(_as_list(checker, document, "domains", path.name)):
            where = _describe(path.name, "domains", index, raw)
            values = checker.fields(raw, DOMAIN_FIELDS, where)
            if values is None or not checker.key(values, where):
                continue
            if values["professional"] not in Professional.values:
                checker.problem(where, "professional must be OT or PT")
                continue
            content.domains.append(
                DomainSpec(
                    key=values["key"],
                    name=checker.text(values["name"]),
                    description=checker.text(values["description"]),
                    professional=values["professional"],
                    order=len(content.domains) + 1,
                )
            )

        if "band" not in document:
            if document.get("milestones") or document.get("red_flags"):
                checker.problem(path.name, "milestones and red flags need a 'band:' section")
            continue
        band_where = f"{path.name}, band"
        band_values = checker.fields(document["band"], BAND_FIELDS, band_where)
        if band_values is None or not checker.key(band_values, band_where):
            continue
        low = checker.months(band_values, "min_months", band_where)
        high = checker.months(band_values, "max_months", band_where)
        if low is None or high is None:
            continue
        if low > high:
            checker.problem(band_where, "min_months is larger than max_months")
            continue
        band = BandSpec(band_values["key"], checker.text(band_values["name"]), low, high)
        content.bands.append(band)

        for index, raw in enumerate(_as_list(checker, document, "milestones", path.name)):
            raw_milestones.append((path.name, index, raw, band.key))
        for index, raw in enumerate(_as_list(checker, document, "red_flags", path.name)):
            where = _describe(path.name, "red_flags", index, raw)
            values = checker.fields(raw, RED_FLAG_FIELDS, where)
            if values is None or not checker.key(values, where):
                continue
            content.red_flags.append(
                RedFlagSpec(
                    key=values["key"],
                    band=band.key,
                    text=checker.text(values["text"]),
                    source=checker.text(values["source"]),
                    order=sum(1 for flag in content.red_flags if flag.band == band.key) + 1,
                )
            )

    domain_keys = {domain.key for domain in content.domains}
    positions: dict[tuple[str, str], int] = {}
    for file_name, index, raw, band_key in raw_milestones:
        where = _describe(file_name, "milestones", index, raw)
        values = checker.fields(raw, MILESTONE_FIELDS, where)
        if values is None or not checker.key(values, where):
            continue
        if values["domain"] not in domain_keys:
            checker.problem(where, f"unknown domain '{values['domain']}'")
            continue
        position = positions.get((band_key, values["domain"]), 0) + 1
        positions[(band_key, values["domain"])] = position
        content.milestones.append(
            MilestoneSpec(
                key=values["key"],
                band=band_key,
                domain=values["domain"],
                text=checker.text(values["text"]),
                example=checker.text(values.get("example")),
                source=checker.text(values["source"]),
                order=position,
            )
        )

    _check_unique(checker, "domain", [domain.key for domain in content.domains])
    _check_unique(checker, "band", [band.key for band in content.bands])
    _check_unique(
        checker,
        "milestone or red flag",
        [item.key for item in content.milestones] + [flag.key for flag in content.red_flags],
    )
    _check_bands_do_not_overlap(checker, content.bands)
    if not content.domains:
        checker.problem(str(directory), "no domains are defined (expected a 'domains:' section)")

    if checker.problems:
        raise ContentError(checker.problems)
    return content


def _as_list(checker: _Checker, document: dict, section: str, file_name: str) -> list:
    items = document.get(section) or []
    if not isinstance(items, list):
        checker.problem(f"{file_name}, {section}", "must be a list of items, each starting with '-'")
        return []
    return items


def _check_unique(checker: _Checker, kind: str, keys: list[str]):
    seen = set()
    for key in keys:
        if key in seen:
            checker.problem(f"{kind} key '{key}'", "is used more than once; every key must be unique")
        seen.add(key)


def _check_bands_do_not_overlap(checker: _Checker, bands: list[BandSpec]):
    ordered = sorted(bands, key=lambda band: band.min_months)
    for earlier, later in zip(ordered, ordered[1:]):
        if later.min_months <= earlier.max_months:
            checker.problem(
                f"band '{later.key}'", f"its months overlap with band '{earlier.key}'"
            )


def _upsert(model, key: str, values: dict, existing: dict, report: LoadReport):
    row = existing.get(key)
    if row is None:
        model.objects.create(key=key, **values)
        report.created += 1
        return
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
        report.updated += 1
    else:
        report.unchanged += 1


def _retire(model, keep: set[str], existing: dict, report: LoadReport):
    gone = [row.pk for key, row in existing.items() if key not in keep and row.is_active]
    report.retired += model.objects.filter(pk__in=gone).update(is_active=False)


@transaction.atomic
def apply_content(content: Content) -> LoadReport:
    report = LoadReport()

    domains = {row.key: row for row in Domain.objects.all()}
    for spec in content.domains:
        values = {
            "name": spec.name,
            "description": spec.description,
            "professional": spec.professional,
            "order": spec.order,
            "is_active": True,
        }
        _upsert(Domain, spec.key, values, domains, report)
    _retire(Domain, {spec.key for spec in content.domains}, domains, report)

    bands = {row.key: row for row in AgeBand.objects.all()}
    for spec in content.bands:
        values = {"name": spec.name, "min_months": spec.min_months, "max_months": spec.max_months}
        _upsert(AgeBand, spec.key, values, bands, report)

    band_ids = dict(AgeBand.objects.values_list("key", "id"))
    domain_ids = dict(Domain.objects.values_list("key", "id"))

    milestones = {row.key: row for row in Milestone.objects.all()}
    for spec in content.milestones:
        values = {
            "band_id": band_ids[spec.band],
            "domain_id": domain_ids[spec.domain],
            "text": spec.text,
            "example": spec.example,
            "source": spec.source,
            "order": spec.order,
            "is_active": True,
        }
        _upsert(Milestone, spec.key, values, milestones, report)
    _retire(Milestone, {spec.key for spec in content.milestones}, milestones, report)

    red_flags = {row.key: row for row in RedFlag.objects.all()}
    for spec in content.red_flags:
        values = {
            "band_id": band_ids[spec.band],
            "text": spec.text,
            "source": spec.source,
            "order": spec.order,
            "is_active": True,
        }
        _upsert(RedFlag, spec.key, values, red_flags, report)
    _retire(RedFlag, {spec.key for spec in content.red_flags}, red_flags, report)
    return report


def load_milestones(directory: Path) -> LoadReport:
    return apply_content(read_content(directory))
