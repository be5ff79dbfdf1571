"""The next check's reminder email, for families who asked for one, and stopping it.

The rules:

- A family asks for a reminder with a tick on the contact step, next to an email address
  (`FamilyContact.reminders`, screening/contact.py). No tick or no email: no reminder.
- `send_reminders` (run daily from cron) emails once per check: for a submitted screening whose
  next check (`Screening.next_check_on`) has come, that is the newest of its child's screenings,
  at a clinic still open, where "Check again" is offered today (series.check_again_offer), whose
  family has not stopped reminders and whose family link still works (screening/links.py).
  `Screening.reminder_sent_at` is claimed with a conditional update before sending, so two runs
  at once never send two; a failed send gives the claim back for the next day's run.
- The email gives the family link and nothing about the child: no nickname, no date of birth, no
  result, not even in the subject (a mailbox is read on shared computers and lock screens).
- Every reminder carries a link to stop them (and a List-Unsubscribe header): a signed token of
  the family, never expiring, since the email may be read months later. Opening it changes
  nothing (mail scanners open links); pressing the button does.
- Nothing here logs an address, a link or a token: a failed send logs the kind of error only.
"""

import enum
import logging
import smtplib
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .contact import contact_of
from .links import family_link_expired
from .models import Family, Screening
from .series import (
    CHECK_AGAIN_AFTER_MONTHS,
    CheckAgain,
    Offer,
    check_again_offer,
    next_range_starts_on,
    stored_next_check,
)

logger = logging.getLogger(__name__)

STOP_SALT = "reminders.stop"


# --- What the result page says -------------------------------------------------------------------


class Reason(enum.Enum):
    NEXT_AGE_RANGE = "next_age_range"  # the child starts the next age range's questions
    KEEP_WATCHING = "keep_watching"  # sooner, after a "Keep watching" result


class Reminder(enum.Enum):
    WILL_EMAIL = "will_email"
    EMAILED = "emailed"
    STOPPED = "stopped"  # asked for, then stopped from a reminder email
    NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class NextCheck:
    on: date | None  # None: this was the last age range the questions cover
    reason: Reason | None
    reminder: Reminder
    # How much sooner a "Keep watching" result brings the check, for the page to say why.
    keep_watching_months: int = CHECK_AGAIN_AFTER_MONTHS


def next_check(screening: Screening, check_again: CheckAgain) -> NextCheck | None:
    """The next check a submitted screening's result shows: when (stored at submit), why then,
    and whether a reminder email comes. None once a newer screening of the child was started
    (`check_again.newer`): that one is the next check."""
    if check_again.newer is not None:
        return None
    on = stored_next_check(screening)
    if on is None:
        return NextCheck(None, None, Reminder.NOT_ASKED)
    reason = (
        Reason.NEXT_AGE_RANGE if on == next_range_starts_on(screening) else Reason.KEEP_WATCHING
    )
    return NextCheck(on, reason, _reminder(screening))


def _reminder(screening: Screening) -> Reminder:
    if screening.reminder_sent_at is not None:
        return Reminder.EMAILED
    contact = contact_of(screening)
    if contact is None or not contact.reminders or not contact.email or screening.family is None:
        return Reminder.NOT_ASKED
    if screening.family.reminders_stopped_at is not None:
        return Reminder.STOPPED
    return Reminder.WILL_EMAIL


# --- Which reminders are due ---------------------------------------------------------------------


def due_reminders(today: date) -> QuerySet[Screening]:
    """Screenings whose next check has come and whose family asked to be reminded, not yet sent.
    The newest screening of each child only: a later one (series.later_screenings) means the
    check was done or started."""
    later = Screening.objects.filter(
        family=OuterRef("family"), started_at__gt=OuterRef("started_at")
    )
    return (
        Screening.objects.filter(
            submitted_at__isnull=False,
            anonymised_at__isnull=True,
            next_check_on__lte=today,
            reminder_sent_at__isnull=True,
            family__isnull=False,
            family__reminders_stopped_at__isnull=True,
            clinic__is_active=True,
            contact__reminders=True,
        )
        .exclude(contact__email="")
        .exclude(Exists(later))
        .select_related("family", "contact")
        .order_by("next_check_on", "pk")
    )


# --- Sending one ---------------------------------------------------------------------------------


class ReminderNotSent(Exception):
    """The mail server refused the message or could not be reached; it is tried again tomorrow."""


def site_url(path: str) -> str:
    """`path` on the site parents use (settings.SITE_URL): the command has no request to ask."""
    return settings.SITE_URL.rstrip("/") + path


def stop_token(family: Family) -> str:
    return signing.dumps(family.pk, salt=STOP_SALT)


def family_for_stop_token(token: str) -> Family | None:
    """The family a stop link was made for; None for a changed or made-up token."""
    try:
        pk = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Family.objects.filter(pk=pk).first()


def stop_url(family: Family) -> str:
    return site_url(reverse("screening:stop_reminders", args=[stop_token(family)]))


@dataclass(frozen=True)
class ReminderEmail:
    subject: str
    body: str


def reminder_email(screening: Screening, family_url: str, unsubscribe_url: str) -> ReminderEmail:
    """The email, in the screening's language: the family link and the stop link, nothing else."""
    context = {"family_url": family_url, "stop_url": unsubscribe_url}
    with translation.override(screening.language):
        return ReminderEmail(
            subject=_("Time for the next Milestone Check"),
            body=render_to_string("emails/reminder.txt", context).strip() + "\n",
        )


def _claim(screening: Screening, now: datetime) -> bool:
    """Mark the reminder sent, unless another run did first or the family stopped reminders."""
    claimed = Screening.objects.filter(
        pk=screening.pk,
        reminder_sent_at__isnull=True,
        family__reminders_stopped_at__isnull=True,
    ).update(reminder_sent_at=now)
    return claimed == 1


def _give_back(screening: Screening, now: datetime) -> None:
    Screening.objects.filter(pk=screening.pk, reminder_sent_at=now).update(reminder_sent_at=None)


def _reminder_address(screening: Screening, today: date) -> str | None:
    """Where to send the reminder for one of `due_reminders(today)`, or None when it is no longer
    due: no address, or "Check again" is not offered today (a newer screening was started, the
    child is past the ages the questions cover)."""
    # Read with the screening by `due_reminders`; checked again, as the family may have changed
    # it since.
    contact = contact_of(screening)
    if contact is None or not contact.reminders or not contact.email or screening.family is None:
        return None
    if check_again_offer(screening, today).offer is not Offer.DUE:
        return None
    if family_link_expired(screening.family.screenings.all(), today):
        return None  # the email's link would not open
    return contact.email


def send_reminder(screening: Screening, today: date, now: datetime) -> bool:
    """Email the reminder for `screening` (one of `due_reminders(today)`) once; False when it is
    no longer due or another run sent it first.

    Raises ReminderNotSent when the mail server fails; the next run tries again.
    """
    address = _reminder_address(screening, today)
    family = screening.family
    if address is None or family is None or not _claim(screening, now):
        return False
    unsubscribe_url = stop_url(family)
    email = reminder_email(screening, site_url(family.private_link_path()), unsubscribe_url)
    message = EmailMessage(
        email.subject,
        email.body,
        to=[address],
        headers={
            "Content-Language": screening.language,
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            # Mail apps' own "Unsubscribe" button stops them in one click (RFC 8058).
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # A mail server's "out of office" must not answer an automatic email (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        _give_back(screening, now)
        # The kind of error only: its text can name the recipient.
        logger.warning("A reminder email could not be sent (%s)", type(error).__name__)
        raise ReminderNotSent from None
    return True


def count_due_reminders(today: date) -> int:
    """How many reminders a run today would send (for --dry-run); changes nothing."""
    return sum(
        _reminder_address(screening, today) is not None for screening in due_reminders(today)
    )


@dataclass(frozen=True)
class RemindersSent:
    sent: int
    failed: int
    skipped: int


def send_due_reminders(today: date, now: datetime) -> RemindersSent:
    """Send every reminder due `today`; counts only."""
    sent = failed = skipped = 0
    for screening in due_reminders(today):
        try:
            if send_reminder(screening, today, now):
                sent += 1
            else:
                skipped += 1
        except ReminderNotSent:
            failed += 1
    logger.info(
        "send_reminders: %d sent, %d not sent (mail server), %d skipped", sent, failed, skipped
    )
    return RemindersSent(sent, failed, skipped)


# --- Stopping them -------------------------------------------------------------------------------


def family_language(family: Family) -> str:
    """The language of the family's newest screening, for the stop page."""
    newest = family.screenings.order_by("-started_at", "-pk").values_list("language", flat=True)
    return newest.first() or settings.LANGUAGE_CODE


def stop_reminders(family: Family, now: datetime) -> None:
    """No more reminder emails for the family (pressing the button again changes nothing)."""
    Family.objects.filter(pk=family.pk, reminders_stopped_at__isnull=True).update(
        reminders_stopped_at=now
    )
