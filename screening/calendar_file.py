"""The next check as a calendar file (.ics): one all-day event a parent adds to their phone.

Calendars sync to cloud services and are shared with partners and assistants, so the event says
only that it is time for the next check and gives the family link: no nickname, no date of birth,
no result. Its UID is a hash of the screening's private link, not the reference code staff see:
stable, so downloading the file again updates the same event instead of adding a second one, and
it leads nowhere without the link.
"""

import hashlib
from datetime import date, datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Screening

PRODID = "-//Milestone Check//Next check//EN"
FILENAME = "milestone-check-next-check.ics"


def event_uid(screening: Screening) -> str:
    digest = hashlib.sha256(f"milestone-check next check {screening.link}".encode()).hexdigest()
    return f"next-check-{digest[:32]}@milestone-check"


def next_check_calendar(screening: Screening, on: date, family_url: str, now: datetime) -> bytes:
    """The calendar file for the check due `on`, in the screening's language; `family_url` is
    the family link in full, `now` the time it is made (DTSTAMP, in UTC)."""
    language = screening.language
    with translation.override(language):
        summary = _("Milestone Check: time for the next check")
        description = "\n\n".join(
            [
                _("It is time to check your child's development again."),
                _("Open your family link to start the next check:") + "\n" + family_url,
                _("Anyone with this link can see your answers. Keep it private."),
            ]
        )
    event = Event()
    event.add("uid", event_uid(screening))
    event.add("dtstamp", now)
    # An all-day event: DTEND is the day after (RFC 5545, 3.6.1), and it does not block the day.
    event.add("dtstart", on)
    event.add("dtend", on + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", summary, parameters={"LANGUAGE": language})
    event.add("description", description, parameters={"LANGUAGE": language})
    event.add("url", family_url)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
