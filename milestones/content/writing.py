"""Writes validated content to the database, after checking it against what is already loaded.

Loading happens in one transaction and upserts by stable key: running it twice changes nothing.
Items removed from the files are retired (hidden from new screenings), never deleted or reused, and
a key already loaded must keep its meaning. Activities have no keys: an age range whose activities
changed gets its new list in place of the old one.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from ..models import Activity, AgeBand, AgeRange, ContentVersion, Domain, Milestone, RedFlag
from ..versions import current_content_version
from .reading import ContentError, read_content
from .specs import ActivitySpec, Content, Text


@dataclass
class LoadReport:
    version: str = ""
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    # Age ranges whose activities were replaced (activities have no keys to update in place).
    activity_ranges_replaced: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.retired or self.activity_ranges_replaced)

    def __str__(self):
        return (
            f"version {self.version}: {self.created} created, {self.updated} updated, "
            f"{self.retired} retired, {self.unchanged} unchanged; new activities for "
            f"{self.activity_ranges_replaced} age range(s)"
        )


def check_against_database(content: Content):
    """A key already in the database must keep its meaning: same age range, domain or band.

    Screenings refer to items by key, so moving a key to another age range or area would make old
    answers look like answers to a different question. Raise ContentError listing each such key.
    """
    if Milestone._meta.db_table not in connection.introspection.table_names():
        return  # a database that was never migrated holds no keys yet
    problems = []
    known = ContentVersion.objects.filter(version=content.version).first()
    if known is not None and known.fingerprint != content.fingerprint():
        problems.append(
            f"content_version: '{content.version}' already names different content; give this "
            "content a new version so each screening records exactly which wording it used"
        )
    ranges = dict(AgeRange.objects.values_list("key", "band__key"))
    for spec in content.age_ranges:
        if ranges.get(spec.key, spec.band) != spec.band:
            problems.append(
                f"age range key '{spec.key}': it belonged to band '{ranges[spec.key]}'; "
                "give the new range a new key"
            )
    old = {
        key: (age_range, domain)
        for key, age_range, domain in Milestone.objects.values_list(
            "key", "age_range__key", "domain__key"
        )
    }
    for milestone in content.milestones:
        if old.get(milestone.key, (milestone.age_range, milestone.domain)) != (
            milestone.age_range,
            milestone.domain,
        ):
            was_range, was_domain = old[milestone.key]
            problems.append(
                f"milestone key '{milestone.key}': it was used for a {was_domain} item in age "
                f"range '{was_range}'; keys are never reused, give this item a new key"
            )
    flags = dict(RedFlag.objects.values_list("key", "band__key"))
    for red_flag in content.red_flags:
        if flags.get(red_flag.key, red_flag.band) != red_flag.band:
            problems.append(
                f"red flag key '{red_flag.key}': it belonged to band '{flags[red_flag.key]}'; "
                "give this item a new key"
            )
    if problems:
        raise ContentError(problems)


def _upsert(model, key: str, values: dict, existing: dict, report: LoadReport):
    row = existing.get(key)
    if row is None:
        existing[key] = model.objects.create(key=key, **values)
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


def _sync(model, specs, report: LoadReport, values_of, retire: bool = True) -> dict:
    """Upsert one row per spec by key (reactivating it), retire the rest; rows by key."""
    existing = {row.key: row for row in model.objects.all()}
    active = {"is_active": True} if retire else {}
    for spec in specs:
        _upsert(model, spec.key, {**values_of(spec), **active}, existing, report)
    if retire:
        _retire(model, {spec.key for spec in specs}, existing, report)
    return existing


def _texts(name: str, text: Text) -> dict:
    return {name: text.en, f"{name}_es": text.es}


ACTIVITY_FIELDS = ("domain__key", "order", "text", "text_es", "source", "source_kind", "source_url")


def _activity_values(spec: ActivitySpec) -> tuple:
    """An activity as the database row's ACTIVITY_FIELDS, to compare with what is loaded."""
    return (
        spec.domain,
        spec.order,
        spec.text.en,
        spec.text.es,
        spec.source,
        spec.source_kind,
        spec.source_url,
    )


def _replace_activities(content: Content, ranges: dict, domains: dict, report: LoadReport):
    """Give each age range in the content exactly its activities. A range whose activities did
    not change keeps its rows; a retired range keeps its last ones, like its milestones."""
    for range_spec in content.age_ranges:
        specs = [item for item in content.activities if item.age_range == range_spec.key]
        wanted = sorted(
            (_activity_values(spec) for spec in specs),
            key=lambda values: (domains[values[0]].order, values[1]),
        )
        loaded = Activity.objects.filter(age_range=ranges[range_spec.key])
        if list(loaded.order_by("domain__order", "order").values_list(*ACTIVITY_FIELDS)) == wanted:
            continue
        loaded.delete()
        Activity.objects.bulk_create(
            Activity(
                age_range=ranges[range_spec.key],
                domain=domains[spec.domain],
                **_texts("text", spec.text),
                source=spec.source,
                source_kind=spec.source_kind,
                source_url=spec.source_url,
                order=spec.order,
            )
            for spec in specs
        )
        report.activity_ranges_replaced += 1


@transaction.atomic
def apply_content(content: Content) -> LoadReport:
    check_against_database(content)
    report = LoadReport(version=content.version)

    domains = _sync(
        Domain,
        content.domains,
        report,
        lambda spec: {
            **_texts("name", spec.name),
            **_texts("description", spec.description),
            "professional": spec.professional,
            **_texts("at_home", spec.at_home),
            "min_months": spec.min_months,
            "max_months": spec.max_months,
            "order": spec.order,
        },
    )
    # Bands are never retired: their keys are what screenings record as their band.
    bands = _sync(
        AgeBand,
        content.bands,
        report,
        lambda spec: {
            **_texts("name", spec.name),
            "min_months": spec.min_months,
            "max_months": spec.max_months,
        },
        retire=False,
    )
    ranges = _sync(
        AgeRange,
        content.age_ranges,
        report,
        lambda spec: {
            "band_id": bands[spec.band].id,
            "min_months": spec.min_months,
            "max_months": spec.max_months,
        },
    )
    _sync(
        Milestone,
        content.milestones,
        report,
        lambda spec: {
            "age_range_id": ranges[spec.age_range].id,
            "domain_id": domains[spec.domain].id,
            **_texts("text", spec.text),
            **_texts("example", spec.example),
            "source": spec.source,
            "source_kind": spec.source_kind,
            "source_url": spec.source_url,
            "typical_by_months": spec.typical_by_months,
            "act_early_from_months": spec.act_early_from_months,
            "too_easy_ok": spec.too_easy_ok,
            "skill": spec.skill,
            "order": spec.order,
        },
    )
    _sync(
        RedFlag,
        content.red_flags,
        report,
        lambda spec: {
            "band_id": bands[spec.band].id,
            **_texts("text", spec.text),
            "source": spec.source,
            "order": spec.order,
            "min_months": spec.min_months,
        },
    )
    _replace_activities(content, ranges, domains, report)

    if current_content_version() != content.version:
        ContentVersion.objects.update_or_create(
            version=content.version,
            defaults={"loaded_at": timezone.now(), "fingerprint": content.fingerprint()},
        )
    return report


def check_content(directory: Path) -> Content:
    """Everything `load_milestones` checks, without writing anything."""
    content = read_content(directory)
    check_against_database(content)
    return content


def load_milestones(directory: Path) -> LoadReport:
    return apply_content(read_content(directory))
