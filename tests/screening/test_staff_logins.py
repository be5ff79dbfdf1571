"""Staff logins: repeated failures lock an account or an address, a manager unlocks it, every
login, failure and lockout is logged without the password, and short passwords are refused."""

import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from screening.roles import CLINIC_MANAGER
from tests.factories import PASSWORD, StaffFactory

LOGIN = reverse("admin:login")
SCREENINGS = reverse("admin:screening_screening_changelist")
LOCK_LIST = reverse("admin:axes_accessattempt_changelist")
WRONG_PASSWORD = "Wrong-Horse-Battery-42"


def log_in(browser: Client, username: str, password: str):
    return browser.post(LOGIN, {"username": username, "password": password, "next": SCREENINGS})


def is_logged_in(browser: Client) -> bool:
    return "_auth_user_id" in browser.session


def fail_until_locked(browser: Client, username: str, limit: int):
    for _ in range(limit - 1):
        response = log_in(browser, username, WRONG_PASSWORD)
        assert response.status_code == 200  # the login form again, with its message
        assert "Please enter the correct username and password" in response.content.decode()
    return log_in(browser, username, WRONG_PASSWORD)


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Dozens of logins per test: a fast hasher keeps them quick (the rules are the same)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def nurse(main_clinic):
    return StaffFactory(username="nurse", clinics=[main_clinic])


def test_the_right_password_logs_a_staff_member_in(client, nurse):
    response = log_in(client, "nurse", PASSWORD)

    assert response.status_code == 302
    assert response.url == SCREENINGS
    assert client.get(SCREENINGS).status_code == 200


def test_after_the_failure_limit_the_account_is_locked_even_for_the_right_password(
    client, nurse, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5  # DJANGO_LOGIN_FAILURE_LIMIT's default

    response = fail_until_locked(client, "nurse", settings.AXES_FAILURE_LIMIT)

    assert response.status_code == 429
    page = response.content.decode()
    assert "This account is locked for now" in page
    assert "Milestone Check — clinic staff" in page  # the staff pages' own header
    assert "Ask a clinic manager to unlock it" in page
    assert "30 minutes after the last attempt" in page  # DJANGO_LOGIN_COOLOFF_MINUTES' default

    response = log_in(client, "nurse", PASSWORD)

    assert response.status_code == 429
    assert "This account is locked for now" in response.content.decode()
    assert not is_logged_in(client)
    assert client.get(SCREENINGS).status_code == 302  # to the login page


def test_one_fewer_failure_than_the_limit_still_lets_the_right_password_in(client, nurse, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "nurse", WRONG_PASSWORD)

    assert log_in(client, "nurse", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_failures_for_one_username_from_many_addresses_lock_that_username(nurse, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(REMOTE_ADDR=f"198.51.100.{number + 1}"), "nurse", WRONG_PASSWORD)

    from_elsewhere = Client(REMOTE_ADDR="203.0.113.50")

    assert log_in(from_elsewhere, "nurse", PASSWORD).status_code == 429
    assert not is_logged_in(from_elsewhere)


def test_failures_for_many_usernames_from_one_address_lock_that_address(nurse, settings):
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, f"guess{number}", WRONG_PASSWORD)

    assert log_in(guesser, "nurse", PASSWORD).status_code == 429
    # The nurse's own computer is another address: she is not locked out.
    her_computer = Client(REMOTE_ADDR="198.51.100.8")
    assert log_in(her_computer, "nurse", PASSWORD).status_code == 302


def test_a_proxy_header_is_ignored_unless_configured(nurse, settings):
    def guesses_through_the_proxy(forged_addresses):
        for address in forged_addresses:
            proxy = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{address}, 203.0.113.9")
            log_in(proxy, f"guess-{address}", WRONG_PASSWORD)

    # Not configured: the address is REMOTE_ADDR, so forging the header changes nothing.
    guesses_through_the_proxy(f"192.0.2.{number}" for number in range(settings.AXES_FAILURE_LIMIT))
    assert AccessAttempt.objects.filter(ip_address="10.0.0.2").count() == 5

    # Configured (DJANGO_CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR behind one proxy): the address is
    # the one the proxy appended, whatever the client put before it.
    AccessAttempt.objects.all().delete()
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    settings.AXES_IPWARE_PROXY_COUNT = 0  # DJANGO_PROXY_COUNT=1
    guesses_through_the_proxy(f"192.0.2.{number}" for number in range(settings.AXES_FAILURE_LIMIT))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    proxy = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert log_in(proxy, "nurse", PASSWORD).status_code == 429


def test_a_manager_sees_the_lock_and_unlocks_the_account(client, nurse, make_staff, settings):
    fail_until_locked(client, "nurse", settings.AXES_FAILURE_LIMIT)
    manager = make_staff("manager", nurse.clinics.all(), role=CLINIC_MANAGER)

    lock_list = manager.get(LOCK_LIST, {"locked_out": "yes"})

    assert lock_list.status_code == 200
    assert "nurse" in lock_list.content.decode()
    assert "Locked Out" in lock_list.content.decode()
    failures = manager.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert failures.status_code == 200
    assert "nurse" in failures.content.decode()

    attempts = AccessAttempt.objects.filter(username="nurse")
    response = manager.post(
        LOCK_LIST,
        {
            "action": "delete_selected",
            "_selected_action": [attempt.pk for attempt in attempts],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="nurse").exists()
    assert log_in(client, "nurse", PASSWORD).status_code == 302
    assert client.get(SCREENINGS).status_code == 200


def test_staff_who_are_not_managers_cannot_see_or_clear_the_lock_list(
    client, nurse, make_staff, main_clinic, settings
):
    fail_until_locked(client, "nurse", settings.AXES_FAILURE_LIMIT)
    colleague = make_staff("colleague", [main_clinic])

    assert colleague.get(LOCK_LIST).status_code == 403
    attempt = AccessAttempt.objects.get(username="nurse")
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert colleague.post(delete, {"post": "yes"}).status_code == 403
    assert AccessAttempt.objects.filter(username="nurse").exists()


def test_logins_failures_and_lockouts_are_logged_without_the_password(
    client, nurse, settings, caplog
):
    caplog.set_level(logging.INFO, logger="milestone_check.staff_logins")

    log_in(client, "nurse", PASSWORD)
    client.post(reverse("admin:logout"))
    fail_until_locked(client, "nurse", settings.AXES_FAILURE_LIMIT)

    lines = [
        (record.levelname, record.getMessage())
        for record in caplog.records
        if record.name == "milestone_check.staff_logins"
    ]
    assert ("INFO", "Staff login: user nurse from 127.0.0.1") in lines
    assert ("INFO", "Staff logout: user nurse from 127.0.0.1") in lines
    assert lines.count(("WARNING", "Failed staff login: user nurse from 127.0.0.1")) == 5
    assert (
        "WARNING",
        "Staff login locked out after 5 failures: user nurse from 127.0.0.1",
    ) in lines
    assert PASSWORD not in caplog.text
    assert WRONG_PASSWORD not in caplog.text


def test_a_username_that_is_an_email_address_or_has_line_breaks_is_not_logged_as_typed(
    client, db, caplog
):
    caplog.set_level(logging.INFO, logger="milestone_check.staff_logins")

    log_in(client, "someone@example.org", WRONG_PASSWORD)
    log_in(client, "nurse\nStaff login: user admin", WRONG_PASSWORD)

    assert "someone@example.org" not in caplog.text
    assert "Failed staff login: user (an email address) from 127.0.0.1" in caplog.text
    assert "Failed staff login: user nurse?Staff login: user admin from 127.0.0.1" in caplog.text


def test_the_login_lines_reach_the_console_at_info_level(settings):
    entry = settings.LOGGING["loggers"]["milestone_check.staff_logins"]

    assert entry["level"] == "INFO"
    assert "console" in entry["handlers"]


def test_a_password_of_eleven_characters_is_refused_and_one_of_twelve_accepted(nurse):
    browser = Client()
    browser.force_login(nurse)
    change = reverse("admin:password_change")

    def new_password(password):
        return browser.post(
            change,
            {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
        )

    refused = new_password("Kx7#mQ2!vLp")  # 11 characters

    assert refused.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in (
        refused.content.decode()
    )
    nurse.refresh_from_db()
    assert nurse.check_password(PASSWORD)

    accepted = new_password("Kx7#mQ2!vLpz")  # 12 characters

    assert accepted.status_code == 302
    nurse.refresh_from_db()
    assert nurse.check_password("Kx7#mQ2!vLpz")


def test_logging_in_as_someone_else_never_clears_the_failures_of_a_colleagues_account(
    nurse, make_staff, main_clinic, settings
):
    make_staff("insider", [main_clinic])
    one_computer = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(one_computer, "nurse", WRONG_PASSWORD).status_code == 200
    # A colleague logs in from the same computer between guesses...
    assert log_in(one_computer, "insider", PASSWORD).status_code == 302
    one_computer.logout()

    # ...and the next wrong guess at the nurse's account still locks it.
    assert log_in(one_computer, "nurse", WRONG_PASSWORD).status_code == 429
    assert log_in(Client(REMOTE_ADDR="203.0.113.5"), "nurse", PASSWORD).status_code == 429


def test_logging_in_clears_ones_own_earlier_typos(nurse, settings):
    her_computer = Client(REMOTE_ADDR="198.51.100.10")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(her_computer, "nurse", WRONG_PASSWORD).status_code == 200
    assert log_in(her_computer, "nurse", PASSWORD).status_code == 302
    her_computer.logout()

    assert log_in(her_computer, "nurse", WRONG_PASSWORD).status_code == 200  # not locked
