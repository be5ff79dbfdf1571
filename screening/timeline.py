"""One child's results side by side, for the family page and the PDF.

A row per area, in the order the questionnaires ask them; a column per submitted screening, newest
first; in each cell the area's result in that screening, or nothing where that screening's age
range did not ask about the area ("Not asked" on the page). The areas of every screening are read
in one query, so a child with five screenings costs what a child with two does.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from milestones.language import in_language

from .models import Screening, ScreeningDomain
from .rules import Status


@dataclass(frozen=True)
class TimelineScreening:
    """A column: one submitted screening."""

    screening: Screening
    completed_on: date
    doctor_soon: bool
    lost_skill_count: int


@dataclass(frozen=True)
class TimelineArea:
    """A row: the area's result in each screening, in column order; None where it was not asked."""

    name: str
    statuses: tuple[Status | None, ...]


@dataclass(frozen=True)
class Timeline:
    screenings: tuple[TimelineScreening, ...]
    areas: tuple[TimelineArea, ...]


def areas_in_order(orders: Sequence[Sequence[str]]) -> list[str]:
    """Every area key of `orders` (each screening's areas in the order it asked them, the newest
    screening first) in one order: the newest screening's, with an area only older ones asked put
    right after the area it followed there."""
    merged: list[str] = []
    for order in orders:
        after = -1
        for key in order:
            if key not in merged:
                merged.insert(after + 1, key)
            after = merged.index(key)
    return merged


def _status(domain: ScreeningDomain | None) -> Status | None:
    return Status(domain.status) if domain is not None and domain.status else None


def timeline(screenings: Iterable[Screening]) -> Timeline:
    """The results of the submitted ones of `screenings`, newest first (on a phone the newest is
    the column in view). Their areas are read in one query (none if they were read already)."""
    columns = sorted(
        (screening for screening in screenings if screening.is_submitted),
        key=lambda screening: (screening.started_at, screening.pk),
        reverse=True,
    )
    prefetch_related_objects(
        columns, Prefetch("domains", queryset=ScreeningDomain.objects.order_by("position"))
    )
    by_key = [{domain.key: domain for domain in column.domains.all()} for column in columns]
    keys = areas_in_order([list(areas) for areas in by_key])
    # An area is named as its newest screening names it.
    names = {key: in_language(areas[key], "name") for areas in reversed(by_key) for key in areas}
    return Timeline(
        screenings=tuple(
            TimelineScreening(
                screening=column,
                completed_on=timezone.localdate(column.submitted_at),
                doctor_soon=column.doctor_soon,
                lost_skill_count=column.lost_skill_count or 0,
            )
            for column in columns
        ),
        areas=tuple(
            TimelineArea(names[key], tuple(_status(areas.get(key)) for areas in by_key))
            for key in keys
        ),
    )


def earlier_results(screening: Screening) -> Timeline | None:
    """For the PDF of `screening`: the child's screenings submitted before it, with it as the first
    column; None when there are none (or the screening is not submitted)."""
    if screening.family_id is None or screening.submitted_at is None:
        return None
    earlier = list(
        Screening.objects.filter(
            family_id=screening.family_id, submitted_at__lt=screening.submitted_at
        ).exclude(pk=screening.pk)
    )
    if not earlier:
        return None
    return timeline([*earlier, screening])
