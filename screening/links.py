"""How long a parent's private link keeps working.

A private link is a password that parents paste into messages and keep in their browser history.
Once a screening is submitted, its link only needs to live long enough to take the summary to the
doctor, so it stops working `settings.SCREENING_LINK_DAYS` days after submitting (180 by default,
about two check-ups apart). The clinic still has the answers until its retention period ends.
Drafts are not affected: untouched drafts are deleted by the purge instead.

A family link (`/f/<uuid>/`, every screening of one child) lives longer: a family checks again at
the next age range, up to 12 months later for preschoolers, and the link must still open then.
It stops working `settings.FAMILY_LINK_DAYS` days (400 by default) after the family's newest
screening was submitted, and never while one of its screenings is still being filled in.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Screening


def link_works_until(screening: Screening, days: int | None = None) -> date | None:
    """The last day the link of a submitted screening opens it; None for a draft (no limit)."""
    if screening.submitted_at is None:
        return None
    days = settings.SCREENING_LINK_DAYS if days is None else days
    return timezone.localdate(screening.submitted_at) + timedelta(days=days)


def link_expired(screening: Screening, today: date, days: int | None = None) -> bool:
    """True once `today` is past the last day the link works (never for a draft)."""
    last_day = link_works_until(screening, days)
    return last_day is not None and today > last_day


def family_link_works_until(
    screenings: Iterable[Screening], days: int | None = None
) -> date | None:
    """The last day a family link opens the family's page, from its screenings: None while one is
    still a draft (no limit)."""
    submitted = []
    for screening in screenings:
        if screening.submitted_at is None:
            return None
        submitted.append(timezone.localdate(screening.submitted_at))
    if not submitted:
        return None
    days = settings.FAMILY_LINK_DAYS if days is None else days
    return max(submitted) + timedelta(days=days)


def family_link_expired(
    screenings: Iterable[Screening], today: date, days: int | None = None
) -> bool:
    """True once `today` is past the last day the family link works."""
    last_day = family_link_works_until(screenings, days)
    return last_day is not None and today > last_day
