from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from milestones.language import in_language

from ..rules import Status

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    """`{{ item|localized:"text" }}`: the field in the active language."""
    return in_language(obj, field)


@register.filter
def age_in_words(months: int) -> str:
    """21 → "21 months"; 66 → "5 years 6 months (66 months)", as parents say ages over two."""
    in_months = ngettext("%(count)s month", "%(count)s months", months) % {"count": months}
    if months < 24:
        return in_months
    years, rest = divmod(months, 12)
    in_years = ngettext("%(count)s year", "%(count)s years", years) % {"count": years}
    if rest:
        in_years = _("%(years)s %(months)s") % {
            "years": in_years,
            "months": ngettext("%(count)s month", "%(count)s months", rest) % {"count": rest},
        }
    return f"{in_years} ({in_months})"


# Words and a symbol, never colour alone.
STATUS_SYMBOLS = {Status.FLAGGED: "⚑", Status.MONITOR: "◐", Status.ON_TRACK: "✓"}


@register.simple_tag
def status_badge(status: str) -> str:
    """`{% status_badge domain.status %}`: an area's result in words, with its symbol. Built here
    rather than from a template: the result page shows one per area, twice or three times."""
    status = Status(status)
    return format_html(
        '<span class="status status-{}"><span aria-hidden="true">{}</span> {}</span>',
        status,
        STATUS_SYMBOLS[status],
        status.label,
    )


@register.simple_tag(takes_context=True)
def private_link_url(context, screening) -> str:
    """The parent's private link in full, as they would paste it into a message to themselves."""
    return context["request"].build_absolute_uri(screening.private_link_path())
