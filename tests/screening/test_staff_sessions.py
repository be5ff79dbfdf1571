"""Staff sessions end after 30 minutes without activity and 12 hours after logging in."""

import pytest
from django.test import Client
from django.urls import reverse

from screening.staff_sessions import LAST_ACTIVITY_AT, LOGGED_IN_AT
from tests.factories import PASSWORD

LOGIN = reverse("admin:login")
SCREENINGS = reverse("admin:screening_screening_changelist")
MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def nurse(make_staff, main_clinic) -> Client:
    browser = make_staff("nurse", [main_clinic])
    assert browser.get(SCREENINGS).status_code == 200
    return browser


def move_back(browser: Client, seconds: int, *keys: str) -> None:
    """Pretend time has passed: move the session's stored times back instead of sleeping."""
    session = browser.session
    for key in keys:
        session[key] -= seconds
    session.save()


def test_the_limits_default_to_thirty_minutes_idle_and_twelve_hours_in_all(settings):
    assert settings.STAFF_SESSION_IDLE_MINUTES == 30
    assert settings.STAFF_SESSION_MAX_HOURS == 12


def test_after_thirty_idle_minutes_the_next_page_logs_out_and_says_why(nurse):
    move_back(nurse, 30 * MINUTE + 1, LAST_ACTIVITY_AT, LOGGED_IN_AT)

    response = nurse.get(SCREENINGS, follow=True)

    assert response.redirect_chain[0][0] == f"{LOGIN}?next=%2Fadmin%2Fscreening%2Fscreening%2F"
    assert "You were logged out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in nurse.session
    assert nurse.get(SCREENINGS).status_code == 302


def test_twenty_nine_idle_minutes_keep_the_session_and_start_the_idle_clock_again(nurse):
    move_back(nurse, 29 * MINUTE, LAST_ACTIVITY_AT, LOGGED_IN_AT)
    assert nurse.get(SCREENINGS).status_code == 200

    # Another 29 minutes after that page: still within 30 minutes of the last activity.
    move_back(nurse, 29 * MINUTE, LAST_ACTIVITY_AT, LOGGED_IN_AT)

    assert nurse.get(SCREENINGS).status_code == 200


def test_twelve_hours_after_logging_in_the_session_ends_even_while_working(nurse):
    move_back(nurse, 12 * HOUR, LOGGED_IN_AT)  # active a moment ago

    response = nurse.get(SCREENINGS, follow=True)

    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert (
        "You were logged out because staff sessions end 12 hours after logging in"
        in response.content.decode()
    )
    assert "_auth_user_id" not in nurse.session


def test_eleven_hours_in_the_session_goes_on(nurse):
    move_back(nurse, 11 * HOUR, LOGGED_IN_AT)

    assert nurse.get(SCREENINGS).status_code == 200


def test_the_limits_come_from_the_settings(nurse, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    move_back(nurse, 5 * MINUTE, LAST_ACTIVITY_AT)

    response = nurse.get(SCREENINGS, follow=True)

    assert "You were logged out after 5 minutes without activity" in response.content.decode()


def test_logging_in_again_starts_a_fresh_session(nurse, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    nurse.user.set_password(PASSWORD)
    nurse.user.save()
    move_back(nurse, 12 * HOUR, LOGGED_IN_AT, LAST_ACTIVITY_AT)
    nurse.get(SCREENINGS)

    response = nurse.post(LOGIN, {"username": "nurse", "password": PASSWORD, "next": SCREENINGS})

    assert response.status_code == 302
    assert nurse.get(SCREENINGS).status_code == 200


def test_a_parents_page_after_a_staff_timeout_shows_as_usual_and_ends_the_staff_session(
    nurse, content
):
    # A clinic tablet: staff logged in, then a parent opens the questionnaire much later.
    move_back(nurse, 31 * MINUTE, LAST_ACTIVITY_AT, LOGGED_IN_AT)

    response = nurse.get(reverse("screening:start"))

    assert response.status_code == 200
    assert "logged out" not in response.content.decode()
    assert "_auth_user_id" not in nurse.session
