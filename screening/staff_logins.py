"""Staff logins on the record: every login, failed login and lockout is one log line.

Lines go to the `milestone_check.staff_logins` logger with the username and the client's address
(found as django-axes finds it, so a configured proxy header applies here too), and never the
password: Django's auth signals hand receivers the credentials with the password already blanked
out, and only the username is read from them. A username that looks like an email address is
hidden, since no email address may reach a log. The lockout itself is django-axes' work (settings
`AXES_*`); this module adds the page a locked-out staff member sees.
"""

import logging
from typing import Any

from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.client_address import client_address as address_of

logger = logging.getLogger("milestone_check.staff_logins")

USERNAME_LOG_LENGTH = 150  # Django's own limit on a username


def username_for_log(username: object) -> str:
    """The username as it may appear in a log line: printable, bounded, never an email address.

    Whatever was typed in the username box reaches a failed-login line, so it is made safe to
    print (no line breaks that could fake another log line) and cut to a username's length.
    """
    if not username:
        return "(none)"
    text = "".join(char if char.isprintable() else "?" for char in str(username))
    if "@" in text:
        return "(an email address)"
    return text[:USERNAME_LOG_LENGTH]


def client_address(request: HttpRequest | None) -> str:
    if request is None:
        return "(unknown)"
    return address_of(request)


@receiver(user_logged_in, dispatch_uid="staff_logins.logged_in")
def log_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    logger.info(
        "Staff login: user %s from %s",
        username_for_log(user.get_username()),
        client_address(request),
    )


@receiver(user_logged_in, dispatch_uid="staff_logins.forget_own_failures")
def forget_own_failures(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A staff member who logs in clears their own earlier typos (so scattered typos never add up
    to a lock), and nobody else's: failures for other usernames from the same computer stay."""
    axes_reset(username=user.get_username())


@receiver(user_login_failed, dispatch_uid="staff_logins.login_failed")
def log_login_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    logger.warning(
        "Failed staff login: user %s from %s",
        username_for_log(credentials.get("username")),
        client_address(request),
    )


@receiver(user_locked_out, dispatch_uid="staff_logins.locked_out")
def log_lockout(
    sender: Any,
    request: HttpRequest | None,
    username: str | None,
    ip_address: str | None,
    **kwargs: Any,
) -> None:
    logger.warning(
        "Staff login locked out after %s failures: user %s from %s",
        settings.AXES_FAILURE_LIMIT,
        username_for_log(username),
        ip_address or client_address(request),
    )


@receiver(user_logged_out, dispatch_uid="staff_logins.logged_out")
def log_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        logger.info(
            "Staff logout: user %s from %s",
            username_for_log(user.get_username()),
            client_address(request),
        )


def locked_out_page(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """What a locked-out staff member sees instead of the login page (django-axes calls this)."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "staff/locked_out.html",
        {
            **admin.site.each_context(request),
            "title": "Account locked for now",
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
        },
        status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429),  # set by django-axes
    )
