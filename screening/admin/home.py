"""The admin home's template tags (`{% load staff_home %}`, registered in config/settings.py):
what is waiting comes first, and the screenings' section before reference content and accounts
(Django's admin would sort the sections by name)."""

from django import template

from ..access import screenings_for
from ..triage import WaitingCounts, waiting_counts

register = template.Library()

# The admin sections staff need every day, first; the rest keep Django's order (by name).
FIRST_SECTIONS = ("screening",)


@register.simple_tag(takes_context=True)
def screenings_waiting(context) -> WaitingCounts:
    """New and urgent submitted screenings in the user's clinics."""
    return waiting_counts(screenings_for(context["request"].user))


@register.filter
def screenings_first(app_list: list[dict]) -> list[dict]:
    return sorted(app_list, key=lambda app: app["app_label"] not in FIRST_SECTIONS)
