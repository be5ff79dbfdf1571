"""One child's screenings over time: when the next check is due, whether "Check again" is offered,
and which skills answered "Yes" before are "Not yet" now (a possible loss of skills, the most
urgent sign there is).

Everything here reads; `screening.services` writes.
"""

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .ages import CORRECT_UNTIL_MONTHS, OLDEST_AGE_MONTHS, child_age, date_when_months_old
from .eligibility import questions_for
from .models import Screening, ScreeningAnswer
from .rules import Answer, Status

# After "Keep watching", check again this many months later.
CHECK_AGAIN_AFTER_MONTHS = 2


def next_range_starts_on(screening: Screening) -> date | None:
    """The first day the age that picks the questions (corrected for an early birth while that
    counts) is past the screening's age range; None after the last range."""
    next_months = screening.age_range_max_months + 1
    if next_months > OLDEST_AGE_MONTHS:
        return None
    born, weeks_early = screening.date_of_birth, screening.weeks_early
    due_date = born + timedelta(weeks=weeks_early)
    candidates = {
        date_when_months_old(born, next_months),
        date_when_months_old(due_date, next_months),
        # The day the age stops being corrected can itself be the first day past the range.
        date_when_months_old(born, CORRECT_UNTIL_MONTHS),
    }
    # Counted from birth or from the due date, whichever the age rules use on that day.
    return min(
        day for day in candidates if child_age(born, weeks_early, day).for_questions >= next_months
    )


def next_check_on(screening: Screening, keep_watching: bool, answered_on: date) -> date | None:
    """When to screen again: the start of the next age range, or sooner after "Keep watching"."""
    dates = [next_range_starts_on(screening)]
    if keep_watching:
        dates.append(date_when_months_old(answered_on, CHECK_AGAIN_AFTER_MONTHS))
    return min((day for day in dates if day is not None), default=None)


def next_check_due(screening: Screening, keep_watching: bool) -> date | None:
    """The next check of a submitted screening: stored when it was submitted, worked out the same
    way for screenings from before it was stored."""
    answered_on = timezone.localdate(screening.submitted_at or timezone.now())
    return screening.next_check_on or next_check_on(screening, keep_watching, answered_on)


def stored_next_check(screening: Screening) -> date | None:
    """`next_check_due` without working the whole result out: the stored date, else one query for
    whether any area says "Keep watching" (for a screening from before the date was stored)."""
    if screening.next_check_on is not None:
        return screening.next_check_on
    keep_watching = screening.domains.filter(status=Status.MONITOR).exists()
    return next_check_due(screening, keep_watching)


class Offer(enum.Enum):
    DUE = "due"  # "Check again" now
    NOT_YET = "not_yet"  # the next check is on `CheckAgain.on`
    NEWER_STARTED = "newer_started"  # a newer screening of the child is being filled in
    NEWER_DONE = "newer_done"  # a newer screening of the child is done
    TOO_OLD = "too_old"  # the child is past the ages the questions cover
    NONE = "none"  # nothing to offer (not submitted yet, or no next check)


@dataclass(frozen=True)
class CheckAgain:
    offer: Offer
    on: date | None = None
    newer: Screening | None = None


def later_screenings(screening: Screening) -> QuerySet[Screening]:
    """The child's screenings started after this one, newest first."""
    if screening.family_id is None:
        return Screening.objects.none()
    return Screening.objects.filter(
        family_id=screening.family_id, started_at__gt=screening.started_at
    ).order_by("-started_at", "-pk")


def check_again_offer(screening: Screening, today: date) -> CheckAgain:
    """What a finished screening's page offers for the next check."""
    if not screening.is_submitted or screening.family_id is None:
        return CheckAgain(Offer.NONE)
    newer = later_screenings(screening).first()
    if newer is not None:
        return CheckAgain(
            Offer.NEWER_DONE if newer.is_submitted else Offer.NEWER_STARTED, newer=newer
        )
    # Screenings from before the next check was stored go by the next age range.
    due_on = screening.next_check_on or next_range_starts_on(screening)
    if due_on is None:
        return CheckAgain(Offer.NONE)
    if today < due_on:
        return CheckAgain(Offer.NOT_YET, on=due_on)
    if questions_for(child_age(screening.date_of_birth, screening.weeks_early, today)) is None:
        return CheckAgain(Offer.TOO_OLD)
    return CheckAgain(Offer.DUE, on=due_on)


def possibly_lost_skills(screening: Screening) -> QuerySet[ScreeningAnswer]:
    """This screening's "Not yet" answers to a skill answered "Yes" in an earlier screening of
    the same child. A skill asked in only one of them is never called lost."""
    if screening.family_id is None:
        return ScreeningAnswer.objects.none()
    earlier_yes = (
        ScreeningAnswer.objects.filter(
            domain__screening__family_id=screening.family_id,
            domain__screening__submitted_at__isnull=False,
            domain__screening__started_at__lt=screening.started_at,
            answer=Answer.YES,
        )
        .exclude(domain__screening=screening)
        .exclude(skill="")
        .values("skill")
    )
    return ScreeningAnswer.objects.filter(
        domain__screening=screening, answer=Answer.NOT_YET, skill__in=earlier_yes
    ).exclude(skill="")
