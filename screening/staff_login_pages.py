"""The staff login form (with the two-factor code when 2FA is on) and the set-up page for an
authenticator app. The rules they apply live in `screening.two_factor`."""

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django_otp import login as mark_session_verified

from .staff_logins import username_for_log
from .two_factor import (
    authenticator_being_set_up,
    confirm_authenticator,
    device_for_code,
    has_authenticator,
    is_verified,
    qr_code_svg,
    secret_for_typing,
    two_factor_required,
)

logger = logging.getLogger("milestone_check.staff_logins")

# After a wrong code django-otp refuses every code for a few seconds (longer after each one), so
# the message asks for the next code rather than for another try at once.
WRONG_LOGIN = (
    "The username, password or 6-digit code is not right (a code works once: wait for the "
    "next one your authenticator app shows). All three are case-sensitive where it matters."
)
WRONG_CODE = (
    "That code is not right, or has already been used. Wait for the next code your "
    "authenticator app shows and enter it."
)


def code_field(**kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label="6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
        **kwargs,
    )


class StaffLoginForm(AdminAuthenticationForm):
    """The admin login form; when 2FA is on it also takes the code from the authenticator app."""

    code = code_field(
        required=False,
        help_text="Not set up an app yet? Leave this empty: you will set one up next.",
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any):
        super().__init__(request, *args, **kwargs)
        if two_factor_required():
            self.error_messages = {**self.error_messages, "invalid_login": WRONG_LOGIN}
        else:
            del self.fields["code"]

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()  # checks the password (and the lockout)
        user = self.get_user()
        if two_factor_required() and user is not None and has_authenticator(user):
            device = device_for_code(user, cleaned_data.get("code", ""))
            if device is None:
                # A wrong code counts towards the lockout like a wrong password, and is logged.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": user.get_username()},
                    request=self.request,
                )
                # The same words as a wrong password, so a right password is never confirmed.
                raise forms.ValidationError(WRONG_LOGIN, code="invalid_login")
            # django-otp marks the session verified when Django logs this user in.
            user.otp_device = device  # type: ignore[attr-defined]
        return cleaned_data


class ConfirmCodeForm(forms.Form):
    code = code_field()


def safe_next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("admin:index")


@never_cache
@staff_member_required
def set_up_two_factor(request: HttpRequest) -> HttpResponse:
    """Scan the QR code (or type the secret) into an authenticator app, then enter its code."""
    if not two_factor_required():
        raise Http404("Two-factor login is not turned on.")
    next_url = safe_next(request)
    if is_verified(request.user) or has_authenticator(request.user):
        return redirect(next_url)
    device = authenticator_being_set_up(request.user)
    form = ConfirmCodeForm(request.POST or None)
    if form.is_valid():
        if confirm_authenticator(device, form.cleaned_data["code"]):
            device.refresh_from_db()
            mark_session_verified(request, device)
            logger.info(
                "Staff two-factor set up: user %s", username_for_log(request.user.get_username())
            )
            messages.success(
                request,
                "Your authenticator app is set up. From now on, log in with your password and "
                "the 6-digit code it shows.",
            )
            return redirect(next_url)
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "staff/two_factor_setup.html",
        {
            **site.each_context(request),
            "title": "Set up two-factor login",
            "form": form,
            "next": next_url,
            "qr_code": mark_safe(qr_code_svg(device)),  # drawn here from the device's own URL
            "secret": secret_for_typing(device),
        },
    )
