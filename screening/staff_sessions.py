"""How long a staff member stays logged in: an idle limit and an absolute limit.

Django's own session length (two weeks, sliding) suits no clinic computer. Every logged-in user is
staff (parents have no accounts), so the rule applies to every authenticated session: after
`STAFF_SESSION_IDLE_MINUTES` without a request, or `STAFF_SESSION_MAX_HOURS` after logging in,
the next request logs the person out and sends them to the login page with a message.

Why a small middleware rather than a package: django-session-security times out in the browser with
JavaScript (and warns with a pop-up), which the admin's pages would have to load; the small
server-side packages (django-session-timeout, django-auto-logout) have had no release for years and
do only one of the two limits. Two timestamps in the session do both, on the server.
"""

import logging
import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .middleware import STAFF_PATH_PREFIXES
from .staff_logins import username_for_log

logger = logging.getLogger("milestone_check.staff_logins")

LOGGED_IN_AT = "staff_session_logged_in_at"
LAST_ACTIVITY_AT = "staff_session_last_activity_at"
# Noting the time on every request would write the session on every staff page; once a minute is
# enough (a session then ends between the idle limit and one minute more).
ACTIVITY_NOTED_EVERY_SECONDS = 60


def idle_seconds() -> int:
    return settings.STAFF_SESSION_IDLE_MINUTES * 60


def max_seconds() -> int:
    return settings.STAFF_SESSION_MAX_HOURS * 60 * 60


IDLE = "idle"
TOO_LONG = "too long"


def session_ended(logged_in_at: float, last_activity_at: float, now: float) -> str | None:
    """Whether a staff session has ended at `now`: IDLE, TOO_LONG, or None (still going)."""
    if now - logged_in_at >= max_seconds():
        return TOO_LONG
    if now - last_activity_at >= idle_seconds():
        return IDLE
    return None


def logged_out_message(reason: str) -> str:
    """What the login page tells someone whose session just ended."""
    if reason == TOO_LONG:
        hours = settings.STAFF_SESSION_MAX_HOURS
        return (
            f"You were logged out because staff sessions end {hours} hour"
            f"{'' if hours == 1 else 's'} after logging in. Please log in again."
        )
    minutes = settings.STAFF_SESSION_IDLE_MINUTES
    return (
        f"You were logged out after {minutes} minute{'' if minutes == 1 else 's'} without "
        "activity. Please log in again."
    )


@receiver(user_logged_in, dispatch_uid="staff_sessions.start_the_clock")
def start_the_clock(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[LOGGED_IN_AT] = now
    request.session[LAST_ACTIVITY_AT] = now
    # The cookie itself dies with the absolute limit too, not after Django's two weeks.
    request.session.set_expiry(max_seconds())


class StaffSessionLimitsMiddleware:
    """Logs a staff member out once their session is idle or old; notes each request's time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            # A session from before these limits existed starts its clock now.
            logged_in_at = session.setdefault(LOGGED_IN_AT, now)
            reason = session_ended(logged_in_at, session.get(LAST_ACTIVITY_AT, now), now)
            if reason is not None:
                logger.info(
                    "Staff session ended (%s): user %s",
                    reason,
                    username_for_log(request.user.get_username()),
                )
                logout(request)
                # On a parent's page (a shared clinic tablet, say) the page just shows, unexplained.
                if request.path_info.startswith(STAFF_PATH_PREFIXES):
                    messages.info(request, logged_out_message(reason))
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('admin:login')}?{query}")
            elif now - session.get(LAST_ACTIVITY_AT, 0) >= ACTIVITY_NOTED_EVERY_SECONDS:
                session[LAST_ACTIVITY_AT] = now
        return self.get_response(request)
