"""The email that gives a parent their private link ("Send me my link").

A parent who loses the link loses the screening, so the link panel and the result page offer to
email it. The email holds the link and nothing about the child: a mailbox is read on shared
computers, previewed on lock screens and kept for years, so no nickname, no date of birth and no
answer goes in it, not even in the subject. It says that anyone with the link can see the answers
and when the link stops working (screening/links.py for a submitted screening; the purge's draft
period for a draft).

The address is used for this one message and kept nowhere: not in the database, not in a log line
(a failed send is logged by the kind of error only, since an SMTP error's text names the
recipient). Django's email framework sends it: settings.EMAIL_BACKEND, read from the environment.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .links import link_works_until
from .models import Screening

logger = logging.getLogger(__name__)


class SendLinkForm(forms.Form):
    """One field: where to send the link. Its id starts with "send-link-" so it never clashes
    with a step's own form on the same page."""

    email = forms.EmailField(
        label=gettext_lazy("Your email address"),
        max_length=254,
        help_text=gettext_lazy("We use it only to send the link. We do not keep it."),
        error_messages={
            "required": gettext_lazy("Enter your email address."),
            "invalid": gettext_lazy("Enter an email address like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "send-link-%s")
        super().__init__(*args, **kwargs)


class LinkEmailNotSent(Exception):
    """The mail server refused the message or could not be reached; nothing was sent."""


@dataclass(frozen=True)
class LinkEmail:
    """What the email says, in the screening's language."""

    subject: str
    body: str


def _link_email(screening: Screening, link_url: str) -> LinkEmail:
    works_until: date | None = link_works_until(screening)
    context = {
        "link": link_url,
        "works_until": works_until,
        "draft_days": settings.SCREENING_DRAFT_DAYS,
    }
    with translation.override(screening.language):
        return LinkEmail(
            subject=_("Your Milestone Check link"),
            body=render_to_string("emails/private_link.txt", context).strip() + "\n",
        )


def send_private_link(screening: Screening, to_address: str, link_url: str) -> None:
    """Email `link_url` (the screening's private link, in full) to `to_address`, once.

    Raises LinkEmailNotSent when the mail server fails; the caller tells the parent to try again.
    """
    email = _link_email(screening, link_url)
    message = EmailMessage(
        email.subject,
        email.body,
        to=[to_address],
        headers={"Content-Language": screening.language},
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        # The kind of error only: its text can name the recipient.
        logger.warning("The private link email could not be sent (%s)", type(error).__name__)
        raise LinkEmailNotSent from None
