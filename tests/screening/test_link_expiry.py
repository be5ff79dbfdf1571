"""A submitted screening's private link stops working DJANGO_LINK_DAYS days after submitting;
drafts never expire by this rule (the purge deletes untouched drafts instead)."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from screening.links import link_expired, link_works_until
from screening.models import Screening
from tests.factories import (
    ClinicFactory,
    ScreeningFactory,
    SubmittedScreeningFactory,
    submitted_days_ago,
)

# --- The rule alone ------------------------------------------------------------------------


def screening_submitted_on(day: date | None) -> Screening:
    """An unsaved screening submitted at noon on `day` (None: still a draft)."""
    submitted_at = None if day is None else datetime(day.year, day.month, day.day, 16, tzinfo=UTC)
    return Screening(submitted_at=submitted_at)


@pytest.mark.parametrize(
    "submitted_on, today, days, expired",
    [
        (date(2026, 1, 1), date(2026, 1, 1), 180, False),  # the day it was sent
        (date(2026, 1, 1), date(2026, 6, 29), 180, False),  # 179 days on
        (date(2026, 1, 1), date(2026, 6, 30), 180, False),  # 180 days on: the last day
        (date(2026, 1, 1), date(2026, 7, 1), 180, True),  # 181 days on
        (date(2026, 1, 1), date(2027, 1, 1), 180, True),
        (date(2026, 1, 1), date(2026, 1, 2), 0, True),  # a clinic that wants no link after
        (date(2026, 1, 1), date(2026, 1, 31), 30, False),
        (date(2026, 1, 1), date(2026, 2, 1), 30, True),
        (None, date(2030, 1, 1), 180, False),  # a draft, however old
    ],
)
def test_a_link_expires_the_day_after_its_last_day(submitted_on, today, days, expired):
    assert link_expired(screening_submitted_on(submitted_on), today, days) is expired


def test_the_last_day_is_counted_in_the_clinics_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    # 2 a.m. UTC on January 2nd is still January 1st in New York.
    screening = Screening(submitted_at=datetime(2026, 1, 2, 2, tzinfo=UTC))
    assert link_works_until(screening, 10) == date(2026, 1, 11)


def test_the_number_of_days_comes_from_the_settings(settings):
    settings.SCREENING_LINK_DAYS = 10
    screening = screening_submitted_on(date(2026, 1, 1))
    assert not link_expired(screening, date(2026, 1, 11))
    assert link_expired(screening, date(2026, 1, 12))


def test_a_draft_has_no_last_day():
    assert link_works_until(screening_submitted_on(None)) is None


# --- The pages ---------------------------------------------------------------------------------


@pytest.fixture
def link_days(settings):
    settings.SCREENING_LINK_DAYS = 180
    return 180


def test_a_link_submitted_181_days_ago_shows_the_expired_page(client, db, link_days):
    clinic = ClinicFactory(name="Main clinic", retention_days=730)
    screening = submitted_days_ago(SubmittedScreeningFactory(clinic=clinic, nickname="Zoë"), 181)

    response = client.get(reverse("screening:result", args=[screening.link]))

    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page
    assert "stops working 180 days after the screening is sent" in page
    assert "The clinic still has your answers. It keeps them for 730 days" in page
    assert "start a new screening" in page
    assert f'href="{reverse("screening:new")}"' in page
    assert "Zoë" not in page
    assert "no-store" in response["Cache-Control"]


def test_an_expired_link_no_longer_serves_the_pdf(client, db, link_days):
    screening = submitted_days_ago(SubmittedScreeningFactory(), 181)

    response = client.get(reverse("screening:summary_pdf", args=[screening.link]))

    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    assert b"%PDF" not in response.content


@pytest.mark.parametrize("name", ["resume", "child_details", "note", "review", "delete"])
def test_every_page_of_an_expired_link_is_the_expired_page(client, db, link_days, name):
    screening = submitted_days_ago(SubmittedScreeningFactory(), 181)
    response = client.get(reverse(f"screening:{name}", args=[screening.link]))
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_an_expired_link_can_not_delete_or_change_anything(client, db, link_days):
    screening = submitted_days_ago(SubmittedScreeningFactory(), 181)
    assert client.post(reverse("screening:delete", args=[screening.link])).status_code == 410
    assert Screening.objects.filter(pk=screening.pk).exists()


def test_switching_language_on_an_expired_link_changes_nothing(client, db, link_days):
    screening = submitted_days_ago(SubmittedScreeningFactory(language="en"), 181)
    result = reverse("screening:result", args=[screening.link])

    response = client.post(reverse("screening:language"), {"language": "es", "next": result})

    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.language == "en"


def test_a_link_submitted_179_days_ago_still_works(client, db, link_days):
    screening = submitted_days_ago(SubmittedScreeningFactory(), 179)

    assert client.get(reverse("screening:result", args=[screening.link])).status_code == 200
    pdf = client.get(reverse("screening:summary_pdf", args=[screening.link]))
    assert pdf["Content-Type"] == "application/pdf"


def test_an_old_draft_still_opens(client, db, link_days):
    draft = ScreeningFactory()
    Screening.objects.filter(pk=draft.pk).update(
        started_at=datetime(2020, 1, 1, tzinfo=UTC), updated_at=datetime(2020, 1, 1, tzinfo=UTC)
    )

    response = client.get(reverse("screening:child_details", args=[draft.link]))

    assert response.status_code == 200


def test_the_expired_page_is_in_the_screenings_language(client, db, link_days):
    screening = submitted_days_ago(SubmittedScreeningFactory(language="es"), 181)

    response = client.get(reverse("screening:result", args=[screening.link]))

    page = response.content.decode()
    assert '<html lang="es">' in page
    assert "Este enlace ya no funciona" in page
    assert "Empezar una nueva revisión" in page
