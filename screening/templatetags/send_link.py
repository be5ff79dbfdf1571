"""The "Send me my link" form on any page of a screening: `{% send_link_form screening %}`."""

from django import template

from ..link_email import SendLinkForm

register = template.Library()


@register.inclusion_tag("screening/includes/send_link_form.html", takes_context=True)
def send_link_form(context, screening) -> dict:
    """The one-field form that emails the private link. Sending returns to the page it is on, where
    a message says the email went; a mistake shows on the "Send me my link" page (its `form`)."""
    request = context["request"]
    return {
        "screening": screening,
        "form": context.get("send_link_form") or SendLinkForm(),
        "back_to": context.get("back_to") or request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
