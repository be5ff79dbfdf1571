"""How long a parent's private link keeps working.

A private link is a password that parents paste into messages and keep in their browser history.
Once a screening is submitted, its link only needs to live long enough to take the summary to the
doctor, so it stops working `settings.SCREENING_LINK_DAYS` days after submitting (180 by default,
about two check-ups apart). The clinic still has the answers until its retention period ends.
Drafts are not affected: untouched drafts are deleted by the purge instead.
"""

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
