"""Two-factor login for staff (DJANGO_REQUIRE_2FA): asked for when on, unnoticed when off."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, ManagerFactory, StaffFactory

LOGIN = reverse("admin:login")
SCREENINGS = reverse("admin:screening_screening_changelist")
SET_UP = reverse("staff_two_factor_setup")
DEVICES = reverse("admin:otp_totp_totpdevice_changelist")


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def two_factor_on(settings):
    settings.STAFF_REQUIRE_2FA = True


@pytest.fixture
def nurse(main_clinic):
    return StaffFactory(username="nurse", clinics=[main_clinic])


def code_now(device: TOTPDevice) -> str:
    """The 6-digit code the staff member's authenticator app shows now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_now(device)) + 1) % 1_000_000:06d}"


def next_code_shown(device: TOTPDevice) -> None:
    """A wrong code makes django-otp wait a few seconds before the next one is checked: move the
    wrong code back in time instead of sleeping."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )


def set_up_app(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def log_in(browser: Client, password: str = PASSWORD, code: str | None = None):
    data = {"username": "nurse", "password": password, "next": SCREENINGS}
    if code is not None:
        data["code"] = code
    return browser.post(LOGIN, data)


def test_when_off_staff_log_in_with_their_password_alone(client, nurse, settings):
    assert settings.STAFF_REQUIRE_2FA is False  # DJANGO_REQUIRE_2FA's default

    assert "authenticator" not in client.get(LOGIN).content.decode()
    assert log_in(client).url == SCREENINGS
    assert client.get(SCREENINGS).status_code == 200
    assert client.get(SET_UP).status_code == 404


def test_when_on_the_login_page_asks_for_the_code(client, two_factor_on, db):
    page = client.get(LOGIN).content.decode()

    assert "6-digit code from your authenticator app" in page
    assert 'autocomplete="one-time-code"' in page


def test_when_on_staff_without_an_app_must_set_one_up_before_any_staff_page(
    client, nurse, two_factor_on
):
    response = log_in(client)  # the password alone, no app yet

    assert response.status_code == 302
    for page in (SCREENINGS, reverse("admin:index"), reverse("milestones:content_review")):
        response = client.get(page)
        assert response.status_code == 302
        assert response.url.startswith(SET_UP)

    set_up_page = client.get(SET_UP + f"?next={SCREENINGS}")
    html = set_up_page.content.decode()
    assert set_up_page.status_code == 200
    assert "no-store" in set_up_page["Cache-Control"]  # it shows the secret
    assert "<svg" in html  # the QR code, drawn on the server
    secret = re.search(r"<code[^>]*>([A-Z2-7 ]+)</code>", html).group(1)
    device = TOTPDevice.objects.get(user=nurse)
    assert not device.confirmed
    assert secret.replace(" ", "") in device.config_url  # the same key as the QR code

    refused = client.post(SET_UP, {"code": wrong_code(device), "next": SCREENINGS})
    assert refused.status_code == 200
    assert "That code is not right" in refused.content.decode()
    assert client.get(SCREENINGS).status_code == 302
    next_code_shown(device)

    confirmed = client.post(SET_UP, {"code": code_now(device), "next": SCREENINGS})

    assert confirmed.status_code == 302
    assert confirmed.url == SCREENINGS
    assert client.get(SCREENINGS).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_when_on_staff_with_an_app_need_its_code_to_log_in(client, nurse, two_factor_on):
    device = set_up_app(nurse)

    without = log_in(client)
    wrong = log_in(client, code=wrong_code(device))

    wrong_password = log_in(client, password="not-the-password-1", code=code_now(device))
    for response in (without, wrong, wrong_password):
        assert response.status_code == 200
        # One message for all three: the page never confirms that the password was right.
        assert "The username, password or 6-digit code is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(SCREENINGS).status_code == 302
    next_code_shown(device)

    right = log_in(client, code=code_now(device))

    assert right.status_code == 302
    assert right.url == SCREENINGS
    assert client.get(SCREENINGS).status_code == 200


def test_wrong_codes_count_towards_the_lockout(client, nurse, two_factor_on, settings):
    device = set_up_app(nurse)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, code=wrong_code(device))

    assert log_in(client, code=wrong_code(device)).status_code == 429
    assert log_in(client, code=code_now(device)).status_code == 429


def test_when_on_a_session_without_a_code_is_logged_out_of_staff_pages(nurse, two_factor_on):
    set_up_app(nurse)
    browser = Client()
    browser.force_login(nurse)  # logged in before 2FA was turned on, say

    response = browser.get(SCREENINGS, follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "Please log in again with the 6-digit code" in response.content.decode()
    assert "_auth_user_id" not in browser.session


def test_the_same_session_is_not_asked_again_once_off(nurse, settings):
    settings.STAFF_REQUIRE_2FA = False
    set_up_app(nurse)
    browser = Client()
    browser.force_login(nurse)

    assert browser.get(SCREENINGS).status_code == 200


def test_managers_see_who_has_set_up_an_app_but_never_its_secret(nurse, main_clinic, two_factor_on):
    device = set_up_app(nurse)
    manager_device = set_up_app(ManagerFactory(username="manager", clinics=[main_clinic]))
    manager = Client()
    manager.post(
        LOGIN, {"username": "manager", "password": PASSWORD, "code": code_now(manager_device)}
    )

    listing = manager.get(DEVICES)
    detail = manager.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert listing.status_code == 200
    assert "nurse" in listing.content.decode()
    assert detail.status_code == 200
    typed_secret = parse_qs(urlparse(device.config_url).query)["secret"][0]
    for page in (listing, detail):
        assert device.key not in page.content.decode()
        assert typed_secret not in page.content.decode()
    assert manager.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_staff_who_are_not_managers_cannot_see_the_list(make_staff, main_clinic):
    nurse = make_staff("nurse", [main_clinic])

    assert nurse.get(DEVICES).status_code == 403


def test_a_script_name_header_does_not_skip_the_code(client, nurse, two_factor_on):
    # A proxy (or anyone gunicorn trusts) may send SCRIPT_NAME: the page is then /x/admin/...,
    # but Django still routes /admin/..., so the check must look at the routed path.
    assert log_in(client).status_code == 302  # password only, no app yet

    response = client.get(SCREENINGS, SCRIPT_NAME="/x")

    assert response.status_code == 302
    assert SET_UP in response.url
