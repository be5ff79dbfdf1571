"""Which questions fit a child's age, and, when none do, why, in words for the parent."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milestones.models import AgeRange
from milestones.selectors import active_age_ranges

from .ages import ChildAge, date_when_months_old, range_for_age

# Past this age (10 years) a date of birth is more likely mistyped than a child too old.
MISTYPED_AGE_MONTHS = 120


def questions_for(age: ChildAge) -> AgeRange | None:
    """The active age range whose questions fit a child of this age, or None."""
    return range_for_age(age.for_questions, active_age_ranges())


def age_problem(age: ChildAge) -> str | None:
    """Why there are no questions for a child of this age, in words for the parent; None if fine."""
    ranges = list(active_age_ranges())
    if not ranges:
        return _("No questions are loaded yet. Please try again later.")
    if range_for_age(age.for_questions, ranges) is not None:
        return None
    youngest = min(age_range.min_months for age_range in ranges)
    oldest = max(age_range.max_months for age_range in ranges)
    if age.months > MISTYPED_AGE_MONTHS:
        return _("Please check the year of birth.")
    if age.months > oldest:
        return _(
            "This screening is for children up to %(oldest)s months old (%(years)s years and "
            "%(months)s months). Your child is %(age)s months old."
        ) % {"oldest": oldest, "years": oldest // 12, "months": oldest % 12, "age": age.months}
    if age.for_questions < youngest:
        starts = ngettext(
            "The questions start at %(count)s month of age.",
            "The questions start at %(count)s months of age.",
            youngest,
        ) % {"count": youngest}
        if age.due_date is not None:
            ready = date_when_months_old(age.due_date, youngest)
            return (
                starts
                + " "
                + ngettext(
                    "Counted from the due date, your child is not %(count)s month old yet. "
                    "Please come back on %(date)s.",
                    "Counted from the due date, your child is not %(count)s months old yet. "
                    "Please come back on %(date)s.",
                    youngest,
                )
                % {"count": youngest, "date": date_format(ready, "DATE_FORMAT")}
            )
        return (
            starts
            + " "
            + ngettext(
                "Please come back when your child is %(count)s month old.",
                "Please come back when your child is %(count)s months old.",
                youngest,
            )
            % {"count": youngest}
        )
    return _("There are no questions for this age yet.")
