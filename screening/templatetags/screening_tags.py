from django import template

from milestones.models import in_language

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    """`{{ item|localized:"text" }}`: the field in the active language."""
    return in_language(obj, field)
