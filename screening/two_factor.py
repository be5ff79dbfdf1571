"""Two-factor login for staff: a 6-digit code from an authenticator app (TOTP, django-otp).

Required only when `STAFF_REQUIRE_2FA` is on (env DJANGO_REQUIRE_2FA); when off, nothing here
changes what staff see. When on:

- the admin login asks for the code of anyone who has set up an authenticator app
  (`screening.staff_login_pages.StaffLoginForm`), and a right code marks the session verified;
- someone who has not set one up yet logs in with their password and is then sent to the set-up
  page (QR code and the secret in text, confirmed with a code) before any staff page;
- a session that is logged in but not verified (for example from before 2FA was turned on) is
  logged out and asked to log in again with the code.

Managers see who has set up an app in the admin (the TOTP devices, without their secrets).
"""

from base64 import b32encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .middleware import STAFF_PATH_PREFIXES

AUTHENTICATOR_NAME = "Authenticator app"


def two_factor_required() -> bool:
    return settings.STAFF_REQUIRE_2FA


def is_verified(user: Any) -> bool:
    """Whether this session's user entered a right code (django-otp's OTPMiddleware tells)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def has_authenticator(user: Any) -> bool:
    """Whether this staff member has finished setting up an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_being_set_up(user: Any) -> TOTPDevice:
    """The not-yet-confirmed app this staff member is setting up (its secret is made once, so
    reloading the set-up page keeps the QR code they may already have scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


def confirm_authenticator(device: TOTPDevice, code: str) -> bool:
    """Finish setting up `device` if `code` is the one its app shows now."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True


def device_for_code(user: Any, code: str) -> TOTPDevice | None:
    """The staff member's authenticator app that shows `code` now, or None. django-otp refuses a
    code used once already and slows down repeated wrong codes."""
    if not code:
        return None
    with transaction.atomic():
        for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


def qr_code_svg(device: TOTPDevice) -> str:
    """The QR code an authenticator app scans, as inline SVG drawn here (no image service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="unicode")


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


class StaffTwoFactorMiddleware:
    """When 2FA is required, keeps a logged-in but unverified staff member off every staff page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            two_factor_required()
            and request.user.is_authenticated
            and request.path_info.startswith(STAFF_PATH_PREFIXES)
            and not is_verified(request.user)
            and request.path not in {reverse("staff_two_factor_setup"), reverse("admin:logout")}
        ):
            query = urlencode({"next": request.get_full_path()})
            if has_authenticator(request.user):
                logout(request)
                messages.info(
                    request,
                    "Please log in again with the 6-digit code from your authenticator app.",
                )
                return redirect(f"{reverse('admin:login')}?{query}")
            return redirect(f"{reverse('staff_two_factor_setup')}?{query}")
        return self.get_response(request)
