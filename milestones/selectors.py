"""Reads of the reference content that more than one page needs, built in one place."""

from django.db.models import QuerySet

from .models import Activity, AgeRange


def active_age_ranges() -> QuerySet[AgeRange]:
    """The age ranges new screenings can use, each with its band (one query for the lot)."""
    return AgeRange.objects.filter(is_active=True).select_related("band")


def activities_for(age_range: AgeRange) -> QuerySet[Activity]:
    """The age range's everyday activities, area by area in the order parents see the areas, each
    with its area (one query)."""
    return (
        Activity.objects.filter(age_range=age_range, domain__is_active=True)
        .select_related("domain")
        .order_by("domain__order", "order")
    )
