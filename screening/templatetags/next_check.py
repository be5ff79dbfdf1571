"""The result page's next check: `{% next_check screening result as check %}` (date, why, and
whether a reminder email comes; rules in screening/reminders.py)."""

from django import template

from ..reminders import NextCheck
from ..reminders import next_check as next_check_of
from ..results import ScreeningResult
from ..series import later_screenings

register = template.Library()


@register.simple_tag
def next_check(screening, result: ScreeningResult) -> NextCheck | None:
    """None once a newer screening of the child was started: that one is the next check."""
    if later_screenings(screening).exists():
        return None
    return next_check_of(screening, result.next_check_on)
