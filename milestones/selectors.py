"""Reads of the reference content that more than one page needs, built in one place."""

from django.db.models import QuerySet

from .models import AgeRange


def active_age_ranges() -> QuerySet[AgeRange]:
    """The age ranges new screenings can use, each with its band (one query for the lot)."""
    return AgeRange.objects.filter(is_active=True).select_related("band")
