"""The next check as a calendar file (.ics, screening/calendar_file.py): one all-day event on the
day the result page gives, with the family link and nothing about the child."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from screening import calendar_file
from screening.models import Family, Screening
from tests.factories import ScreeningFactory, SubmittedScreeningFactory, submitted_days_ago


def calendar_url(screening: Screening) -> str:
    return reverse("screening:next_check_ics", args=[screening.link])


def event_of(response):
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    return event


@pytest.fixture
def screening(db):
    """Submitted today for a 24-month-old asked the 12-to-35-month questions: next check at 36
    months."""
    return SubmittedScreeningFactory(family=Family.objects.create(), nickname="Zephyrine")


def test_the_file_holds_one_all_day_event_on_the_next_check_date(client, screening):
    response = client.get(calendar_url(screening))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="milestone-check-next-check.ics"'
    )
    event = event_of(response)
    assert screening.next_check_on is not None
    assert event.decoded("dtstart") == screening.next_check_on
    assert event.decoded("dtend") == screening.next_check_on + timedelta(days=1)
    assert str(event["summary"]) == "Milestone Check: time for the next check"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["prodid"]) == calendar_file.PRODID
    assert str(calendar["version"]) == "2.0"
    assert event.decoded("dtstamp").tzinfo is not None


def test_the_event_gives_the_family_link_in_full(client, screening):
    event = event_of(client.get(calendar_url(screening)))

    family_url = f"http://testserver/f/{screening.family.link}/"
    assert family_url in str(event["description"])
    assert str(event["url"]) == family_url


def test_the_event_carries_nothing_about_the_child(client, screening):
    text = client.get(calendar_url(screening)).content.decode()

    assert "Zephyrine" not in text
    assert screening.reference not in text
    assert screening.date_of_birth.isoformat().replace("-", "") not in text
    for result_word in ("On track", "Keep watching", "Discuss", "Not yet", "Hand", "Area"):
        assert result_word not in text
    assert str(screening.link) not in text  # the family link only, not the screening's own


def test_downloading_it_again_updates_the_same_event(client, screening):
    first = event_of(client.get(calendar_url(screening)))
    again = event_of(client.get(calendar_url(screening)))
    other = event_of(
        client.get(calendar_url(SubmittedScreeningFactory(family=Family.objects.create())))
    )

    assert str(first["uid"]) == str(again["uid"])
    assert str(first["uid"]) != str(other["uid"])
    assert screening.reference not in str(first["uid"])


def test_a_spanish_screening_gets_a_spanish_event(client, db):
    screening = SubmittedScreeningFactory(family=Family.objects.create(), language="es")

    event = event_of(client.get(calendar_url(screening)))

    assert str(event["summary"]) == "Milestone Check: es hora de la próxima revisión"
    assert event["summary"].params["LANGUAGE"] == "es"
    assert "enlace de la familia" in str(event["description"])


def test_the_file_is_never_stored_by_a_browser_or_proxy(client, screening):
    response = client.get(calendar_url(screening))

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_after_the_last_age_range_there_is_no_file(client, db):
    last = SubmittedScreeningFactory(
        family=Family.objects.create(),
        age=66,
        age_range_key="60-71-months",
        age_range_min_months=60,
        age_range_max_months=71,
    )
    assert last.next_check_on is None

    assert client.get(calendar_url(last)).status_code == 404


def test_a_draft_has_no_file_yet(client, db):
    draft = ScreeningFactory(family=Family.objects.create())

    response = client.get(calendar_url(draft))

    assert response.status_code == 302
    assert response.url.startswith(f"/s/{draft.link}/")


def test_an_expired_link_shows_the_expired_page(client, db, settings):
    settings.SCREENING_LINK_DAYS = 180
    old = submitted_days_ago(SubmittedScreeningFactory(family=Family.objects.create()), 200)

    assert client.get(calendar_url(old)).status_code == 410


def test_the_calendar_file_can_be_made_without_a_request(db):
    screening = SubmittedScreeningFactory(family=Family.objects.create())
    made_at = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)

    ics = calendar_file.next_check_calendar(
        screening, date(2027, 3, 1), "https://screening.example.org/f/x/", made_at
    )

    [event] = Calendar.from_ical(ics).walk("VEVENT")
    assert event.decoded("dtstart") == date(2027, 3, 1)
    assert event.decoded("dtstamp") == made_at
    assert str(event["transp"]) == "TRANSPARENT"
    assert event["uid"] == calendar_file.event_uid(screening)
    assert timezone.is_aware(event.decoded("dtstamp"))
